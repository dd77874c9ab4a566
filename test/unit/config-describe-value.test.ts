import { describe, expect, it } from "vitest";
import { describeValue, findOption } from "../../src/prosody/config/model.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";

// doctor once printed `plugin_server = (not a string)` for a string: it read every option as a list.
describe("an option's value as doctor reports it", () => {
  const text = [
    'plugin_server = "https://old.example/rocks/"',
    'installer_plugin_path = "/srv/tree"',
    'plugin_server = "https://modules.prosody.im/rocks/"',
    'plugin_paths = { "/a", "/b" }',
    "http_port = 5280",
    "use_ipv6 = false",
    'data_path = base .. "/data"',
    'VirtualHost "localhost"',
    'plugin_server = "host-level, not global"',
    "",
  ].join("\n");
  const config = { files: [parseConfigText(text, "/etc/prosody/prosody.cfg.lua")] };
  const shown = (name: string): string | undefined => {
    const value = findOption(config, name)?.assignment.value;
    return value ? describeValue(value) : undefined;
  };

  it("a string is itself, from the global assignment Prosody keeps (the last one)", () => {
    expect(shown("plugin_server")).toBe("https://modules.prosody.im/rocks/");
    expect(shown("installer_plugin_path")).toBe("/srv/tree");
  });

  it("lists, numbers, booleans and expressions each read as what they are", () => {
    expect(shown("plugin_paths")).toBe('{ "/a", "/b" }');
    expect(shown("http_port")).toBe("5280");
    expect(shown("use_ipv6")).toBe("false");
    expect(shown("data_path")).toMatch(/^base \.\. "\/data" \(computed/);
  });
});
