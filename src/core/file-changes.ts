// How two sets of files differ, by path and digest: what `module verify` names for a community module (against the
// revision it came from) and for a rock (against the md5 sums LuaRocks recorded in its rock_manifest).

export interface FileChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

/** `recorded` and `now` map a path to a digest of its content (any algorithm, the same on both sides). */
export function compareFiles(recorded: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): FileChanges {
  const sorted = (items: string[]): string[] => items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    added: sorted([...now.keys()].filter((file) => !recorded.has(file))),
    removed: sorted([...recorded.keys()].filter((file) => !now.has(file))),
    modified: sorted([...now].filter(([file, digest]) => recorded.has(file) && recorded.get(file) !== digest).map(([file]) => file)),
  };
}
