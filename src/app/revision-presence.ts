import { failure } from "../core/errors.js";
import { short } from "../core/model/plan.js";
import { suggestNames } from "../core/search.js";
import type { ModuleName } from "../core/types.js";
import { modulesPresentAt } from "../sources/community/mirror-hg.js";

/**
 * A module asked for at a revision where its directory does not exist is refused while planning, dry run or not: found
 * only at export time, it failed after the plan had been shown as fine (and after directories were made).
 */
export async function requirePresentAt(repo: string, wanted: readonly { name: ModuleName; node: string }[], known: Iterable<string>): Promise<void> {
  const byNode = new Map<string, ModuleName[]>();
  for (const item of wanted) byNode.set(item.node, [...(byNode.get(item.node) ?? []), item.name]);
  const knownNames = [...known];
  for (const [node, names] of byNode) {
    const present = await modulesPresentAt(repo, node, names);
    const absent = names.find((name) => !present.has(name));
    if (absent === undefined) continue;
    const suggestions = suggestNames(knownNames, absent).filter((name) => name !== absent);
    const hint = knownNames.includes(absent)
      ? `see 'prosody-manager module log ${absent}' for the revisions that have it`
      : suggestions.length > 0
        ? `did you mean ${suggestions.join(", ")}?`
        : "try 'prosody-manager module search <words>'";
    throw failure(`${absent} does not exist at revision ${short(node)}`, hint);
  }
}
