import { describe, expect, it } from "vitest";
import { formatPhaseTrace, phase } from "../../src/core/phase-trace.js";

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
});
