// The phases of a run, for PROSODY_MANAGER_TRACE_PERFORMANCE (started and printed by src/cli/phase-trace.ts): each
// phase is marked with when it ended, in ms since the process started. The launcher and the bundle are two scripts,
// each with its own copy of this module: they share the list through a global. Nothing is kept unless a trace was
// started; a clock read is all a mark costs then.

export const PHASE_TRACE_ENV = "PROSODY_MANAGER_TRACE_PERFORMANCE";

export type Phase = [label: string, atMs: number];

const KEY = Symbol.for("prosody-manager.phase-trace");
const holder = globalThis as { [KEY]?: Phase[] };

/** The run's list of phases, made now; undefined when a trace was started already (by the launcher). */
export function beginPhases(): Phase[] | undefined {
  if (holder[KEY]) return undefined;
  const phases: Phase[] = [];
  holder[KEY] = phases;
  return phases;
}

/** Marks the end of a phase of this run; nothing when no trace was started (the usual run). */
export function phase(label: string): void {
  holder[KEY]?.push([label, process.uptime() * 1000]);
}

export function formatPhaseTrace(phases: readonly Phase[]): string {
  let previous = 0;
  let out = "";
  for (const [label, at] of phases) {
    out += `prosody-manager: performance: ${at.toFixed(2)} ms +${(at - previous).toFixed(2)} ms ${label}\n`;
    previous = at;
  }
  return out;
}
