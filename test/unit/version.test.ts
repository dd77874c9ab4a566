import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { PACKAGE_VERSION } from "../../src/version.js";

it("the version the CLI prints is package.json's", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  expect(PACKAGE_VERSION).toBe(pkg.version);
});
