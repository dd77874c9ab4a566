import type { InstallReason, ModuleName, Stage } from "../../core/types.js";
import { readCatalogue } from "../catalogue-store.js";
import type { Session } from "../session.js";
import { openWorkspace } from "./workspace.js";

export interface InstalledRow {
  name: ModuleName;
  /** `unmanaged`: a module directory, or a rock, that prosody-manager did not install. */
  source: "community" | "rocks" | "unmanaged";
  revision: string;
  stage: Stage | undefined;
  status: "ok" | "modified" | "missing" | "unmanaged";
  pinned: boolean;
  reason: InstallReason | undefined;
  path: string;
}

/** Everything installed in both places, from the one actual-state reader (no LuaRocks or hg process). */
export async function listInstalled(session: Session): Promise<{ rows: InstalledRow[]; communityDir: string; tree: string }> {
  const catalogue = await readCatalogue(session.settings.cacheDir).catch(() => undefined);
  const workspace = await openWorkspace(session, catalogue);
  const stages = new Map((catalogue?.community?.modules ?? []).map((module) => [module.name as string, module.stage]));
  const rows: InstalledRow[] = [];
  for (const module of workspace.actual.community.values()) {
    const managed = module.status !== "unmanaged";
    rows.push({
      name: module.name,
      source: managed ? "community" : "unmanaged",
      revision: module.revision?.slice(0, 12) ?? "",
      stage: stages.get(module.name),
      status: module.status,
      pinned: module.pinned,
      reason: managed ? module.reason : undefined,
      path: module.path,
    });
  }
  for (const rock of workspace.actual.rocks.values()) {
    rows.push({
      name: rock.name,
      source: "rocks",
      revision: rock.version,
      stage: stages.get(rock.name),
      status: rock.status,
      pinned: rock.pinned,
      reason: rock.managed ? rock.reason : undefined,
      path: workspace.targets.rocks.tree,
    });
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  return { rows, communityDir: workspace.targets.communityDir, tree: workspace.targets.rocks.tree };
}
