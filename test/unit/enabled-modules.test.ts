// "Where is this module enabled" has one answer, shared by enable/disable, removal, the running server and doctor:
// the scopes whose modules_enabled, as Prosody uses it, names the module.
import { describe, expect, it } from "vitest";
import { enabledModules, enabledScopes } from "../../src/app/enablement.js";
import type { ModuleName } from "../../src/core/types.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";

const config = (text: string) => ({ files: [parseConfigText(text, "/enabled.cfg.lua")] });

describe("enabledModules", () => {
  it("reads the last modules_enabled of each scope, global first, hosts and components in config order", () => {
    const parsed = config(
      [
        'modules_enabled = { "ping" } -- overridden by the next line',
        'modules_enabled = { "disco", "pastebin" }',
        'VirtualHost "a.example"',
        '\tmodules_enabled = { "pastebin", "pastebin" }',
        'Component "muc.example" "muc"',
        '\tmodules_enabled = { "muc_mam" }',
        'VirtualHost "b.example"',
      ].join("\n"),
    );
    const enabled = enabledModules(parsed);
    expect([...enabled.keys()].sort()).toEqual(["disco", "muc_mam", "pastebin"]);
    expect(enabled.get("pastebin")).toEqual([{ kind: "global" }, { kind: "VirtualHost", name: "a.example" }]);
    expect(enabled.get("muc_mam")).toEqual([{ kind: "Component", name: "muc.example" }]);
    expect(enabled.has("ping")).toBe(false);
  });

  it("enabledScopes is the same answer for one module, by either spelling of its name", () => {
    const parsed = config('VirtualHost "a.example"\n\tmodules_enabled = { "carbons" }\n');
    expect(enabledScopes(parsed, "mod_carbons" as ModuleName)).toEqual([{ kind: "VirtualHost", name: "a.example" }]);
    expect(enabledScopes(parsed, "mod_pastebin" as ModuleName)).toEqual([]);
  });

  it("a host whose name the config computes is no scope anyone can name", () => {
    const parsed = config('VirtualHost(os.getenv("HOST"))\n\tmodules_enabled = { "carbons" }\n');
    expect(enabledModules(parsed).get("carbons")).toBeUndefined();
  });
});
