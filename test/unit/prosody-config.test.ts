import { existsSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { checkConfig } from "../../src/prosody/config/apply.js";
import { unifiedDiff } from "../../src/prosody/config/diff.js";
import { type ConfigEdit, ensureGlobalOption, ensureInList, removeFromList } from "../../src/prosody/config/edit.js";
import { loadProsodyConfig } from "../../src/prosody/config/load.js";
import { findOption, listValues, stringValue } from "../../src/prosody/config/model.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";

const DEBIAN = "/etc/prosody/prosody.cfg.lua";
const debian = existsSync(DEBIAN) ? readFileSync(DEBIAN, "utf8") : "";

const MULTI = `-- several hosts
admins = { "admin@a.example" }
modules_enabled = {
\t"roster"; -- the roster
\t-- "commented"; stays a comment
\t"ping";
}

VirtualHost "a.example"
\tmodules_enabled = { "muc_mam", "bookmarks" }

VirtualHost "b.example"
\tauthentication = "internal_hashed"

Component "rooms.a.example" "muc"
\tmodules_enabled = {
\t\t"muc_mam";
\t\t"vcard_muc"; -- avatars
\t}
`;

/** The edit inserted (or removed) exactly this text at one place: every other byte is identical. */
function expectSplice(edit: ConfigEdit, change: { inserted?: string; removed?: string }): void {
  expect(edit.changed).toBe(true);
  if (change.inserted !== undefined) {
    const at = edit.after.indexOf(change.inserted);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(edit.after.slice(0, at) + edit.after.slice(at + change.inserted.length)).toBe(edit.before);
  }
  if (change.removed !== undefined) {
    const at = edit.before.indexOf(change.removed);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(edit.before.slice(0, at) + edit.before.slice(at + change.removed.length)).toBe(edit.after);
  }
}

function reparseAndRepeat(edit: ConfigEdit, again: (file: ReturnType<typeof parseConfigText>) => ConfigEdit): void {
  expect(again(parseConfigText(edit.after, edit.file)).changed).toBe(false);
}

describe("reading", () => {
  it.runIf(debian)("reads Debian's default config", () => {
    const file = parseConfigText(debian, DEBIAN);
    const config = { files: [file] };
    expect(listValues(findOption(config, "plugin_paths")?.assignment.value)).toEqual(["/usr/local/lib/prosody/modules"]);
    expect(listValues(findOption(config, "modules_enabled")?.assignment.value)).toContain("disco");
    expect(file.scopes.map((scope) => `${scope.kind} ${scope.name}`)).toEqual(["VirtualHost localhost"]);
    expect(file.includes).toEqual(["conf.d/*.cfg.lua"]);
  });

  it("reads options per VirtualHost and Component", () => {
    const config = { files: [parseConfigText(MULTI, "multi.cfg.lua")] };
    expect(listValues(findOption(config, "modules_enabled", { kind: "VirtualHost", name: "a.example" })?.assignment.value)).toEqual(["muc_mam", "bookmarks"]);
    expect(listValues(findOption(config, "modules_enabled", { kind: "Component", name: "rooms.a.example" })?.assignment.value)).toEqual(["muc_mam", "vcard_muc"]);
    expect(stringValue(findOption(config, "authentication", { kind: "VirtualHost", name: "b.example" })?.assignment.value)).toBe("internal_hashed");
    expect(config.files[0]?.scopes.find((scope) => scope.kind === "Component")?.plugin).toBe("muc");
  });

  it("follows Include with a glob, relative to the including file", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-cfg-"));
    await fs.mkdir(path.join(dir, "conf.d"));
    await fs.writeFile(path.join(dir, "main.cfg.lua"), 'plugin_server = "x"\nInclude "conf.d/*.cfg.lua"\nInclude "missing.cfg.lua"\n');
    await fs.writeFile(path.join(dir, "conf.d", "b.cfg.lua"), 'VirtualHost "b"\n');
    await fs.writeFile(path.join(dir, "conf.d", "a.cfg.lua"), 'VirtualHost "a"\n  modules_enabled = { "x" }\n');
    const config = await loadProsodyConfig(path.join(dir, "main.cfg.lua"));
    expect(config.files.map((file) => path.basename(file.file))).toEqual(["main.cfg.lua", "a.cfg.lua", "b.cfg.lua"]);
    await fs.rm(dir, { recursive: true });
  });

  it("a malformed config is a UserError with file and line", () => {
    try {
      parseConfigText('modules_enabled = { "ping"\nVirtualHost "x"\n', "bad.cfg.lua");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(/^bad\.cfg\.lua:2: the Prosody config has a syntax error/);
    }
  });
});

describe("editing by splice", () => {
  it.runIf(debian)("adds global options to Debian's config before the VirtualHost, idempotently", () => {
    const file = parseConfigText(debian, DEBIAN);
    const edit = ensureGlobalOption(file, "plugin_server", "https://modules.prosody.im/rocks/");
    expectSplice(edit, { inserted: '\nplugin_server = "https://modules.prosody.im/rocks/"' });
    expect(edit.after.indexOf("plugin_server")).toBeLessThan(edit.after.indexOf('VirtualHost "localhost"'));
    reparseAndRepeat(edit, (again) => ensureGlobalOption(again, "plugin_server", "https://modules.prosody.im/rocks/"));
  });

  it.runIf(debian)("adds to Debian's multi-line modules_enabled on a line of its own, keeping comments", () => {
    const edit = ensureInList(parseConfigText(debian, DEBIAN), "modules_enabled", "pastebin", { kind: "global" });
    expectSplice(edit, { inserted: '\n\t\t"pastebin";' });
    expect(edit.after).toContain('"posix"; -- POSIX functionality');
    reparseAndRepeat(edit, (again) => ensureInList(again, "modules_enabled", "pastebin", { kind: "global" }));
  });

  it("replaces only a value", () => {
    const edit = ensureGlobalOption(parseConfigText('plugin_server = "old" -- keep me\n', "x"), "plugin_server", "new");
    expect(edit.after).toBe('plugin_server = "new" -- keep me\n');
  });

  it("creates modules_enabled inside a VirtualHost that has none, with the section's indentation", () => {
    const edit = ensureInList(parseConfigText(MULTI, "m"), "modules_enabled", "pastebin", { kind: "VirtualHost", name: "b.example" });
    expectSplice(edit, { inserted: '\n\tmodules_enabled = { "pastebin" }' });
    const reparsed = { files: [parseConfigText(edit.after, "m")] };
    expect(listValues(findOption(reparsed, "modules_enabled", { kind: "VirtualHost", name: "b.example" })?.assignment.value)).toEqual(["pastebin"]);
  });

  it("appends to a one-line list in the list's own separator style", () => {
    const edit = ensureInList(parseConfigText(MULTI, "m"), "modules_enabled", "pastebin", { kind: "VirtualHost", name: "a.example" });
    expectSplice(edit, { inserted: ', "pastebin"' });
  });

  it("removes an entry's whole line from a Component list, and only that", () => {
    const edit = removeFromList(parseConfigText(MULTI, "m"), "modules_enabled", "vcard_muc", { kind: "Component", name: "rooms.a.example" });
    expectSplice(edit, { removed: '\t\t"vcard_muc"; -- avatars\n' });
    const other = removeFromList(parseConfigText(MULTI, "m"), "modules_enabled", "muc_mam", { kind: "VirtualHost", name: "a.example" });
    expect(other.after).toContain('\tmodules_enabled = { "bookmarks" }');
    expect(removeFromList(parseConfigText(other.after, "m"), "modules_enabled", "muc_mam", { kind: "VirtualHost", name: "a.example" }).changed).toBe(false);
  });

  it("an empty file gets the option and nothing else", () => {
    expect(ensureGlobalOption(parseConfigText("", "e"), "plugin_server", "s").after).toBe('plugin_server = "s"\n');
    expect(ensureInList(parseConfigText("", "e"), "plugin_paths", "/m", { kind: "global" }).after).toBe('plugin_paths = { "/m" }\n');
  });

  it("refuses a scope that does not exist", () => {
    expect(() => ensureInList(parseConfigText(MULTI, "m"), "modules_enabled", "x", { kind: "VirtualHost", name: "nope" })).toThrow(/no VirtualHost "nope"/);
  });

  it("diffs for --dry-run", () => {
    const edit = ensureInList(parseConfigText(MULTI, "m"), "modules_enabled", "pastebin", { kind: "VirtualHost", name: "b.example" });
    const diff = unifiedDiff(edit.before, edit.after, "m");
    expect(diff).toMatch(/^--- m\n\+\+\+ m \(new\)\n@@ /);
    expect(diff.split("\n").filter((line) => line.startsWith("+") && !line.startsWith("+++"))).toEqual(['+\tmodules_enabled = { "pastebin" }']);
  });
});

describe("edited configs pass the real prosodyctl check config", () => {
  it.runIf(debian)("Debian's config with every edit checks as well as the original", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-check-"));
    await fs.chmod(dir, 0o755);
    // Prosody refuses an Include glob whose directory is missing, so the copy gets its conf.d like /etc/prosody.
    await fs.mkdir(path.join(dir, "conf.d"), { mode: 0o755 });
    const original = path.join(dir, "original.cfg.lua");
    const edited = path.join(dir, "edited.cfg.lua");
    await fs.writeFile(original, debian, { mode: 0o644 });
    let file = parseConfigText(debian, edited);
    for (const apply of [
      (f: typeof file) => ensureGlobalOption(f, "plugin_server", "https://modules.prosody.im/rocks/"),
      (f: typeof file) => ensureGlobalOption(f, "installer_plugin_path", "/var/lib/prosody/custom_plugins"),
      (f: typeof file) => ensureInList(f, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "localhost" }),
      (f: typeof file) => removeFromList(f, "modules_enabled", "posix", { kind: "global" }),
    ]) {
      file = parseConfigText(apply(file).after, edited);
    }
    await fs.writeFile(edited, file.text, { mode: 0o644 });
    const before = await checkConfig(original, process.env);
    const after = await checkConfig(edited, process.env);
    expect(before?.code).not.toBe(1);
    expect(after?.code).toBe(before?.code);
    await fs.rm(dir, { recursive: true });
  }, 60_000);
});
