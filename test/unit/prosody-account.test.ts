import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveProsodyAccount } from "../../src/app/prosody-account.js";
import { loadConfigValues } from "../../src/app/prosody-facts.js";
import { DigestMemo } from "../../src/system/digest-memo.js";
import { systemAccount } from "../../src/system/accounts.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

const scratch = scratchDirs("pm-prosody-account-");

// The account a run as root hands the rocks tree to and runs LuaRocks as: prosodyctl's prosody_user, prosody_group
// and run_as_root, looked up in this machine's own /etc/passwd and /etc/group (nobody and nogroup are in every Debian).
describe("Prosody's account", () => {
  it("is the named user, with the named group instead of its own, from the system's files", async () => {
    const nobody = await systemAccount("nobody");
    expect(nobody).toMatchObject({ name: "nobody", uid: 65534, home: "/nonexistent" });
    expect((await systemAccount("nobody", "nogroup"))?.gid).toBe(65534);
    expect((await systemAccount("root", "nogroup"))?.gid).toBe(65534);
    expect(await systemAccount("no-such-user-here")).toBeUndefined();
    expect(await systemAccount("nobody", "no-such-group-here")).toBeUndefined();
    // A name is matched whole: "root" is not "roo".
    expect(await systemAccount("roo")).toBeUndefined();
  });

  it("comes from the config's global prosody_user, prosody_group and run_as_root, else prosody's", async () => {
    expect(await resolveProsodyAccount(undefined)).toMatchObject({ user: "prosody", runAsRoot: false });
    expect(await resolveProsodyAccount({ pluginServer: undefined, installerPluginPath: undefined, pluginPaths: [], prosodyUser: "nobody", prosodyGroup: "nogroup", runAsRoot: true })).toMatchObject({
      user: "nobody",
      account: { uid: 65534, gid: 65534 },
      runAsRoot: true,
    });
  });

  it("is read from the config's global options, the same through the digest memo", async () => {
    const dir = scratch();
    const config = path.join(dir, "prosody.cfg.lua");
    await fs.writeFile(config, 'prosody_user = "xmpp"\nprosody_group = "xmpp-group"\nrun_as_root = true\nVirtualHost "localhost"\nprosody_user = "not-global"\n');
    const plain = await loadConfigValues(config, true);
    expect(plain).toMatchObject({ prosodyUser: "xmpp", prosodyGroup: "xmpp-group", runAsRoot: true });
    const memo = DigestMemo.open(path.join(dir, "digests.json"));
    expect(await loadConfigValues(config, true, process.env, memo)).toEqual(plain);
    await fs.writeFile(config, 'run_as_root = false\nVirtualHost "localhost"\n');
    expect(await loadConfigValues(config, true)).toMatchObject({ prosodyUser: undefined, runAsRoot: undefined });
  });
});
