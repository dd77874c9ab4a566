import type { CatalogueEntry } from "../core/search.js";

/** Which sources offer a module, in the order search and info print them. */
export function sourcesOf(entry: CatalogueEntry): string[] {
  const out: string[] = [];
  if (entry.rock) out.push("rocks");
  if (entry.community) out.push("community");
  return out;
}
