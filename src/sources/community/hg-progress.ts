// hg draws progress only for a terminal; these settings make it draw into our pipe, where we read it.
export const PROGRESS_ARGS = [
  "--config", "progress.assume-tty=true",
  "--config", "progress.delay=0",
  "--config", "progress.refresh=0.2",
  "--config", "progress.format=topic number",
] as const;

/** `\rfiles 120/2461` (or with hg's bar) → `files 120/2461`; undefined for anything else hg writes. */
export function parseHgProgress(segment: string): string | undefined {
  const match = /^\s*([a-z][a-z ]*?)\s*(?:\[[^\]]*\]\s*)?(\d+)\/(\d+)/i.exec(segment);
  return match ? `${match[1]} ${match[2]}/${match[3]}` : undefined;
}

/** Feeds the last progress line of each stderr chunk to `onProgress`. */
export function progressReader(onProgress: (detail: string) => void): (text: string) => void {
  return (text) => {
    const segments = text.split(/[\r\n]/);
    for (let index = segments.length - 1; index >= 0; index--) {
      const detail = parseHgProgress(segments[index] ?? "");
      if (detail) {
        onProgress(detail);
        return;
      }
    }
  };
}

/** hg's output with progress drawings removed: what is left after the last carriage return of each line. */
export function withoutProgress(text: string): string {
  return text
    .split("\n")
    .map((line) => line.slice(line.lastIndexOf("\r") + 1))
    .join("\n");
}
