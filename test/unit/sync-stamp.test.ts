import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastSyncedAt, removeSyncStamp, writeSyncStamp } from "../../src/app/sync-stamp.js";

describe("sync stamp", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-sync-stamp-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const built = "2026-12-01T10:00:00.000Z";
  it("gives the time of the last sync that confirmed this build, else the build's own", async () => {
    expect(lastSyncedAt(dir, built)).toBe(built);
    writeSyncStamp(dir, { builtAt: built, syncedAt: "2026-12-03T09:00:00.000Z" });
    expect(lastSyncedAt(dir, built)).toBe("2026-12-03T09:00:00.000Z");
    // A stamp of another build (the catalogue was rebuilt since) says nothing of this one.
    expect(lastSyncedAt(dir, "2026-12-04T00:00:00.000Z")).toBe("2026-12-04T00:00:00.000Z");
    removeSyncStamp(dir);
    expect(lastSyncedAt(dir, built)).toBe(built);
  });

  it("a damaged stamp, or one older than the build, counts as none", async () => {
    await fs.writeFile(path.join(dir, "catalogue-synced.json"), "{broken");
    expect(lastSyncedAt(dir, built)).toBe(built);
    writeSyncStamp(dir, { builtAt: built, syncedAt: "2026-11-30T00:00:00.000Z" });
    expect(lastSyncedAt(dir, built)).toBe(built);
  });
});
