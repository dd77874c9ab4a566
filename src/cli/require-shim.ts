// The bundled CommonJS libraries (commander, luaparse, yaml) call require() for Node's built-ins, which an ES module
// does not have: one require for the whole process, made here, the entry's first import, before any chunk that needs
// it is loaded. (A banner in every chunk would make one per chunk, on every run.)
import { createRequire } from "node:module";

const scope = globalThis as typeof globalThis & { require?: NodeJS.Require };
scope.require ??= createRequire(import.meta.url);
