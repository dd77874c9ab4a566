// The config editor: pure functions from a parsed file to a ConfigEdit (text before and after, and what changed).
export { ensureGlobalOption } from "./edit-option.js";
export { ensureInList, removeFromList } from "./edit-list.js";
export { luaString } from "../../core/lua-string.js";
export type { ScopeRef } from "./placement.js";
export type { ConfigEdit } from "./splice.js";
