/**
 * `prosody-manager module search x | head` closes the pipe early; like other Unix tools, stop quietly instead of
 * printing a stack trace for EPIPE. Other stream errors stay errors.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") exit(0);
    else throw error;
  });
}
