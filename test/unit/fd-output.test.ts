import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FdOutput } from "../../src/cli/fd-output.js";

const noStream = (): never => {
  throw new Error("the stream was made");
};
const noIsatty = (): never => {
  throw new Error("isatty was asked");
};

/** The write end of a real socket pair to a child that reads nothing: libuv leaves it non-blocking. */
function socketTo(command: string, args: string[]): { child: ChildProcess; fd: number } {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"] });
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  return { child, fd };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe("output written straight to a descriptor", () => {
  it("writes the whole text to a file, and knows a file is no terminal without asking isatty or making the stream", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-fd-"));
    const file = path.join(dir, "out");
    const fd = openSync(file, "w");
    try {
      const out = new FdOutput(fd, { stream: noStream, onClosed: noStream, isatty: noIsatty });
      expect(out.isTTY).toBe(false);
      expect(out.columns).toBeUndefined();
      expect(out.write("größe ✓\n")).toBe(true);
      expect(out.write("x".repeat(300_000))).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, "utf8")).toBe(`größe ✓\n${"x".repeat(300_000)}`);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("knows Linux's memory devices (/dev/null, /dev/zero) are no terminals without asking isatty or making the stream", () => {
    for (const device of ["/dev/null", "/dev/zero"]) {
      const fd = openSync(device, "w");
      try {
        const out = new FdOutput(fd, { stream: noStream, onClosed: noStream, isatty: noIsatty });
        expect(out.isTTY).toBe(false);
        expect(out.columns).toBeUndefined();
        expect(out.write("dropped\n")).toBe(true);
        expect(new FdOutput(fd, { stream: noStream, onClosed: noStream }).isTTY).toBe(false);
      } finally {
        closeSync(fd);
      }
    }
  });

  it("asks isatty (or else the stream), once, of any other character device: a pseudo-terminal's master is a terminal", () => {
    // Opening /dev/ptmx makes a new pseudo-terminal pair; its master end is a character device that isatty(3) accepts.
    const fd = openSync("/dev/ptmx", "r+");
    try {
      const asked: number[] = [];
      const out = new FdOutput(fd, { stream: noStream, onClosed: noStream, isatty: (n) => (asked.push(n), true) });
      expect(out.isTTY).toBe(true);
      expect(out.isTTY).toBe(true);
      expect(asked).toEqual([fd]);
      // Without isatty, the stream Node would use answers: made here because the device may be a terminal.
      let made = 0;
      const stream = (): NodeJS.WriteStream => (made++, { isTTY: true } as NodeJS.WriteStream);
      expect(new FdOutput(fd, { stream, onClosed: noStream }).isTTY).toBe(true);
      expect(made).toBe(1);
    } finally {
      closeSync(fd);
    }
  });

  it("a reader that went away (EPIPE) is told once, and later writes are dropped", async () => {
    // The child closes its end and stays: the socket is then open here with no reader.
    const { child, fd } = socketTo("sh", ["-c", "exec 0<&-; echo closed; exec sleep 30"]);
    children.push(child);
    await new Promise((resolve) => child.stdout?.once("data", resolve));
    let closed = 0;
    const out = new FdOutput(fd, { stream: noStream, onClosed: () => closed++ });
    expect(out.write("lost\n")).toBe(false);
    expect(out.write("lost too\n")).toBe(false);
    expect(closed).toBe(1);
  });

  it("a full non-blocking descriptor (EAGAIN) hands the rest to the stream, in order, without losing a byte", () => {
    const { child, fd } = socketTo("sleep", ["30"]);
    children.push(child);
    const taken: Buffer[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (taken.push(chunk), done()) });
    let made = 0;
    const out = new FdOutput(fd, { stream: () => (made++, stream as unknown as NodeJS.WriteStream), onClosed: noStream });
    const text = "0123456789".repeat(400_000);
    out.write(text);
    out.write("after\n");
    expect(made).toBe(1);
    const handed = Buffer.concat(taken).toString("utf8");
    // What the socket took is the start of the text; the stream got the rest and then the next write.
    expect(handed.endsWith("after\n")).toBe(true);
    const rest = handed.slice(0, -"after\n".length);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.length).toBeLessThan(text.length);
    expect(text.endsWith(rest)).toBe(true);
  });
});
