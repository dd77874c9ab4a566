import { describe, expect, it } from "vitest";
import { canRead, canTraverse, describeMode } from "../../src/core/access.js";

const prosody = { uid: 102, gid: 105, groups: [110] };
const dir = (mode: number, uid = 0, gid = 0) => ({ uid, gid, mode: 0o40000 | mode, isDirectory: true });
const file = (mode: number, uid = 0, gid = 0) => ({ uid, gid, mode: 0o100000 | mode, isDirectory: false });

describe("what the prosody user may read, from mode bits", () => {
  it("a root-owned 0700 directory or 0600 file is closed to it; 0755 and 0644 are open", () => {
    expect(canRead(dir(0o700), prosody)).toBe(false);
    expect(canRead(file(0o600), prosody)).toBe(false);
    expect(canRead(dir(0o755), prosody)).toBe(true);
    expect(canRead(file(0o644), prosody)).toBe(true);
  });

  it("a directory needs both r and x; passing through one needs only x", () => {
    expect(canRead(dir(0o744), prosody)).toBe(false);
    expect(canRead(dir(0o711), prosody)).toBe(false);
    expect(canTraverse(dir(0o711), prosody)).toBe(true);
    expect(canTraverse(dir(0o750), prosody)).toBe(false);
  });

  it("owner bits apply to the owner even when others may read more (as the kernel decides)", () => {
    expect(canRead(file(0o044, 102, 0), prosody)).toBe(false);
    expect(canRead(file(0o400, 102, 0), prosody)).toBe(true);
  });

  it("group bits apply through the primary group and through a supplementary group", () => {
    expect(canRead(dir(0o750, 0, 105), prosody)).toBe(true);
    expect(canRead(file(0o640, 0, 110), prosody)).toBe(true);
    expect(canRead(file(0o640, 0, 111), prosody)).toBe(false);
  });

  it("root reads everything", () => {
    expect(canRead(file(0o000), { uid: 0, gid: 0, groups: [] })).toBe(true);
  });

  it("modes print as ls -ln does", () => {
    expect(describeMode(dir(0o700))).toBe("drwx------ 0:0");
    expect(describeMode(file(0o640, 102, 105))).toBe("-rw-r----- 102:105");
  });
});
