import path from "node:path";
import type { SearchDir } from "../core/model/copies.js";
import type { Session } from "./session.js";

/**
 * The directories Prosody searches, in its order, as this run resolves them: the installer tree (Prosody 0.12's
 * startup puts it before plugin_paths), each plugin_paths entry, the community directory when the config does not
 * list it yet, then the built-in directory. Read from files only: no prosodyctl run.
 */
export async function moduleSearchPath(session: Session): Promise<SearchDir[]> {
  const [installer, community, config, builtins] = await Promise.all([
    session.settings.installerPath(),
    session.settings.communityDir(),
    session.settings.config().catch(() => undefined),
    session.builtins(),
  ]);
  const dirs: SearchDir[] = [];
  const add = (dir: string, kind: SearchDir["kind"]): void => {
    const resolved = path.resolve(session.ctx.cwd, dir);
    if (!dirs.some((entry) => entry.dir === resolved)) dirs.push({ dir: resolved, kind });
  };
  add(installer.value, "installer");
  for (const dir of config?.pluginPaths ?? []) add(dir, "plugin_paths");
  add(community.value, "plugin_paths");
  if (builtins.dir) add(builtins.dir, "builtin");
  return dirs;
}
