import type { ModuleLocation } from "./module-locations.js";
import type { Session } from "./session.js";

/** The directories Prosody searches, in its order, as this run resolves them. */
export async function moduleSearchPath(session: Session): Promise<{ dir: string; kind: ModuleLocation["kind"] }[]> {
  const [installer, community, config, facts] = await Promise.all([
    session.settings.installerPath(),
    session.settings.communityDir(),
    session.settings.config().catch(() => undefined),
    session.installation(),
  ]);
  const pluginPaths = config?.pluginPaths ?? [];
  const dirs: { dir: string; kind: ModuleLocation["kind"] }[] = [{ dir: installer.value, kind: "installer" }];
  for (const dir of [...pluginPaths, ...(pluginPaths.includes(community.value) ? [] : [community.value])]) dirs.push({ dir, kind: "plugin_paths" });
  if (facts.builtinDir) dirs.push({ dir: facts.builtinDir, kind: "builtin" });
  return dirs;
}
