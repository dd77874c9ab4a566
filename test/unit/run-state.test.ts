import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigValues } from "../../src/app/prosody-facts.js";
import { prosodyRunState } from "../../src/prosody/run-state.js";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-run-state-"));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const failing = (code: string) => (): never => {
  throw Object.assign(new Error(code), { code });
};

describe("whether Prosody runs, from its pidfile as prosodyctl reads it", () => {
  it("is unknown without a pidfile in the config", () => {
    expect(prosodyRunState(undefined)).toEqual({ state: "unknown", why: "the config names no pidfile that mod_posix writes" });
  });

  it("is stopped when the pidfile is not there: mod_posix removes it when Prosody stops", () => {
    const pidfile = path.join(dir, "absent.pid");
    expect(prosodyRunState(pidfile)).toEqual({ state: "stopped", why: `${pidfile} is not there` });
  });

  it("runs when the pid is a process's (this one), or another account's (EPERM)", async () => {
    const pidfile = path.join(dir, "live.pid");
    await fs.writeFile(pidfile, `${process.pid}\n`);
    expect(prosodyRunState(pidfile)).toEqual({ state: "running", pid: process.pid, pidfile });
    expect(prosodyRunState(pidfile, failing("EPERM"))).toEqual({ state: "running", pid: process.pid, pidfile });
  });

  it("is stopped when no process has the pid (a Prosody that crashed left its pidfile)", async () => {
    const pidfile = path.join(dir, "stale.pid");
    await fs.writeFile(pidfile, "4194000");
    expect(prosodyRunState(pidfile, failing("ESRCH"))).toEqual({ state: "stopped", why: `no process has the pid 4194000 of ${pidfile}` });
  });

  it("is unknown when the pidfile holds no pid, is not a regular file, or cannot be read", async () => {
    const cases: [name: string, text: string][] = [["empty.pid", ""], ["words.pid", "prosody"], ["zero.pid", "0"], ["huge.pid", "99999999999999999999"]];
    for (const [name, text] of cases) {
      const pidfile = path.join(dir, name);
      await fs.writeFile(pidfile, text);
      expect(prosodyRunState(pidfile), name).toEqual({ state: "unknown", why: `${pidfile} holds no pid`, pidfile });
    }
    // A pid with more after it than a pidfile holds.
    const long = path.join(dir, "long.pid");
    await fs.writeFile(long, `${process.pid}\n${" ".repeat(100)}`);
    expect(prosodyRunState(long)).toEqual({ state: "unknown", why: `${long} holds no pid`, pidfile: long });
    // A directory, a device or a FIFO where the pidfile should be: no read that fails, fills memory or waits.
    for (const odd of [dir, "/dev/zero"]) expect(prosodyRunState(odd), odd).toEqual({ state: "unknown", why: `${odd} is not a regular file`, pidfile: odd });
    const fifo = path.join(dir, "fifo.pid");
    execFileSync("mkfifo", [fifo]);
    expect(prosodyRunState(fifo)).toEqual({ state: "unknown", why: `${fifo} is not a regular file`, pidfile: fifo });
    // One that cannot be opened: unknown, with why.
    expect(prosodyRunState(path.join(long, "below-a-file"))).toEqual({ state: "unknown", why: `cannot read ${path.join(long, "below-a-file")} (ENOTDIR)`, pidfile: path.join(long, "below-a-file") });
  });
});

describe("the pidfile a config names", () => {
  const valuesOf = async (name: string, lines: string[]): Promise<string | undefined> => {
    const config = path.join(dir, name);
    await fs.writeFile(config, `${lines.join("\n")}\n`);
    return (await loadConfigValues(config, true))?.pidfile;
  };

  it("is resolved against the data directory, as mod_posix opens it", async () => {
    expect(await valuesOf("relative.cfg.lua", [`data_path = "${dir}/data"`, 'pidfile = "run/prosody.pid"'])).toBe(path.join(dir, "data", "run", "prosody.pid"));
    expect(await valuesOf("absolute.cfg.lua", ['pidfile = "/run/prosody/../prosody/prosody.pid"'])).toBe("/run/prosody/prosody.pid");
  });

  it("is none when the config names none, or disables mod_posix, which writes it", async () => {
    expect(await valuesOf("none.cfg.lua", ['plugin_paths = { "/srv/modules" }'])).toBeUndefined();
    expect(await valuesOf("no-posix.cfg.lua", ['pidfile = "/run/prosody/prosody.pid"', 'modules_disabled = { "posix" }'])).toBeUndefined();
  });
});
