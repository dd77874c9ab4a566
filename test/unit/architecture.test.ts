import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

// The layers of DESIGN §4: cli → app → (core, prosody, sources, system); core does no I/O; nothing imports upwards.
const ALLOWED: Record<string, readonly string[]> = {
  core: ["core"],
  system: ["system", "core"],
  sources: ["sources", "system", "core"],
  prosody: ["prosody", "system", "core"],
  app: ["app", "core", "prosody", "sources", "system"],
  cli: ["cli", "app", "core"],
  // The installed command loads the bundle; of the CLI it imports only the argument routing and stdout for --version,
  // of system only the owned-file check and the atomic write, of core the phase trace's marks (its size is checked in
  // test/e2e/install-script.test.ts).
  launcher: ["launcher", "cli", "system", "core"],
};
/** Node modules that do I/O: core is pure and never imports them. */
const IO_MODULES = /^node:(fs|fs\/promises|child_process|net|http|https|os|process|dgram|tls|worker_threads|readline)$/;

interface ImportEdge {
  file: string;
  specifier: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (entry.name.endsWith(".ts")) out.push(full);
  }
  return out;
}

async function importsOf(file: string): Promise<ImportEdge[]> {
  const text = await fs.readFile(file, "utf8");
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/gm)) {
    const specifier = match[1] ?? match[2];
    if (specifier) edges.push({ file, specifier });
  }
  return edges;
}

function layerOf(file: string, srcRoot: string): string {
  return path.relative(srcRoot, file).split(path.sep)[0] ?? "";
}

describe("import direction", () => {
  it("every import goes down the layers, core imports no I/O, and no command imports another command", async () => {
    const srcRoot = path.join(repoRoot, "src");
    const files = await sourceFiles(srcRoot);
    expect(files.length).toBeGreaterThan(50);
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file, srcRoot);
      for (const edge of await importsOf(file)) {
        const relativeFile = path.relative(srcRoot, file);
        if (!edge.specifier.startsWith(".")) {
          if (from === "core" && IO_MODULES.test(edge.specifier)) violations.push(`${relativeFile}: core imports ${edge.specifier}`);
          continue;
        }
        const target = path.resolve(path.dirname(file), edge.specifier);
        const to = layerOf(target, srcRoot);
        if (to === "" || to.endsWith(".js")) continue; // src/main-level files such as version.ts
        const allowed = ALLOWED[from];
        if (allowed && !allowed.includes(to)) violations.push(`${relativeFile}: ${from} imports ${to} (${edge.specifier})`);
        const commandsDir = path.join(srcRoot, "cli", "commands");
        if (path.dirname(file) === commandsDir && path.dirname(target) === commandsDir && path.basename(file) !== "index.ts") {
          violations.push(`${relativeFile}: a command imports another command (${edge.specifier})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
