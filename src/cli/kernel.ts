// A build hint, no code: the modules most commands share, imported by every command so that esbuild, which groups
// shared code by the set of commands that import it, puts them in one chunk. A run then loads a few files instead of
// one per small module (Node's module loader costs about a millisecond a file).
import "../app/session.js";
import "../app/module-copies.js";
import "../app/catalogue-store.js";
import "../app/rocks-context.js";
import "../app/model/actual-state.js";
import "../app/model/targets.js";
import "../app/community-sync.js";
import "../sources/rocks/tree-manifest.js";
import "../cli/table.js";
