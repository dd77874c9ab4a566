import type { OutputStream } from "../app/context.js";

/** The terminal's input, as much of it as a question needs (process.stdin, or a stream in a test). */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

/** `y` or `yes`, any case, spaces around allowed; anything else, an empty line included, is no. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * Asks a yes/no question and reads one line. The end of input (Ctrl-D, a closed pipe) before a whole line is "no":
 * the default never changes anything. Input is paused again after the answer, so it does not keep the process alive.
 */
export function askYesNo(input: InputStream, output: OutputStream, question: string): Promise<boolean> {
  output.write(`${question} [y/N] `);
  return new Promise((resolve) => {
    let text = "";
    const finish = (answer: boolean): void => {
      input.removeListener("data", onData);
      input.removeListener("end", onEnd);
      input.removeListener("error", onEnd);
      input.pause();
      resolve(answer);
    };
    const onData = (chunk: string | Buffer): void => {
      text += chunk.toString();
      const newline = text.indexOf("\n");
      if (newline >= 0) finish(isYes(text.slice(0, newline)));
    };
    const onEnd = (): void => {
      // The cursor still stands after the question: the next message starts on a line of its own.
      output.write("\n");
      finish(false);
    };
    input.on("data", onData);
    input.on("end", onEnd);
    input.on("error", onEnd);
    input.resume();
  });
}
