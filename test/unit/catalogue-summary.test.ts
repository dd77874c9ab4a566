import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCurrentSummary, writeCatalogue } from "../../src/app/catalogue-store.js";
import { catalogueBuiltAt, parseSummary } from "../../src/app/catalogue-summary.js";
import type { Catalogue } from "../../src/core/types.js";
import { communityModule } from "./factories.js";

function catalogue(builtAt: string): Catalogue {
  return {
    schema: 1,
    builtAt,
    community: { url: "https://hg.example.org/prosody-modules/", revision: "0123456789ab", modules: [communityModule("mod_a", "summary of mod_a"), communityModule("mod_b", "summary of mod_b")] },
    rocks: { server: "https://rocks.example.org/", fetchedAt: builtAt, modules: [], digest: "d1" },
    problems: [{ module: "mod_b", problem: "README has no summary" }],
  };
}

describe("catalogue summary", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-summary-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const built = "2026-12-03T10:00:00.000Z";

  it("describes the catalogue writeCatalogue wrote: its sources, counts and problems", async () => {
    expect(readCurrentSummary(dir)).toBeUndefined();
    await writeCatalogue(dir, catalogue(built));
    expect(readCurrentSummary(dir)).toEqual({
      builtAt: built,
      community: { url: "https://hg.example.org/prosody-modules/", revision: "0123456789ab", modules: 2 },
      rocks: { server: "https://rocks.example.org/", digest: "d1", modules: 0 },
      problems: [{ module: "mod_b", problem: "README has no summary" }],
    });
  });

  it("keeps the manifest's validators, and drops ones of another shape without dropping the summary", async () => {
    const validators = { file: "manifest-5.4.zip", etag: '"5f-1a"', lastModified: "Tue, 01 Dec 2026 10:00:00 GMT" };
    const withValidators = catalogue(built);
    if (withValidators.rocks) withValidators.rocks.validators = validators;
    await writeCatalogue(dir, withValidators);
    expect(readCurrentSummary(dir)?.rocks).toEqual({ server: "https://rocks.example.org/", digest: "d1", modules: 0, validators });
    const file = path.join(dir, "catalogue-summary.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace('"etag":"\\"5f-1a\\""', '"etag":5'));
    expect(readCurrentSummary(dir)?.rocks).toEqual({ server: "https://rocks.example.org/", digest: "d1", modules: 0 });
  });

  it("is not believed once catalogue.json or the search view is of another build, or when it is damaged", async () => {
    await writeCatalogue(dir, catalogue(built));
    const summary = await fs.readFile(path.join(dir, "catalogue-summary.json"), "utf8");
    const catalogueFile = path.join(dir, "catalogue.json");
    const original = await fs.readFile(catalogueFile, "utf8");
    await fs.writeFile(catalogueFile, `${JSON.stringify(catalogue("2026-12-04T00:00:00.000Z"))}\n`);
    expect(readCurrentSummary(dir)).toBeUndefined();
    // Another writer's key order: its build time is not where writeCatalogue puts it, so nothing is assumed.
    const { schema, ...rest } = catalogue(built);
    await fs.writeFile(catalogueFile, JSON.stringify({ ...rest, schema }));
    expect(readCurrentSummary(dir)).toBeUndefined();
    await fs.writeFile(catalogueFile, original);
    expect(readCurrentSummary(dir)).toBeDefined();

    const viewFile = path.join(dir, "catalogue-search.jsonl");
    const view = await fs.readFile(viewFile, "utf8");
    await fs.writeFile(viewFile, view.replace(built, "2026-12-04T00:00:00.000Z"));
    expect(readCurrentSummary(dir)).toBeUndefined();
    await fs.writeFile(viewFile, view);

    await fs.writeFile(path.join(dir, "catalogue-summary.json"), summary.replace('"modules":2', '"modules":"2"'));
    expect(readCurrentSummary(dir)).toBeUndefined();
    await fs.writeFile(path.join(dir, "catalogue-summary.json"), "{broken");
    expect(readCurrentSummary(dir)).toBeUndefined();
  });

  it("reads the build time only from the start writeCatalogue gives catalogue.json", () => {
    expect(catalogueBuiltAt(`{"schema":1,"builtAt":"${built}","community":null}`)).toBe(built);
    expect(catalogueBuiltAt(`{"builtAt":"${built}","schema":1}`)).toBeUndefined();
    expect(catalogueBuiltAt(`{"schema":2,"builtAt":"${built}"}`)).toBeUndefined();
    expect(parseSummary(JSON.stringify({ format: 2, builtAt: built, community: null, rocks: null, problems: [] }))).toBeUndefined();
    expect(parseSummary(JSON.stringify({ format: 1, builtAt: built, community: null, rocks: null, problems: [] }))?.builtAt).toBe(built);
  });
});
