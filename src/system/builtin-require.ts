// Node's own modules, loaded synchronously where they are first needed. node:module, which createRequire comes from,
// costs a run a quarter of a millisecond to load; the bundles, which are CommonJS, have Node's require already, so the
// build puts that in place of this file (scripts/build.mjs). The tests and tools that run src/ as ES modules use this.
import { createRequire } from "node:module";

/** Node's require, for a built-in module only (`node:tty`): a built-in resolves the same from any base path. */
export const requireBuiltin: (id: `node:${string}`) => unknown = createRequire(import.meta.url);
