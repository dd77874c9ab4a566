import type { LoggedChangeset } from "../app/module-history.js";
import type { JsonObject } from "../core/json.js";

export function changesetJson(changeset: LoggedChangeset): JsonObject {
  return {
    name: changeset.short,
    rev: changeset.rev,
    node: changeset.node,
    date: changeset.date,
    author: changeset.author,
    summary: changeset.summary,
    rockVersion: changeset.rockVersion ?? null,
    installed: changeset.installed,
    files: changeset.files.map((file) => ({ name: file.path, changes: file.changes, graph: file.graph })),
    insertions: changeset.insertions,
    deletions: changeset.deletions,
    ...(changeset.diff !== undefined ? { diff: changeset.diff } : {}),
  };
}

/** `2023-02-24 00:53:20 +0000` → `2023-02-24`: the day is what an admin scans for. */
export function day(date: string): string {
  return date.slice(0, 10);
}
