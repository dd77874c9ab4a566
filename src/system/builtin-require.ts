// Node's own modules, loaded synchronously where they are first needed. node:module, which createRequire comes from,
// costs a run a quarter of a millisecond to load; the bundles, which are CommonJS, have Node's require already, so the
// build puts that in place of this file (scripts/build.mjs). The tests and tools that run src/ as ES modules use this.
import { createRequire } from "node:module";

// A built-in resolves the same from any base: the root, which (unlike the working directory) always exists.
const nodeRequire = createRequire("/");

/** Node's require, for a built-in module only (`node:os`). */
export function requireBuiltin(id: `node:${string}`): unknown {
  return nodeRequire(id);
}
