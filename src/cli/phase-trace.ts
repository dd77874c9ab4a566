// PROSODY_MANAGER_TRACE_PERFORMANCE=1: when the run ends, stderr gets the time each phase of it ended (core/phase-trace.ts),
// in ms since the process started and since the phase before, as git's GIT_TRACE_PERFORMANCE does: where a slow
// run's time went, on the machine where it is slow (bench/phases.mjs reads it). Work awaited together (the targets,
// the config, the installed state) is marked where each part ends, so two phases may overlap.
import { writeSync } from "node:fs";
import { beginPhases, formatPhaseTrace, phase } from "../core/phase-trace.js";

/** Prints the run's phases at its end, when the environment asks for a trace (core/phase-trace.ts). */
export function startPhaseTrace(env: NodeJS.ProcessEnv): void {
  const phases = beginPhases(env);
  if (!phases) return;
  process.once("exit", () => {
    phase("exit");
    try {
      writeSync(2, formatPhaseTrace(phases));
    } catch {
      // A closed stderr: the trace is lost, the run's outcome is not changed.
    }
  });
}
