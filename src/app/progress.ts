import type { Context, OutputStream } from "./context.js";

// One status line at the bottom of a terminal, redrawn in place. Never on a pipe, a file, TERM=dumb or --quiet: there
// it would only be noise in a log. Other stderr writes go through statusAware() so a message never lands mid-line.

const TICK_MS = 250;

export interface ProgressPhase {
  /** A count or hg's own progress, e.g. `files 120/2461`. */
  update(detail: string): void;
  end(): void;
}

export interface Progress {
  readonly enabled: boolean;
  start(label: string): ProgressPhase;
}

interface PhaseState {
  label: string;
  detail: string;
  startedAt: number;
}

class StatusLine {
  private readonly phases = new Set<PhaseState>();
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private last = "";

  constructor(
    private readonly stream: OutputStream & { columns?: number },
    private readonly now: () => number,
  ) {}

  add(phase: PhaseState): void {
    this.phases.add(phase);
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), TICK_MS);
      this.timer.unref();
    }
    this.draw();
  }

  remove(phase: PhaseState): void {
    this.phases.delete(phase);
    if (this.phases.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.clear();
    this.draw();
  }

  /** Writes a whole message above the status line. */
  write(text: string): void {
    this.clear();
    this.stream.write(text);
    this.draw();
  }

  draw(): void {
    if (this.phases.size === 0) return;
    const parts = [...this.phases].map((phase) => {
      const seconds = Math.floor((this.now() - phase.startedAt) / 1000);
      return `${phase.label}${phase.detail ? ` ${phase.detail}` : ""}${seconds > 0 ? ` ${seconds}s` : ""}`;
    });
    // A pty made by script(1) or a CI runner may report 0 columns.
    const width = (this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 80) - 1;
    const line = `… ${parts.join(" · ")}`;
    const text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
    if (this.shown && text === this.last) return;
    this.stream.write(`\r\u001b[K${text}`);
    this.shown = true;
    this.last = text;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\u001b[K");
    this.shown = false;
  }
}

const lines = new WeakMap<object, StatusLine>();

function statusLineFor(stream: OutputStream, now: () => number): StatusLine {
  let line = lines.get(stream);
  if (!line) {
    line = new StatusLine(stream, now);
    lines.set(stream, line);
  }
  return line;
}

export function progressEnabled(stream: OutputStream, env: NodeJS.ProcessEnv, quiet: boolean): boolean {
  return stream.isTTY === true && !quiet && env.TERM !== "dumb";
}

const DISABLED: ProgressPhase = { update() {}, end() {} };

/** Progress on the context's stderr; every call is a no-op where progress must not show. */
export function progressFor(ctx: Pick<Context, "stderr" | "env" | "flags">): Progress {
  const enabled = progressEnabled(ctx.stderr, ctx.env, ctx.flags.quiet);
  return {
    enabled,
    start(label) {
      if (!enabled) return DISABLED;
      const line = statusLineFor(ctx.stderr, Date.now);
      const state: PhaseState = { label, detail: "", startedAt: Date.now() };
      line.add(state);
      let ended = false;
      return {
        update(detail) {
          if (ended || detail === state.detail) return;
          state.detail = detail;
          line.draw();
        },
        end() {
          if (ended) return;
          ended = true;
          line.remove(state);
        },
      };
    },
  };
}

/** A stream whose writes clear the status line first and redraw it after; the stream itself when none is shown. */
export function statusAware(stream: OutputStream): OutputStream {
  return {
    isTTY: stream.isTTY,
    write(text: string) {
      const line = lines.get(stream);
      if (line) line.write(text);
      else stream.write(text);
      return true;
    },
  };
}
