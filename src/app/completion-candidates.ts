import type { DynamicSource } from "../core/completion-model.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { readCatalogue } from "./catalogue-store.js";
import { readModuleCopies } from "./module-copies.js";
import type { Session } from "./session.js";

/**
 * Words for shell completion, read from files only (the catalogue, the installed copies, the config):
 * a shell waits on this at every Tab. Anything unreadable gives no words rather than an error on the prompt.
 */
export async function completionCandidates(session: Session, source: DynamicSource): Promise<string[]> {
  try {
    switch (source) {
      case "modules": {
        const catalogue = await readCatalogue(session.settings.cacheDir);
        const names = new Set<string>();
        for (const module of catalogue?.community?.modules ?? []) names.add(module.name);
        for (const rock of catalogue?.rocks?.modules ?? []) names.add(rock.name);
        return [...names].sort();
      }
      case "installed":
      case "installed-community":
      case "installed-rocks": {
        // remove and pin act on the community directory, rocks remove on the tree; the rest on any installed copy.
        const view = await readModuleCopies(session, { check: false });
        const wanted = source === "installed" ? undefined : source === "installed-community" ? view.communityDir : view.tree;
        return [...view.modules.values()]
          .filter((module) => module.copies.some((copy) => copy.source !== "builtin" && (!wanted || copy.dir === wanted)))
          .map((module) => module.name);
      }
      case "hosts":
      case "components": {
        const kind = source === "hosts" ? "VirtualHost" : "Component";
        const config = await loadProsodyConfig(session.settings.configPath);
        return config.sections.filter((section) => section.kind === kind).map((section) => section.name);
      }
    }
  } catch {
    return [];
  }
}
