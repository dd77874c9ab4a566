// Every config of the corpus (test/fixtures/configs/corpus/SOURCES.md) gets setup, enable and disable (global, one
// VirtualHost, one Component); after each edit an independent Lua evaluator (test/tools/prosody-eval.lua, run with
// the real lua5.4) says what Prosody would see, and the test asserts that exactly what was asked changed and nothing
// else. An edit the tool refuses must be one the corpus lists as refused, with a message naming the file and line.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigEdit } from "../../src/prosody/config/edit.js";
import { planDisable, planEnable } from "../../src/app/enablement.js";
import { planSetupValues } from "../../src/app/setup.js";
import { loadProsodyConfig } from "../../src/prosody/config/load.js";
import { isUserError } from "../../src/core/errors.js";
import type { ModuleName } from "../../src/core/types.js";
import type { ScopeRef } from "../../src/prosody/config/edit.js";
import { CONFIGS } from "../fixtures/configs/fixtures.js";

const EVALUATOR = path.resolve(CONFIGS, "..", "..", "tools", "prosody-eval.lua");
const haveLua = spawnSync("lua5.4", ["-v"]).status === 0;

interface CorpusEntry {
  /** Directory under test/fixtures/configs/, copied whole; `main` is the config in it. */
  dir: string;
  main: string;
  /** Environment variables the config reads (ENV_X, os.getenv). */
  env?: Record<string, string>;
  /** Operations the tool must refuse, with a piece of the expected message. */
  refused?: Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Evaluated {
  options: Record<string, Record<string, Json>>;
  modules: Record<string, string[]>;
}

const corpus = JSON.parse(readFileSync(path.join(CONFIGS, "corpus", "corpus.json"), "utf8")) as CorpusEntry[];

function evaluate(main: string, env: Record<string, string>, withProsody = false): Evaluated {
  const out = execFileSync("lua5.4", [EVALUATOR, main, ...(withProsody ? ["--prosody"] : [])], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  return JSON.parse(out) as Evaluated;
}

const haveProsody = existsSync("/usr/lib/prosody/core/configmanager.lua");

const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** The options with the named (host, option) pairs left out: what must not change. */
function rest(evaluated: Evaluated, skip: [string, string][]): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const [host, options] of Object.entries(evaluated.options)) {
    out[host] = Object.fromEntries(Object.entries(options).filter(([key]) => !skip.some(([h, k]) => h === host && k === key)));
  }
  return out;
}

const MODULE = "mod_pastebin" as ModuleName;
const SETUP = { pluginServer: "https://rocks.example.org/", installerPluginPath: "/var/lib/prosody/custom_plugins", communityDir: "/srv/prosody-community" };

interface Operation {
  name: string;
  plan: (config: Awaited<ReturnType<typeof loadProsodyConfig>>) => { edits: ConfigEdit[]; descriptions: string[] };
  check: (before: Evaluated, after: Evaluated) => void;
}

function hostsOf(evaluated: Evaluated): { virtual: string | undefined; component: string | undefined } {
  const hosts = Object.keys(evaluated.options).filter((host) => host !== "*").sort();
  return {
    virtual: hosts.find((host) => evaluated.options[host]?.component_module === undefined),
    component: hosts.find((host) => evaluated.options[host]?.component_module !== undefined),
  };
}

function operations(before: Evaluated): Operation[] {
  const ops: Operation[] = [];
  const global = before.options["*"] ?? {};
  ops.push({
    name: "setup",
    plan: (config) => planSetupValues(config, SETUP),
    check: (b, a) => {
      expect(a.options["*"]?.plugin_server).toBe(SETUP.pluginServer);
      expect(a.options["*"]?.installer_plugin_path).toBe(SETUP.installerPluginPath);
      expect(strings(a.options["*"]?.plugin_paths)).toEqual([...strings(b.options["*"]?.plugin_paths).filter((dir) => dir !== SETUP.communityDir), SETUP.communityDir]);
      expect(rest(a, [["*", "plugin_server"], ["*", "installer_plugin_path"], ["*", "plugin_paths"]])).toEqual(rest(b, [["*", "plugin_server"], ["*", "installer_plugin_path"], ["*", "plugin_paths"]]));
    },
  });
  ops.push({
    name: "enable-global",
    plan: (config) => planEnable(config, MODULE, { kind: "global" }),
    check: (b, a) => {
      expect(sorted(strings(a.options["*"]?.modules_enabled))).toEqual(sorted([...strings(b.options["*"]?.modules_enabled), "pastebin"]));
      expect(sorted(strings(a.options["*"]?.modules_disabled))).toEqual(sorted(strings(b.options["*"]?.modules_disabled).filter((name) => name !== "pastebin")));
      expect(rest(a, [["*", "modules_enabled"], ["*", "modules_disabled"]])).toEqual(rest(b, [["*", "modules_enabled"], ["*", "modules_disabled"]]));
    },
  });
  const victim = strings(global.modules_enabled)[0];
  if (victim) {
    ops.push({
      name: "disable-global",
      plan: (config) => planDisable(config, `mod_${victim}` as ModuleName, { kind: "global" }),
      check: (b, a) => {
        expect(strings(a.options["*"]?.modules_enabled)).not.toContain(victim);
        expect(sorted(strings(a.options["*"]?.modules_enabled))).toEqual(sorted(strings(b.options["*"]?.modules_enabled).filter((name) => name !== victim)));
        // modules_disabled changes only to turn off a module Prosody loads by itself.
        const disabledBefore = strings(b.options["*"]?.modules_disabled);
        expect([sorted(disabledBefore), sorted([...disabledBefore, victim])]).toContainEqual(sorted(strings(a.options["*"]?.modules_disabled)));
        expect(rest(a, [["*", "modules_enabled"], ["*", "modules_disabled"]])).toEqual(rest(b, [["*", "modules_enabled"], ["*", "modules_disabled"]]));
      },
    });
  }
  const { virtual, component } = hostsOf(before);
  for (const [host, kind] of [[virtual, "VirtualHost"], [component, "Component"]] as const) {
    if (!host) continue;
    const ref: ScopeRef = { kind, name: host };
    const label = kind === "VirtualHost" ? "host" : "component";
    ops.push({
      name: `enable-${label}`,
      plan: (config) => planEnable(config, MODULE, ref),
      check: (b, a) => {
        expect(a.modules[host]).toContain("pastebin");
        expect(strings(a.options[host]?.modules_enabled)).toContain("pastebin");
        expect(rest(a, [[host, "modules_enabled"], [host, "modules_disabled"]])).toEqual(rest(b, [[host, "modules_enabled"], [host, "modules_disabled"]]));
        for (const other of Object.keys(b.modules)) if (other !== host) expect(a.modules[other]).toEqual(b.modules[other]);
      },
    });
    const own = strings(before.options[host]?.modules_enabled);
    const loaded = before.modules[host] ?? [];
    const inherited = loaded.find((name) => strings(global.modules_enabled).includes(name) && !own.includes(name));
    for (const [which, module] of [["own", own[0]], ["inherited", inherited]] as const) {
      if (!module) continue;
      ops.push({
        name: `disable-${label}-${which}`,
        plan: (config) => planDisable(config, `mod_${module}` as ModuleName, ref),
        check: (b, a) => {
          expect(a.modules[host]).not.toContain(module);
          expect(sorted(a.modules[host] ?? [])).toEqual(sorted((b.modules[host] ?? []).filter((name) => name !== module)));
          expect(strings(a.options[host]?.modules_enabled)).not.toContain(module);
          expect(rest(a, [[host, "modules_enabled"], [host, "modules_disabled"]])).toEqual(rest(b, [[host, "modules_enabled"], [host, "modules_disabled"]]));
          for (const other of Object.keys(b.modules)) if (other !== host) expect(a.modules[other]).toEqual(b.modules[other]);
        },
      });
    }
  }
  return ops;
}

async function copyOf(dir: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-corpus-"));
  await fs.cp(path.join(CONFIGS, dir), root, { recursive: true, verbatimSymlinks: true });
  return { root, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

describe.runIf(haveLua)("edits on the corpus of real configs, judged by an independent evaluator", () => {
  it("has at least 20 real configs, each with its source named", () => {
    const sources = readFileSync(path.join(CONFIGS, "corpus", "SOURCES.md"), "utf8");
    const notFromRepositories = ["multi", "include", "corpus/ejabberd2prosody"];
    expect(corpus.filter((entry) => !notFromRepositories.includes(entry.dir)).length).toBeGreaterThanOrEqual(20);
    for (const entry of corpus) {
      expect(existsSync(path.join(CONFIGS, entry.dir, entry.main)), entry.dir).toBe(true);
      expect(sources, `SOURCES.md names ${entry.dir}`).toContain(`\`${entry.dir}\``);
    }
  });

  // The evaluator is only a judge if it reads configs as Prosody does: Prosody's own configmanager must agree.
  it.runIf(haveProsody)("reads every corpus config as Prosody 0.12's configmanager does", () => {
    for (const entry of corpus) {
      const main = path.join(CONFIGS, entry.dir, entry.main);
      expect(evaluate(main, entry.env ?? {}), `${entry.dir}/${entry.main}`).toEqual(evaluate(main, entry.env ?? {}, true));
    }
  }, 120_000);

  for (const entry of corpus) {
    it(`${entry.dir}/${entry.main}: setup, enable and disable change exactly what was asked`, async () => {
      const env = entry.env ?? {};
      const pristine = await copyOf(entry.dir);
      let before: Evaluated;
      try {
        before = evaluate(path.join(pristine.root, entry.main), env);
      } finally {
        await pristine.cleanup();
      }
      const seen: string[] = [];
      for (const op of operations(before)) {
        const { root, cleanup } = await copyOf(entry.dir);
        try {
          const main = path.join(root, entry.main);
          const expectedRefusal = entry.refused?.[op.name];
          let plan: { edits: ConfigEdit[] };
          try {
            plan = op.plan(await loadProsodyConfig(main));
          } catch (error) {
            if (!isUserError(error) || expectedRefusal === undefined) throw new Error(`${entry.dir} ${op.name}: ${String(error)}`);
            expect(error.message, `${entry.dir} ${op.name}`).toContain(expectedRefusal);
            expect(error.message, "a refusal names the file and line").toMatch(/\.lua:\d+ /);
            seen.push(op.name);
            continue;
          }
          expect(expectedRefusal, `${entry.dir} ${op.name} was expected to be refused`).toBeUndefined();
          for (const edit of plan.edits) if (edit.changed) await fs.writeFile(edit.file, edit.after);
          const after = evaluate(main, env);
          try {
            op.check(before, after);
          } catch (error) {
            throw new Error(`${entry.dir} ${op.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
          seen.push(op.name);
        } finally {
          await cleanup();
        }
      }
      for (const name of Object.keys(entry.refused ?? {})) expect(seen, `${entry.dir}: refused ${name} was never tried`).toContain(name);
      expect(seen.length).toBeGreaterThanOrEqual(2);
    }, 60_000);
  }
});
