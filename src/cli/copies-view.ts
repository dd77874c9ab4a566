import { copyRole, type ModuleCopies, type ModuleCopy } from "../core/model/copies.js";
import type { JsonObject } from "./command.js";

// Copies of a module as info, search, list, outdated and enable show them: one wording, one JSON shape.

/** "rock 2-1", "community 1a2b3c4d5e6f", "hand-installed", "built-in". */
export function copyLabel(copy: ModuleCopy): string {
  if (copy.source === "builtin") return "built-in";
  if (copy.source === "rocks") return `rock ${copy.version ?? "?"}`;
  return copy.status === "unmanaged" ? "hand-installed" : `community ${copy.version?.slice(0, 12) ?? "?"}`;
}

/** `rock 2-1 /tree/share/lua/5.4/mod_x.lua (ok, pinned) — loaded`. */
export function copyText(copies: ModuleCopies, copy: ModuleCopy): string {
  const notes = [copy.status === "builtin" ? undefined : copy.status, copy.pinned ? "pinned" : undefined, copy.reason === "dependency" ? "dependency" : undefined].filter(Boolean);
  const role = copyRole(copies, copy);
  return `${copyLabel(copy)} ${copy.file ?? copy.path}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}${role === "loaded" ? " <- Prosody loads this" : role === "shadowed" ? " (shadowed)" : ""}`;
}

/** What Prosody loads, in a few words: "the rock 2-1 (/tree/…/mod_x.lua)", or "nothing" when no copy is there. */
export function loadedText(copies: ModuleCopies): string {
  const loaded = copies.loaded;
  return loaded ? `${copyLabel(loaded)} (${loaded.file ?? loaded.path})` : "nothing (no copy found)";
}

export function copyJson(copies: ModuleCopies, copy: ModuleCopy): JsonObject {
  return {
    source: copy.source,
    dir: copy.dir,
    path: copy.path,
    file: copy.file ?? null,
    version: copy.version ?? null,
    status: copy.status,
    pinned: copy.pinned,
    reason: copy.reason ?? null,
    loaded: copyRole(copies, copy) === "loaded",
  };
}

/** `copies` (search order) and `loads` (the one Prosody loads, or null): the fields every read command adds. */
export function copiesJson(copies: ModuleCopies | undefined): { copies: JsonObject[]; loads: JsonObject | null } {
  if (!copies) return { copies: [], loads: null };
  return { copies: copies.copies.map((copy) => copyJson(copies, copy)), loads: copies.loaded ? copyJson(copies, copies.loaded) : null };
}
