import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { applyConfigEdit, applyConfigEdits } from "../../src/prosody/config/apply.js";
import { type CheckOutcome, checkConfig, checkProblems, checkVerdict } from "../../src/prosody/config/check.js";
import { type ConfigEdit, ensureGlobalOption, ensureInList, removeFromList, type ScopeRef } from "../../src/prosody/config/edit.js";
import { loadProsodyConfig } from "../../src/prosody/config/load.js";
import type { ParsedConfigFile } from "../../src/prosody/config/model.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";
import { sandboxCopy } from "../fixtures/configs/fixtures.js";
import { haveTools } from "../helpers/requirements.js";

// What `prosodyctl check config` (0.12) needs to pass on a sandbox copy: nothing of data_path, pidfile or ports. It
// needs the prosody user to read the main file when run as root (prosodyctl switches to that user unless the config
// says `run_as_root = true`), so the copy's directory is 0755 and its files 0644; every Include target to exist (a
// glob's directory too: conf.d must be there); at least one enabled VirtualHost; some global options and a global
// modules_enabled; and mod_tls enabled unless c2s/s2s_require_encryption is set. A missing certs/ directory is only
// a "certmanager error" log line on stdout, not a failing check.

const prosodyctl = haveTools("prosodyctl");
const GLOBAL: ScopeRef = { kind: "global" };

type Step = (file: ParsedConfigFile) => ConfigEdit;

/** Applies steps to one file of a sandbox copy, each on the previous result, and writes the result there. */
async function editFile(file: string, steps: readonly Step[]): Promise<string> {
  const original = await fs.readFile(file, "utf8");
  let current = parseConfigText(original, file);
  for (const step of steps) {
    const edit = step(current);
    expect(edit.changed).toBe(true);
    expect(step(parseConfigText(edit.after, file)).changed).toBe(false);
    current = parseConfigText(edit.after, file);
  }
  await fs.writeFile(file, current.text);
  return current.text;
}

describe.runIf(prosodyctl)("edited configs pass the real prosodyctl check config", () => {
  const cases: { name: string; dir: string; main: string; edits: { file: string; steps: Step[] }[] }[] = [
    {
      name: "Debian's default config",
      dir: "debian",
      main: "prosody.cfg.lua",
      edits: [
        {
          file: "prosody.cfg.lua",
          steps: [
            (f) => ensureGlobalOption(f, "plugin_server", "https://modules.prosody.im/rocks/"),
            (f) => ensureGlobalOption(f, "installer_plugin_path", "/var/lib/prosody/custom_plugins"),
            (f) => ensureInList(f, "plugin_paths", "/var/lib/prosody-manager/modules", GLOBAL),
            (f) => ensureInList(f, "modules_enabled", "mam", GLOBAL),
            (f) => ensureInList(f, "modules_disabled", "offline", GLOBAL),
            (f) => ensureInList(f, "admins", "admin@localhost", GLOBAL),
            (f) => ensureInList(f, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "localhost" }),
            (f) => removeFromList(f, "modules_enabled", "posix", GLOBAL),
          ],
        },
        // conf.d/localhost.cfg.lua is a symlink into conf.avail, as on Debian.
        { file: "conf.d/localhost.cfg.lua", steps: [(f) => ensureInList(f, "modules_enabled", "bookmarks", { kind: "VirtualHost", name: "localhost" })] },
      ],
    },
    {
      name: "a config with Include",
      dir: "include",
      main: "prosody.cfg.lua",
      edits: [
        { file: "prosody.cfg.lua", steps: [(f) => ensureGlobalOption(f, "plugin_server", "https://modules.prosody.im/rocks/"), (f) => removeFromList(f, "modules_enabled", "ping", GLOBAL)] },
        {
          file: "conf.d/a.example.cfg.lua",
          steps: [
            (f) => ensureInList(f, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "a.example" }),
            (f) => removeFromList(f, "modules_disabled", "ping", { kind: "VirtualHost", name: "a.example" }),
            (f) => ensureInList(f, "modules_enabled", "muc_moderation", { kind: "Component", name: "rooms.a.example" }),
          ],
        },
        { file: "conf.d/b.example.cfg.lua", steps: [(f) => ensureInList(f, "modules_disabled", "offline", { kind: "VirtualHost", name: "b.example" })] },
      ],
    },
    {
      name: "several hosts and components",
      dir: "multi",
      main: "prosody.cfg.lua",
      edits: [
        {
          file: "prosody.cfg.lua",
          steps: [
            (f) => ensureGlobalOption(f, "plugin_server", "https://modules.prosody.im/rocks/"),
            (f) => ensureInList(f, "modules_enabled", "pastebin", GLOBAL),
            (f) => ensureInList(f, "modules_disabled", "offline", GLOBAL),
            (f) => ensureInList(f, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "b.example" }),
            (f) => ensureInList(f, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "c.example" }),
            (f) => ensureInList(f, "modules_enabled", "muc_moderation", { kind: "Component", name: "rooms.a.example" }),
            (f) => ensureInList(f, "modules_enabled", "ping", { kind: "Component", name: "gw.a.example" }),
            (f) => removeFromList(f, "modules_enabled", "vcard_muc", { kind: "Component", name: "rooms.a.example" }),
            (f) => removeFromList(f, "modules_enabled", "mam", { kind: "VirtualHost", name: "a.example" }),
          ],
        },
      ],
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: check passes before and after every edit`, async () => {
      const { dir, cleanup } = await sandboxCopy(testCase.dir);
      try {
        const main = path.join(dir, testCase.main);
        expect((await checkConfig(main))?.code).toBe(0);
        for (const { file, steps } of testCase.edits) await editFile(path.join(dir, file), steps);
        const after = await checkConfig(main);
        expect(after?.problems).toEqual([]);
        expect(after?.code).toBe(0);
        // What was written is what the reader sees.
        expect((await loadProsodyConfig(main)).missingIncludes).toEqual([]);
      } finally {
        await cleanup();
      }
    }, 60_000);
  }

  it("single-file fixtures: the compact one and the table form", async () => {
    const { dir, cleanup } = await sandboxCopy(".");
    try {
      await editFile(path.join(dir, "compact.cfg.lua"), [
        (f) => ensureGlobalOption(f, "plugin_server", "s"),
        (f) => ensureInList(f, "modules_enabled", "x", { kind: "VirtualHost", name: "other.example" }),
        (f) => removeFromList(f, "modules_enabled", "ping", GLOBAL),
      ]);
      await editFile(path.join(dir, "table-form.cfg.lua"), [(f) => ensureInList(f, "modules_enabled", "bookmarks", { kind: "VirtualHost", name: "t.example" }), (f) => ensureGlobalOption(f, "plugin_server", "s")]);
      for (const file of ["compact.cfg.lua", "table-form.cfg.lua"]) expect((await checkConfig(path.join(dir, file)))?.code).toBe(0);
    } finally {
      await cleanup();
    }
  }, 60_000);
});

describe.runIf(prosodyctl)("applying an edit: backup, atomic write, check, restore", () => {
  it("writes a backup with the original bytes, keeps mode and owner, and reports the check", async () => {
    const { dir, cleanup } = await sandboxCopy("debian");
    try {
      const main = path.join(dir, "prosody.cfg.lua");
      await fs.chmod(main, 0o644);
      if (process.getuid?.() === 0) await fs.chown(main, 0, 65534);
      const original = await fs.readFile(main);
      const edit = ensureGlobalOption(parseConfigText(original.toString("utf8"), main), "plugin_server", "https://modules.prosody.im/rocks/");
      const applied = await applyConfigEdit(main, edit.after, { check: true });
      expect(applied.backups).toEqual([`${main}.bak`]);
      expect(await fs.readFile(`${main}.bak`)).toEqual(original);
      expect(await fs.readFile(main, "utf8")).toBe(edit.after);
      expect(applied.check?.code).toBe(0);
      const stat = await fs.stat(main);
      expect(stat.mode & 0o7777).toBe(0o644);
      if (process.getuid?.() === 0) expect(stat.gid).toBe(65534);
      expect((await fs.readdir(dir)).filter((name) => name.startsWith("."))).toEqual([]);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it("edits the file a conf.d symlink points at, leaving the link a link", async () => {
    const { dir, cleanup } = await sandboxCopy("debian");
    try {
      const link = path.join(dir, "conf.d/localhost.cfg.lua");
      const config = await loadProsodyConfig(path.join(dir, "prosody.cfg.lua"));
      const file = config.files.find((candidate) => candidate.file === link);
      if (!file) throw new Error("conf.d file not read");
      const edit = ensureInList(file, "modules_enabled", "bookmarks", { kind: "VirtualHost", name: "localhost" });
      const applied = await applyConfigEdits(path.join(dir, "prosody.cfg.lua"), [edit]);
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
      expect(await fs.readFile(path.join(dir, "conf.avail/localhost.cfg.lua"), "utf8")).toBe(edit.after);
      expect(applied.backups).toEqual([path.join(dir, "conf.avail/localhost.cfg.lua.bak")]);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it("puts the original bytes back and says why when the edit makes the check fail", async () => {
    const { dir, cleanup } = await sandboxCopy("debian");
    try {
      const main = path.join(dir, "prosody.cfg.lua");
      const original = await fs.readFile(main);
      const withoutTls = removeFromList(parseConfigText(original.toString("utf8"), main), "modules_enabled", "tls", GLOBAL).after;
      const error = await applyConfigEdit(main, withoutTls, { check: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe("prosodyctl check config failed after the edit, so the config was put back: You require encryption but mod_tls is not enabled. Connections will fail.");
      expect((error as UserError).hint).toBe(`exit 2 after editing ${main}; every file has its original bytes again`);
      expect(await fs.readFile(main)).toEqual(original);

      // A config prosodyctl cannot even read (exit 1) is refused the same way.
      const missingInclude = `${original.toString("utf8")}\nInclude "missing.cfg.lua"\n`;
      await expect(applyConfigEdit(main, missingInclude, { check: true })).rejects.toThrow(/put back: .*Error loading included .*missing\.cfg\.lua/);
      expect(await fs.readFile(main)).toEqual(original);

      // Without the check the same text is written: that is the caller's choice.
      await applyConfigEdit(main, withoutTls, { check: false });
      expect(await fs.readFile(main, "utf8")).toBe(withoutTls);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it("accepts an edit of a config that already had the same warnings", async () => {
    const { dir, cleanup } = await sandboxCopy(".");
    try {
      const empty = path.join(dir, "empty.cfg.lua");
      const baseline = await checkConfig(empty);
      expect(baseline?.code).toBe(2);
      const edit = ensureGlobalOption(parseConfigText("", empty), "plugin_server", "s");
      const applied = await applyConfigEdit(empty, edit.after, { check: true });
      expect(applied.check?.code).toBe(2);
      expect(await fs.readFile(empty, "utf8")).toBe('plugin_server = "s"\n');
    } finally {
      await cleanup();
    }
  }, 60_000);
});

describe("refusals before anything is written", () => {
  it("a malformed config is a UserError and the file is untouched", async () => {
    const { dir, cleanup } = await sandboxCopy(".");
    try {
      const file = path.join(dir, "malformed.cfg.lua");
      const before = await fs.readFile(file);
      await expect(loadProsodyConfig(file)).rejects.toThrow(/malformed\.cfg\.lua:6: the Prosody config has a syntax error/);
      expect(await fs.readFile(file)).toEqual(before);
      expect(await fs.readdir(dir)).not.toContain("malformed.cfg.lua.bak");
    } finally {
      await cleanup();
    }
  });

  it("a file that changed since it was read", async () => {
    const { dir, cleanup } = await sandboxCopy(".");
    try {
      const file = path.join(dir, "compact.cfg.lua");
      const edit = ensureGlobalOption(parseConfigText(await fs.readFile(file, "utf8"), file), "plugin_server", "s");
      await fs.appendFile(file, "-- someone else\n");
      await expect(applyConfigEdits(file, [edit], process.env, { check: false })).rejects.toThrow(/changed since it was read/);
      expect(await fs.readFile(file, "utf8")).toContain("-- someone else");
      expect(await fs.readdir(dir)).not.toContain("compact.cfg.lua.bak");
    } finally {
      await cleanup();
    }
  });
});

describe("reading check config's output", () => {
  const passed = "certmanager         error\tError indexing certificate directory /x/certs: cannot open /x/certs: No such file or directory\nChecking config...\n    The following configuration files have been loaded:\n      -  /x/prosody.cfg.lua\nDone.\n\nAll checks passed, congratulations!\n";
  const problems = "Checking config...\n    The following configuration files have been loaded:\n      -  /x/p.cfg.lua\n    No global modules_enabled is set?\n\n\n    You require encryption but mod_tls is not enabled.\n    Connections will fail.\nDone.\n\nProblems found, see above.\n";
  const outcome = (code: number, output: string): CheckOutcome => ({ code, output, problems: checkProblems(output) });

  it("keeps the complaints and drops boilerplate and log lines", () => {
    expect(checkProblems(passed)).toEqual([]);
    expect(checkProblems(problems)).toEqual(["No global modules_enabled is set?", "You require encryption but mod_tls is not enabled.", "Connections will fail."]);
  });

  it("an edit may stay when the check passes, or fails exactly as before", () => {
    expect(checkVerdict(outcome(2, problems), outcome(0, passed))).toEqual({ ok: true, newProblems: [] });
    expect(checkVerdict(outcome(2, problems), outcome(2, problems))).toEqual({ ok: true, newProblems: [] });
    expect(checkVerdict(outcome(0, passed), outcome(2, problems)).ok).toBe(false);
    expect(checkVerdict(undefined, outcome(2, problems)).ok).toBe(false);
    const worse = `${problems.replace("Done.", "    Both mod_pep_simple and mod_pep are enabled but they conflict\nDone.")}`;
    expect(checkVerdict(outcome(2, problems), outcome(2, worse))).toEqual({ ok: false, newProblems: ["Both mod_pep_simple and mod_pep are enabled but they conflict"] });
  });
});

describe("check verdicts as sets of problems", () => {
  const outcome = (code: number, lines: string[]): CheckOutcome => {
    const output = `Checking config...\n${lines.map((line) => `    ${line}\n`).join("")}Done.\n\nProblems found, see above.\n`;
    return { code, output, problems: checkProblems(output) };
  };
  const moving = ["No global modules_enabled is set?", "Consider moving these modules into modules_enabled in the global section:"];
  const obsolete = "These options are obsolete and should be removed: legacy_ssl_ports, component_ports, vcard_compatibility";

  it("takes prosodyctl's shuffled sets as the same problems", () => {
    const before = outcome(2, [...moving, '"roster", "disco", "ping", "saslauth"', obsolete]);
    const shuffled = outcome(2, [obsolete.replace("legacy_ssl_ports, component_ports, vcard_compatibility", "vcard_compatibility, legacy_ssl_ports, component_ports"), ...moving, '"ping", "saslauth", "roster", "disco"']);
    expect(checkVerdict(before, shuffled)).toEqual({ ok: true, newProblems: [] });
    // The edit enabled a module on a host: the suggestion grew, the problem is the same one.
    expect(checkVerdict(before, outcome(2, [...moving, '"roster", "disco", "ping", "saslauth", "pastebin"', obsolete])).ok).toBe(true);
  });

  it("takes problems in any order, and a duplicate option moved down by an edit as the same one", () => {
    const before = outcome(2, ["/etc/prosody/prosody.cfg.lua:40: Duplicate option 'admins'", "You require encryption but mod_tls is not enabled."]);
    const after = outcome(2, ["You require encryption but mod_tls is not enabled.", "/etc/prosody/prosody.cfg.lua:41: Duplicate option 'admins'"]);
    expect(checkVerdict(before, after)).toEqual({ ok: true, newProblems: [] });
  });

  it("still rolls back on a problem that was not there, and on a duplicate of another option", () => {
    const before = outcome(2, [...moving, '"roster", "disco"']);
    expect(checkVerdict(before, outcome(2, [...moving, '"disco", "roster"', "Both mod_pep_simple and mod_pep are enabled but they conflict"]))).toEqual({
      ok: false,
      newProblems: ["Both mod_pep_simple and mod_pep are enabled but they conflict"],
    });
    expect(checkVerdict(outcome(2, ["/x.cfg.lua:4: Duplicate option 'admins'"]), outcome(2, ["/x.cfg.lua:4: Duplicate option 'modules_enabled'"])).ok).toBe(false);
  });
});

describe.runIf(prosodyctl)("the real prosodyctl's shuffled output does not roll an edit back", () => {
  // No global modules_enabled and two hosts with the same long list: prosodyctl suggests moving them to the global
  // section, printing the set in hash order, which changes from run to run.
  const config = [
    'admins = { }\nc2s_require_encryption = false\ns2s_require_encryption = false\nrun_as_root = true\n',
    ...["a.example", "b.example"].map((host) => `VirtualHost "${host}"\n\tmodules_enabled = { "roster", "disco", "ping", "saslauth", "time", "version", "uptime", "private", "vcard", "register" }\n`),
  ].join("");

  it("applies one setup edit after another, each checked against the verdict before it", async () => {
    const { dir, cleanup } = await sandboxCopy("corpus/lab2sc");
    try {
      const file = path.join(dir, "shuffled.cfg.lua");
      await fs.writeFile(file, config, { mode: 0o644 });
      const before = await checkConfig(file);
      expect(before?.problems).toContain("Consider moving these modules into modules_enabled in the global section:");
      for (const server of ["https://a.example/rocks/", "https://b.example/rocks/", "https://c.example/rocks/"]) {
        const edit = ensureGlobalOption(parseConfigText(await fs.readFile(file, "utf8"), file), "plugin_server", server);
        const applied = await applyConfigEdits(file, [edit]);
        expect(applied.check?.code).toBe(before?.code);
        expect(await fs.readFile(file, "utf8")).toContain(`plugin_server = "${server}"`);
      }
    } finally {
      await cleanup();
    }
  }, 120_000);
});
