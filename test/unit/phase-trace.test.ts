import { describe, expect, it } from "vitest";
import { beginPhases, formatPhaseTrace, phase } from "../../src/core/phase-trace.js";

describe("phase trace", () => {
  it("prints each phase with the time it ended and the time since the one before", () => {
    expect(
      formatPhaseTrace([
        ["node started", 21.504],
        ["bundle loaded", 25],
        ["exit", 31.25],
      ]),
    ).toBe(
      "prosody-manager: performance: 21.50 ms +21.50 ms node started\n" +
        "prosody-manager: performance: 25.00 ms +3.50 ms bundle loaded\n" +
        "prosody-manager: performance: 31.25 ms +6.25 ms exit\n",
    );
  });

  it("records nothing when no trace was started (every run without PROSODY_MANAGER_TRACE_PERFORMANCE)", () => {
    phase("anything");
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("prosody-manager.phase-trace")]).toBeUndefined();
  });

  it("begins a trace only when the environment asks (not empty, 0 or false), once, with Node's start as its first phase", () => {
    const key = Symbol.for("prosody-manager.phase-trace");
    const holder = globalThis as Record<symbol, unknown>;
    try {
      for (const off of [undefined, "", "0", "false", "FALSE"]) expect(beginPhases({ PROSODY_MANAGER_TRACE_PERFORMANCE: off })).toBeUndefined();
      expect(holder[key]).toBeUndefined();
      const phases = beginPhases({ PROSODY_MANAGER_TRACE_PERFORMANCE: "1" });
      expect(phases?.map(([label]) => label)).toEqual(["node started"]);
      phase("bundle loaded");
      // The bundle's own begin finds the launcher's list and adds no second start.
      expect(beginPhases({ PROSODY_MANAGER_TRACE_PERFORMANCE: "yes" })).toBe(phases);
      expect(phases?.map(([label]) => label)).toEqual(["node started", "bundle loaded"]);
      expect(phases?.[1]?.[1]).toBeGreaterThanOrEqual(phases?.[0]?.[1] ?? Number.POSITIVE_INFINITY);
    } finally {
      delete holder[key];
    }
  });
});
