import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import { lastMeaningfulLine, run } from "../../system/exec.js";
import { writeFileAtomic } from "../../system/fs-atomic.js";
import { fetchOne, NotOnServer } from "./fetch-manifest.js";

// A rocks server is a directory of files; these helpers make one as LuaRocks' own `luarocks-admin add` does.

/** What a rock file may be called: checked again here, since the name becomes a URL and a path. */
const ROCK_FILE = /^mod_[a-z0-9_]+-[0-9][0-9A-Za-z.]*-[0-9]+\.(rockspec|src\.rock|all\.rock)$/;

export function isRockFileName(name: string): boolean {
  return ROCK_FILE.test(name);
}

/** Copies one file of a server (URL or local path) into `dir`; false when the server does not have it. */
export async function downloadRockFile(server: string, name: string, dir: string): Promise<boolean> {
  if (!isRockFileName(name)) throw failure(`refusing to fetch '${name.slice(0, 80)}': not a rock file name`);
  let body: Buffer;
  try {
    body = await fetchOne(server, name);
  } catch (error) {
    if (error instanceof NotOnServer) return false;
    throw failure(`could not fetch ${name} from ${server}: ${error instanceof Error ? error.message : String(error)}`);
  }
  await writeFileAtomic(path.join(dir, name), body, 0o644);
  await fs.chmod(path.join(dir, name), 0o644);
  return true;
}

/**
 * `luarocks-admin make_manifest` (manifest, manifest-5.x, index.html), then each manifest-5.x zipped beside itself,
 * which make_manifest leaves to `luarocks-admin add`; LuaRocks clients fetch the zip first.
 */
export async function makeServerManifest(dir: string, luaVersion: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const absolute = path.resolve(dir);
  const made = await run("luarocks-admin", [`--lua-version=${luaVersion}`, "make_manifest", absolute], { env: { ...env, LC_ALL: "C" }, timeoutMs: 10 * 60_000 });
  if (made.code !== 0) throw failure(`luarocks-admin make_manifest failed: ${lastMeaningfulLine(made.stderr || made.stdout)}`);
  const manifests = (await fs.readdir(absolute)).filter((name) => /^manifest-\d+\.\d+$/.test(name)).sort();
  for (const manifest of manifests) {
    const zip = path.join(absolute, `${manifest}.zip`);
    await fs.rm(zip, { force: true });
    // -X: no uid/gid or extra timestamps, so the same manifest zips to nearly the same bytes.
    const zipped = await run("zip", ["-q", "-X", `${manifest}.zip`, manifest], { cwd: absolute, env });
    if (zipped.code !== 0) throw failure(`zip ${manifest} failed: ${lastMeaningfulLine(zipped.stderr || zipped.stdout)}`, "apt-get install zip (LuaRocks needs it too)");
  }
  return ["manifest", ...manifests.flatMap((name) => [name, `${name}.zip`])];
}
