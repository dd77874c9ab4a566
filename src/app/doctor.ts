import { type CheckResult, describeShadowing, fail, ok, warn } from "../core/doctor.js";
import { presentCopies } from "../core/model/copies.js";
import { describe } from "../core/errors.js";
import { compatibilityFor } from "../core/metadata/compatibility.js";
import { tryModuleName } from "../core/names.js";
import type { ModuleName } from "../core/types.js";
import { checkConfig } from "../prosody/config/apply.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { describeValue, findOption, type ProsodyConfig, listValues } from "../prosody/config/model.js";
import { readAbout } from "../prosody/about.js";
import { run } from "../system/exec.js";
import { exists } from "../system/fs-atomic.js";
import { readCatalogue } from "./catalogue-store.js";
import { accessChecks } from "./doctor-access.js";
import { debrisChecks } from "./doctor-debris.js";
import { enabledModules } from "./enablement.js";
import { type CopiesView, readModuleCopies } from "./module-copies.js";
import type { InstallationFacts } from "./installation-facts.js";
import type { ProsodyAccount } from "./prosody-account.js";
import { rocksTarget } from "./rocks-context.js";
import { luarocksRunAs } from "./rocks-tree.js";
import { moduleSearchPath } from "./search-path.js";
import { configuredRunState } from "./running-server.js";
import type { Session } from "./session.js";

/** Every check of the installation, in the order an admin would fix them. Never throws: a failure is a finding. */
export async function runDoctor(session: Session): Promise<CheckResult[]> {
  const env = session.ctx.env;
  const results: CheckResult[] = [];
  results.push(await toolCheck("hg", ["--version"], /version ([\d.]+)/, "apt-get install mercurial", env));
  results.push(await toolCheck("luarocks", ["--version"], /luarocks ([\d.]+)/i, "apt-get install luarocks", env));
  const facts = await session.installation();
  // Asked of prosodyctl itself, not of the files other commands read: doctor is what says whether it works.
  const about = await readAbout(env);
  results.push(about?.version ? ok("prosodyctl", `Prosody ${about.version}, Lua ${about.luaVersion ?? facts.luaVersion}`) : fail("prosodyctl", "prosodyctl not found or not working", "apt-get install prosody"));
  results.push(await luaVersionCheck(facts.luaVersion, env));

  const configPath = session.settings.configPath;
  let config: ProsodyConfig | undefined;
  try {
    config = await loadProsodyConfig(configPath);
    const check = await checkConfig(configPath, env);
    if (!check) results.push(ok("config", `${configPath} parses (prosodyctl not available to check it)`));
    else if (check.code === 0) results.push(ok("config", `${configPath} passes prosodyctl check config`));
    else if (check.code === 2) results.push(warn("config", `${configPath}: prosodyctl check config found problems`, `run 'prosodyctl --config ${configPath} check config'`));
    else results.push(fail("config", `${configPath}: prosodyctl cannot read it`, `run 'prosodyctl --config ${configPath} check config'`));
  } catch (error) {
    // One failed check; the rest runs on flags and defaults, so a broken config does not hide every other finding.
    results.push(fail("config", `${describe(error)} (the checks that need the config were skipped; paths are the flags' or the defaults)`, "pass --config PATH, or fix the file"));
  }
  if (config) results.push(...optionChecks(config, await session.settings.communityDir().then((dir) => dir.value)), await runningCheck(session));
  const searchPath = await moduleSearchPath(session);
  const installer = (await session.settings.installerPath()).value;
  const prosody = await session.prosodyAccount();
  results.push(...(await accessChecks(installer, searchPath.filter((entry) => entry.kind === "plugin_paths").map((entry) => entry.dir), prosody.account, env)));
  results.push(await luarocksAccountCheck(session, prosody));
  // One read of every copy, for the enabled modules and everything installed; a broken state file is a finding too.
  const enabled = config ? enabledWhere(config) : new Map<ModuleName, string[]>();
  const view = await readModuleCopies(session, { names: [...enabled.keys()] }).catch((error: unknown) => {
    results.push(fail("installed", `cannot read what is installed: ${describe(error)}`, "see 'prosody-manager module verify'"));
    return undefined;
  });
  if (view && config) results.push(...moduleChecks(view, enabled));
  if (view) results.push(...(await compatibilityChecks(session, view, facts)));
  results.push(...(await debrisChecks(session)));
  return results;
}

/**
 * Whether the server runs, as prosodyctl status tells it (from the config's pidfile). A config without a pidfile is a
 * warning: prosodyctl can then neither report on Prosody nor start, stop or reload it.
 */
async function runningCheck(session: Session): Promise<CheckResult> {
  const run = await configuredRunState(session);
  if (run.state === "running") return ok("prosody-running", `Prosody runs (pid ${run.pid}, from ${run.pidfile})`);
  if (run.state === "stopped") return warn("prosody-running", `Prosody is not running (${run.why})`, "start it: systemctl start prosody, or prosodyctl start");
  const hint = run.pidfile === undefined ? 'set pidfile in the config, as Debian\'s does: pidfile = "/run/prosody/prosody.pid"' : undefined;
  return warn("prosody-running", `cannot tell whether Prosody runs: ${run.why}`, hint);
}

/** Whom LuaRocks builds rocks as: prosody, as prosodyctl runs it, or root and why. */
async function luarocksAccountCheck(session: Session, prosody: ProsodyAccount): Promise<CheckResult> {
  const runAs = await luarocksRunAs(await rocksTarget(session), prosody);
  if (runAs.warning) return warn("luarocks-account", runAs.warning, `let ${prosody.user} reach the installer tree and read a local rocks server, as Prosody must to load rocks`);
  if (runAs.account) return ok("luarocks-account", `LuaRocks runs as ${prosody.user} (uid ${runAs.account.uid}), as prosodyctl runs it`);
  if (process.getuid?.() !== 0) return ok("luarocks-account", "LuaRocks runs as the user running prosody-manager");
  return ok("luarocks-account", prosody.runAsRoot ? "LuaRocks runs as root: the config sets run_as_root" : "LuaRocks runs as root: there is no prosody user here");
}

async function toolCheck(program: string, args: string[], pattern: RegExp, hint: string, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  try {
    const result = await run(program, args, { env, timeoutMs: 30_000 });
    const version = pattern.exec(`${result.stdout}\n${result.stderr}`)?.[1];
    return result.code === 0 ? ok(program, `${program} ${version ?? "(version unknown)"}`) : fail(program, `${program} exits ${result.code}`, hint);
  } catch {
    return fail(program, `${program} not found on PATH`, hint);
  }
}

/** LuaRocks must build for the Lua Prosody runs on, and needs that Lua's headers even for pure-Lua rocks. */
async function luaVersionCheck(luaVersion: string, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  try {
    const result = await run("luarocks", [`--lua-version=${luaVersion}`, "config", "variables.LUA_INCDIR"], { env, timeoutMs: 30_000 });
    const incdir = result.stdout.trim();
    if (result.code !== 0 || incdir === "") return fail("lua-version", `LuaRocks is not set up for Lua ${luaVersion}`, `apt-get install liblua${luaVersion}-dev`);
    if (!(await exists(`${incdir}/lua.h`))) return fail("lua-version", `no Lua ${luaVersion} headers in ${incdir}`, `apt-get install liblua${luaVersion}-dev`);
    return ok("lua-version", `LuaRocks builds for Lua ${luaVersion}, as Prosody runs (headers in ${incdir})`);
  } catch {
    return fail("lua-version", "cannot ask LuaRocks about Lua versions", "apt-get install luarocks");
  }
}

function optionChecks(config: ProsodyConfig, communityDir: string): CheckResult[] {
  const out: CheckResult[] = [];
  for (const option of ["plugin_server", "installer_plugin_path"]) {
    // The assignment Prosody keeps (the last one it runs, in whichever file), shown as what it is: a string as itself.
    const value = findOption(config, option)?.assignment.value;
    out.push(value ? ok(option, `${option} = ${describeValue(value)}`) : warn(option, `${option} is not set (Prosody's default applies)`, "run 'prosody-manager config setup'"));
  }
  const paths = listValues(findOption(config, "plugin_paths")?.assignment.value);
  out.push(paths.includes(communityDir) ? ok("plugin_paths", `${communityDir} is in plugin_paths`) : fail("plugin_paths", `the community directory ${communityDir} is not in plugin_paths: Prosody will not find community modules`, "run 'prosody-manager config setup'"));
  return out;
}

/** The enabled modules by name, with where (the words doctor prints: `global`, `VirtualHost "x"`). */
function enabledWhere(config: ProsodyConfig): Map<ModuleName, string[]> {
  const out = new Map<ModuleName, string[]>();
  for (const [short, scopes] of enabledModules(config)) {
    const name = tryModuleName(short);
    if (name) out.set(name, scopes.map((scope) => (scope.kind === "global" ? "global" : `${scope.kind} "${scope.name}"`)));
  }
  return out;
}

function moduleChecks(view: CopiesView, enabled: ReadonlyMap<ModuleName, string[]>): CheckResult[] {
  const out: CheckResult[] = [];
  const missing = [...enabled].filter(([name]) => !view.modules.get(name)?.loaded).map(([name, where]) => `${name} (${where.join(", ")})`);
  out.push(missing.length === 0 ? ok("enabled-modules", `all ${enabled.size} enabled modules are found`) : fail("enabled-modules", `enabled but not found anywhere: ${missing.join("; ")}`, "install them, or 'prosody-manager module disable <module>'"));
  // Every installed module, enabled or not: a copy that shadows another matters before it is enabled.
  const shadowed = [...view.modules.values()].map((copies) => ({ name: copies.name, files: presentCopies(copies).flatMap((copy) => (copy.file ? [copy.file] : [])) })).filter((item) => item.files.length > 1);
  out.push(shadowed.length === 0 ? ok("shadowing", "no module is in more than one plugin directory") : warn("shadowing", shadowed.map((item) => describeShadowing(item.name, item.files)).join("; "), "remove the copies you do not want loaded"));
  return out;
}

async function compatibilityChecks(session: Session, view: CopiesView, facts: InstallationFacts): Promise<CheckResult[]> {
  const prosodyVersion = facts.prosodyVersion;
  if (!prosodyVersion) return [];
  const catalogue = await readCatalogue(session.settings.cacheDir).catch(() => undefined);
  // Installed: a copy from either source, or made by hand; Prosody's own modules are not.
  const installed = new Set<string>([...view.modules.values()].filter((copies) => copies.copies.some((copy) => copy.source !== "builtin")).map((copies) => copies.name));
  const isBuiltin = await session.isBuiltin();
  const problems: string[] = [];
  for (const module of catalogue?.community?.modules ?? []) {
    if (!installed.has(module.name)) continue;
    const row = compatibilityFor(module.compatibility, prosodyVersion);
    if (row?.works === false) problems.push(`${module.name}: "${row.status}" on ${row.version}`);
    if (module.stage === "Merged" || isBuiltin(module.name)) problems.push(`${module.name} is merged into Prosody ${prosodyVersion}`);
  }
  if (!catalogue) return [warn("compatibility", "no catalogue to check installed modules against", "run 'prosody-manager module sync'")];
  return [problems.length === 0 ? ok("compatibility", `no installed module is known not to work on Prosody ${prosodyVersion}`) : warn("compatibility", problems.join("; "), "see 'prosody-manager module info <module>'")];
}
