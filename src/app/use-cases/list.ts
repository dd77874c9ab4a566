import { copyRole, type CopyRole } from "../../core/model/copies.js";
import type { CopyStatus } from "../../core/model/actual.js";
import type { InstallReason, ModuleName, Stage } from "../../core/types.js";
import { readCatalogueLookup } from "../catalogue-store.js";
import { readModuleCopies } from "../module-copies.js";
import type { Session } from "../session.js";
import { openActual } from "./workspace.js";

export interface InstalledRow {
  name: ModuleName;
  /** `unmanaged`: a module directory (in any plugin path), or a rock, that prosody-manager did not install. */
  source: "community" | "rocks" | "unmanaged" | "builtin";
  revision: string;
  stage: Stage | undefined;
  status: CopyStatus | "builtin";
  pinned: boolean;
  reason: InstallReason | undefined;
  path: string;
  /** The file Prosody's loader opens for this copy; undefined when there is none. */
  file: string | undefined;
  /** Whether Prosody loads this copy, skips it for an earlier one, or finds nothing to load. */
  role: CopyRole;
}

/**
 * Every copy of every installed module (community directory, other plugin paths, the rocks tree, and the built-in
 * module when another copy shadows it), from the one copies reader: no LuaRocks or hg process.
 */
export async function listInstalled(session: Session): Promise<{ rows: InstalledRow[]; communityDir: string; tree: string }> {
  const catalogue = await readCatalogueLookup(session.settings.cacheDir).catch(() => undefined);
  const workspace = await openActual(session);
  const view = await readModuleCopies(session, { actual: workspace.actual, targets: workspace.targets });
  const rows: InstalledRow[] = [];
  for (const module of view.modules.values()) {
    for (const copy of module.copies) {
      const unmanaged = copy.source === "community" && copy.status === "unmanaged";
      rows.push({
        name: module.name,
        source: unmanaged ? "unmanaged" : copy.source,
        revision: copy.source === "community" ? (copy.version?.slice(0, 12) ?? "") : (copy.version ?? ""),
        stage: catalogue?.entry(module.name)?.community?.stage,
        status: copy.status,
        pinned: copy.pinned,
        reason: copy.reason,
        path: copy.path,
        file: copy.file,
        role: copyRole(module, copy),
      });
    }
  }
  return { rows, communityDir: workspace.targets.communityDir, tree: workspace.targets.rocks.tree };
}
