import { hostKey, type OptionSite, type ParsedConfigFile, type Section } from "./model.js";

/**
 * Global options and sections as Prosody ends up with them: the last assignment it runs wins, and a host opened in
 * several places (the main file and conf.d, say) is one host with the options of all of them.
 */
export function buildView(files: readonly ParsedConfigFile[], assignments: readonly OptionSite[]): { globals: Map<string, OptionSite>; sections: Section[] } {
  const globals = new Map<string, OptionSite>();
  const sections = new Map<string, Section>();
  for (const file of files) {
    for (const scope of file.scopes) {
      if (scope.kind === "global" || !scope.headerRange) continue;
      const key = hostKey(scope.name);
      const section = sections.get(key) ?? { kind: scope.kind, name: scope.name, plugin: undefined, headers: [], options: new Map<string, OptionSite>() };
      section.kind = scope.kind;
      section.plugin = scope.plugin;
      section.headers.push({ file: file.file, range: scope.headerRange });
      sections.set(key, section);
    }
  }
  for (const site of assignments) {
    const scope = site.assignment.scope;
    if (scope.kind === "global") globals.set(site.assignment.name, site);
    else sections.get(hostKey(scope.name))?.options.set(site.assignment.name, site);
  }
  return { globals, sections: [...sections.values()] };
}
