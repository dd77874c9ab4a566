import { contentAtParent, newestNodes, type ParentContent } from "../../core/model/parent-content.js";
import type { Catalogue } from "../../core/types.js";
import { resolveWithLinearTail } from "../../sources/community/linear-tail.js";

/**
 * The catalogue's revisions as full hashes (what install and update plan with) and, from the same reading, which
 * modules the cache's working copy holds at exactly those revisions (what the applier may copy instead of archive).
 */
export async function newestCommunity(repo: string, catalogue: Catalogue): Promise<{ newest: Map<string, { node: string; short: string }>; atParent: ParentContent | undefined }> {
  const modules = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module] as const));
  const resolved = await resolveWithLinearTail(repo, [...modules.values()].flatMap((module) => (module.revision ? [module.revision] : [])));
  const atParent = contentAtParent({
    catalogueRevision: catalogue.community?.revision,
    parent: resolved.parent,
    newest: newestNodes(modules, resolved.nodes),
    linear: resolved.linear,
    changed: resolved.changed,
  });
  return { newest: resolved.nodes, atParent };
}
