/** A changelog's shape: each revision's parents by number (-1 for none); parents always have lower numbers. */
export interface ChangelogShape {
  p1: ArrayLike<number>;
  p2: ArrayLike<number>;
}

/**
 * The revisions from which `head` is reached by a chain of non-merge changesets: `(::head) - ::parents(merge() and
 * ::head)` in hg's revset terms. One pass from `head` down, since a parent's number is always below its child's.
 */
export function linearTail(shape: ChangelogShape, head: number): Set<number> {
  const ancestor = new Uint8Array(head + 1);
  const behindMerge = new Uint8Array(head + 1);
  ancestor[head] = 1;
  const out = new Set<number>();
  for (let rev = head; rev >= 0; rev--) {
    if (!ancestor[rev]) continue;
    const p1 = shape.p1[rev] ?? -1;
    const p2 = shape.p2[rev] ?? -1;
    const isMerge = p1 >= 0 && p2 >= 0;
    for (const parent of [p1, p2]) {
      if (parent < 0) continue;
      ancestor[parent] = 1;
      if (isMerge || behindMerge[rev]) behindMerge[parent] = 1;
    }
    if (!behindMerge[rev]) out.add(rev);
  }
  return out;
}
