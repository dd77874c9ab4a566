// PROSODY_MANAGER_TRACE_PERFORMANCE=1: when the run ends, stderr gets the time each phase of it ended, in ms since
// the process started and since the phase before, as git's GIT_TRACE_PERFORMANCE does: where a slow run's time went,
// on the machine where it is slow (bench/phases.mjs reads it). The launcher and the bundle are two scripts, each with
// its own copy of this module: they share the list through a global. Work awaited together (the targets, the config,
// the installed state) is traced where each part ends, so two phases may overlap.
import { writeSync } from "node:fs";

export const PHASE_TRACE_ENV = "PROSODY_MANAGER_TRACE_PERFORMANCE";

type Phase = [label: string, atMs: number];
const KEY = Symbol.for("prosody-manager.phase-trace");
const holder = globalThis as { [KEY]?: Phase[] };

/** Starts the trace when the environment asks for it; its first phase is Node's own start, up to this call. */
export function startPhaseTrace(env: NodeJS.ProcessEnv): void {
  if (!env[PHASE_TRACE_ENV] || holder[KEY]) return;
  const phases: Phase[] = [];
  holder[KEY] = phases;
  phase("node started");
  process.once("exit", () => {
    phase("exit");
    try {
      writeSync(2, formatPhaseTrace(phases));
    } catch {
      // A closed stderr: the trace is lost, the run's outcome is not changed.
    }
  });
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
