// stdout and stderr written with plain synchronous writes to their file descriptors. Touching process.stdout or
// process.stderr makes Node build a stream for each (a socket for a pipe, pulling in net and the whole streams stack):
// 3–4 ms of a read command that writes one table. The stream is still made when it is really needed: a terminal's
// width, or a descriptor that another process left non-blocking and that is full (EAGAIN).
import { fstatSync, writeSync } from "node:fs";
import type { OutputStream } from "../app/context.js";
import { endQuietlyOnClosedPipe } from "./closed-pipe.js";

export interface FdOutputOptions {
  /** The stream Node would use for this descriptor (process.stdout): made only when asked for. */
  stream: () => NodeJS.WriteStream;
  /** The reader went away (EPIPE): stdout ends the run quietly, stderr drops what it cannot say. */
  onClosed: () => void;
  /**
   * Whether the descriptor is a terminal; asked only of a character device that may be one (a file or pipe never is).
   * Without it, the stream answers: it loads tty and net, which only such a device pays for, and a terminal needs the
   * stream for its width anyway.
   */
  isatty?: (fd: number) => boolean;
}

export class FdOutput implements OutputStream {
  #terminal: boolean | undefined;
  #stream: NodeJS.WriteStream | undefined;
  #closed = false;

  constructor(
    readonly fd: number,
    private readonly options: FdOutputOptions,
  ) {}

  get isTTY(): boolean {
    this.#terminal ??= mayBeTerminal(this.fd) && (this.options.isatty ? this.options.isatty(this.fd) : this.stream().isTTY === true);
    return this.#terminal;
  }

  /** A terminal's width, from Node's stream (which asks the terminal); none for anything else. */
  get columns(): number | undefined {
    return this.isTTY ? this.stream().columns : undefined;
  }

  write(text: string): boolean {
    if (this.#closed) return false;
    // Once the stream has taken over, everything goes through it, so that nothing overtakes what it still holds.
    if (this.#stream) return this.#stream.write(text);
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") {
        this.#closed = true;
        this.options.onClosed();
        return false;
      }
      // A non-blocking descriptor that is full: Node's stream waits for it without spinning.
      if (code === "EAGAIN") return this.stream().write(bytes.subarray(offset));
      throw error;
    }
  }

  private stream(): NodeJS.WriteStream {
    this.#stream ??= this.options.stream();
    return this.#stream;
  }
}

/** The process's stdout: a reader that goes away (`| head`) ends the run quietly, with 0. */
export function processStdout(): FdOutput {
  const exit = (code: number): never => process.exit(code);
  return new FdOutput(1, {
    stream: () => {
      endQuietlyOnClosedPipe(process.stdout, exit);
      return process.stdout;
    },
    onClosed: () => exit(0),
  });
}

/** The process's stderr: once closed, it has no one left to tell, so what it cannot say is dropped. */
export function processStderr(): FdOutput {
  return new FdOutput(2, { stream: () => process.stderr, onClosed: () => undefined });
}

/**
 * A character device other than Linux's memory devices (major 1: /dev/null, /dev/zero, /dev/full…), which are never
 * terminals: output sent to /dev/null, as from cron, then does not load node:tty to be told so.
 */
function mayBeTerminal(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isCharacterDevice() && !(process.platform === "linux" && linuxMajor(stats.rdev) === MEMORY_DEVICES);
  } catch {
    return false;
  }
}

const MEMORY_DEVICES = 1;

/** glibc's gnu_dev_major, in arithmetic: the device number has more than 32 bits, past what JavaScript's bit operators take. */
function linuxMajor(rdev: number): number {
  return (Math.floor(rdev / 2 ** 8) % 2 ** 12) + Math.floor(rdev / 2 ** 32) - (Math.floor(rdev / 2 ** 32) % 2 ** 12);
}
