// The phases of a run, for PROSODY_MANAGER_TRACE_PERFORMANCE (printed by src/cli/phase-trace.ts): each phase is
// marked with when it ended, in ms since the process started. The launcher and the bundle are two scripts, each with
// its own copy of this module: they share the list through a global, which the launcher begins (so that the bundle's
// load is a phase) and the bundle prints. Nothing is kept unless the environment asks for a trace.

export const PHASE_TRACE_ENV = "PROSODY_MANAGER_TRACE_PERFORMANCE";

export type Phase = [label: string, atMs: number];

const KEY = Symbol.for("prosody-manager.phase-trace");
const holder = globalThis as { [KEY]?: Phase[] };

/**
 * The run's list of phases when the environment asks for a trace (any value but empty, 0 or false, as git reads its
 * trace variables): the one the launcher began, else a new one whose first phase is Node's own start, up to this call.
 */
export function beginPhases(env: NodeJS.ProcessEnv): Phase[] | undefined {
  const wanted = env[PHASE_TRACE_ENV];
  if (!wanted || wanted === "0" || wanted.toLowerCase() === "false") return undefined;
  if (!holder[KEY]) {
    holder[KEY] = [];
    phase("node started");
  }
  return holder[KEY];
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
