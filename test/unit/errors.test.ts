import { promises as fs } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromSystemError, fromToolText, toUserError } from "../../src/core/errors.js";
import { limits } from "../../src/system/limits.js";

describe("system errors by cause", () => {
  it("a real ENOENT from Node names the path and what to check", async () => {
    const error = await fs.readFile("/nonexistent/dir/file").catch((caught: unknown) => caught);
    const made = fromSystemError(error);
    expect(made?.message).toBe("/nonexistent/dir/file: no such file or directory (open)");
    expect(made?.hint).toMatch(/check the path/);
    expect(made?.reason).toEqual({ code: "ENOENT", path: "/nonexistent/dir/file" });
  });

  it.each([
    ["ENOSPC", /no space left.*/, /free some space/],
    ["EACCES", /permission denied/, /run as a user who may write there/],
    ["EROFS", /read-only/, /remount/],
    ["EPERM", /not permitted/, /chattr/],
  ])("%s gets its own words and advice", (code, message, hint) => {
    const made = fromSystemError(Object.assign(new Error("raw"), { code, path: "/x/y", syscall: "write" }));
    expect(made?.message).toMatch(message);
    expect(made?.message).toMatch(/^\/x\/y: /);
    expect(made?.hint).toMatch(hint);
  });

  it("tools' strerror text maps to the same causes; anything else is left alone", () => {
    expect(fromToolText("abort: No space left on device: '/t/x'", "/t")?.reason?.code).toBe("ENOSPC");
    expect(fromToolText("abort: Permission denied: '/t/x'", "/t")?.message).toBe("/t: permission denied");
    expect(fromToolText("abort: unknown revision 'x'", "/t")).toBeUndefined();
    expect(toUserError(new TypeError("bug"))).toBeUndefined();
  });

  it("limits come from the environment and refuse nonsense", () => {
    expect(limits({ PROSODY_MANAGER_NETWORK_TIMEOUT_MS: "1500" }).networkIdleMs).toBe(1500);
    expect(() => limits({ PROSODY_MANAGER_MAX_DOWNLOAD_BYTES: "-1" })).toThrow(/must be a positive whole number/);
  });
});
