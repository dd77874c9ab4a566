// Paths the bench scripts share.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const cli = path.join(root, "dist", "prosody-manager.js");
export const fixture = path.join(root, "fixtures", "build");
