// prosody-manager's search and rocks list beside LuaRocks' own search and list, on the same fixture, in one run.
import path from "node:path";
import { cli, fixture, median, pm, sandbox } from "./lib.mjs";

const box = sandbox();
try {
  pm(box, "module", "sync");
  pm(box, "module", "rocks", "install", "mod_sasl2_fast", "mod_pastebin");
  const tree = path.join(box.dir, "tree");
  const rocks = path.join(fixture, "rocks");
  median("prosody-manager module search muc", process.execPath, [cli, ...box.flags, "module", "search", "muc"]);
  median("luarocks search muc (fixture server)", "luarocks", ["--lua-version=5.4", `--server=${rocks}`, "search", "muc"]);
  median("prosody-manager module rocks list", process.execPath, [cli, ...box.flags, "module", "rocks", "list"]);
  median("luarocks list (same tree)", "luarocks", ["--lua-version=5.4", `--tree=${tree}`, "list"]);
} finally {
  box.cleanup();
}
