import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeIntroductionOf } from "../../src/app/readme-text.js";
import { communityModule } from "./factories.js";

describe("readmeIntroductionOf", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await fs.mkdtemp(path.join(os.tmpdir(), "pm-readme-"));
    await fs.mkdir(path.join(repo, "mod_plain"));
    await fs.writeFile(path.join(repo, "mod_plain", "README.md"), "---\nsummary: x\n---\n\nThe introduction.\n");
    await fs.mkdir(path.join(repo, "mod_linked"));
    await fs.writeFile(path.join(repo, "secret"), "root:x:0:0\n");
    await fs.symlink(path.join(repo, "secret"), path.join(repo, "mod_linked", "README.md"));
    await fs.symlink(path.join(repo, "mod_plain"), path.join(repo, "mod_dirlink"));
  });
  afterAll(() => fs.rm(repo, { recursive: true, force: true }));

  it("reads a plain README's introduction", async () => {
    expect(await readmeIntroductionOf(repo, communityModule("mod_plain", "", { readme: "README.md" }))).toMatch(/The introduction\./);
  });

  it("never follows a link, whether the README or the module directory is one", async () => {
    expect(await readmeIntroductionOf(repo, communityModule("mod_linked", "", { readme: "README.md" }))).toBe("");
    expect(await readmeIntroductionOf(repo, communityModule("mod_dirlink", "", { readme: "README.md" }))).toBe("");
  });
});
