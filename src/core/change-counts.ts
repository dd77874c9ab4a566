/**
 * How many changesets after each installed revision touched the module's directory. `history` runs oldest first and
 * starts at (or before) every installed revision; a revision missing from it (not in the cache) gives no count.
 */
export function countChangesSince(
  history: readonly { short: string; files: readonly string[] }[],
  installed: readonly { name: string; revision: string }[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const module of installed) {
    const start = history.findIndex((changeset) => changeset.short.startsWith(module.revision) || module.revision.startsWith(changeset.short));
    if (start === -1) continue;
    const prefix = `${module.name}/`;
    out.set(module.name, history.slice(start + 1).filter((changeset) => changeset.files.some((file) => file.startsWith(prefix))).length);
  }
  return out;
}
