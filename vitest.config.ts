import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      // Some unit tests run hg, luarocks or lua against their own answers: on two busy cores, more than the default 5 s.
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000, sequence: { groupOrder: 0 } } },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/helpers/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // e2e files start servers and run LuaRocks; two at a time keeps the 2-core machine responsive.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
