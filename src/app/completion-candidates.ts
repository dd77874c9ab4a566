import type { DynamicSource } from "../core/completion-model.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { readCatalogue } from "./catalogue-store.js";
import { installedNames } from "./installed-names.js";
import type { Session } from "./session.js";

/**
 * Words for shell completion, read from files only (the catalogue, the state file, the rocks manifest, the config):
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
        const wanted = source === "installed" ? undefined : source === "installed-community" ? "community" : "rocks";
        const installed = await installedNames(session);
        return [...installed].filter(([, sources]) => !wanted || sources.includes(wanted)).map(([name]) => name).sort();
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
