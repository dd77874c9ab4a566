// The server's rocks, fetched and parsed: apart from the tree's own manifest (rocks-context.ts) because the fetch
// brings the zip reader and the manifest parser, which commands reading only the tree never load.
import type { CatalogueProblem, RockModule } from "../core/types.js";
import { fetchManifest } from "../sources/rocks/fetch-manifest.js";
import { readRepositoryManifest } from "../sources/rocks/manifest.js";
import type { RocksTarget } from "./rocks-context.js";

/** The server's rocks now, for checks before an install and for `outdated`; entries outside LuaRocks' grammar are reported and dropped. */
export async function serverRocks(target: RocksTarget, report: (problem: CatalogueProblem) => void = () => undefined): Promise<RockModule[]> {
  const { text, file } = await fetchManifest(target.server, target.luaVersion);
  const parsed = await readRepositoryManifest(text, `${target.server} (${file})`);
  for (const problem of parsed.rejected) report(problem);
  return parsed.modules;
}
