import { readProsodyVersion } from "../prosody/version-file.js";
import { run } from "../system/exec.js";

export interface ToolVersions {
  prosody: { version: string; lua: string | undefined; prosodyctl: string } | undefined;
  luarocks: string | undefined;
  hg: string | undefined;
}

/** The tools prosody-manager drives, as found on PATH; only for --version, so nothing else pays for the runs. */
export async function findToolVersions(env: NodeJS.ProcessEnv): Promise<ToolVersions> {
  const [prosody, luarocks, hg] = await Promise.all([
    readProsodyVersion(env).catch(() => undefined),
    toolVersion("luarocks", ["--version"], /luarocks ([\w.-]+)/i, env),
    toolVersion("hg", ["--version", "--quiet"], /version ([\w.+-]+)/, { ...env, HGPLAIN: "1" }),
  ]);
  return { prosody, luarocks, hg };
}

async function toolVersion(program: string, args: string[], pattern: RegExp, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const result = await run(program, args, { env, timeoutMs: 15_000 });
    if (result.code !== 0) return undefined;
    return pattern.exec(`${result.stdout}\n${result.stderr}`)?.[1] ?? "unknown version";
  } catch {
    return undefined;
  }
}
