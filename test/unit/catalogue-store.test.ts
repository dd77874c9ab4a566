import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCatalogue, readCatalogueFor, readSearchCatalogue, writeCatalogue } from "../../src/app/catalogue-store.js";
import { catalogueEntries, searchCatalogue } from "../../src/core/search.js";
import type { Catalogue, ModuleName } from "../../src/core/types.js";
import { communityModule } from "./factories.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const catalogue: Catalogue = {
  schema: 1,
  builtAt: "2026-11-25T12:00:00.000Z",
  community: {
    url: "https://hg.example/prosody-modules/",
    revision: "bbbbbbbbbbbb",
    modules: [
      communityModule("mod_muc_log", "Log MUC rooms", { stage: "Beta", labels: ["Stage-Beta"], files: ["mod_muc_log.lua", "README.md"] }),
      communityModule("mod_pastebin", "Long messages as links to a web page about muc rooms", { stage: "Stable" }),
      communityModule("mod_muc", "merged", { hasCode: false }),
    ],
  },
  rocks: { server: "https://rocks.example/", fetchedAt: "2026-11-25T12:00:00.000Z", modules: [{ name: "mod_muc_log" as ModuleName, versions: ["2-1", "1-1"] }] },
  problems: [{ module: "mod_x", problem: "README: bad" }],
};

describe("the search view", () => {
  it("answers every search as the whole catalogue does", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const whole = await readCatalogue(dir);
    const view = await readSearchCatalogue(dir);
    if (!whole || !view) throw new Error("nothing read back");
    const shown = (found: Catalogue, query: string): unknown =>
      searchCatalogue(catalogueEntries(found).values(), query).map(({ entry, match }) => [entry.name, match, entry.community?.summary, entry.community?.stage, entry.community?.revision, entry.rock?.versions]);
    for (const query of ["muc", "mod_pastebin", "rooms", "", "nothing"]) expect(shown(view, query), query).toEqual(shown(whole, query));
    expect((await fs.stat(path.join(dir, "catalogue-search.json"))).size).toBeLessThan((await fs.stat(path.join(dir, "catalogue.json"))).size);
  });

  it("is absent before a sync, so search falls back to the catalogue (and its first sync)", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    expect(await readSearchCatalogue(dir)).toBeUndefined();
  });
});

describe("one module's record", () => {
  it("is the module as the whole catalogue has it, the others as search sees them", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const forOne = await readCatalogueFor(dir, "mod_muc_log");
    const byName = new Map(forOne?.community?.modules.map((module) => [module.name, module]));
    expect(byName.get("mod_muc_log" as ModuleName)).toEqual(catalogue.community?.modules[0]);
    expect(byName.get("mod_pastebin" as ModuleName)?.files).toEqual([]);
    expect(forOne?.rocks?.modules).toEqual(catalogue.rocks?.modules);
  });

  it("read through the view of another build is not trusted: the whole catalogue answers", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const staleView = await fs.readFile(path.join(dir, "catalogue-search.json"));
    // A sync in between: new records and catalogue, and the view of the old build left behind.
    const renamed = { ...catalogue, builtAt: "2026-11-26T12:00:00.000Z", community: catalogue.community && { ...catalogue.community, modules: [communityModule("mod_aaa_new", "shifts every offset"), ...catalogue.community.modules] } };
    await writeCatalogue(dir, renamed);
    await fs.writeFile(path.join(dir, "catalogue-search.json"), staleView);
    const forOne = await readCatalogueFor(dir, "mod_pastebin");
    expect(forOne?.builtAt).toBe("2026-11-26T12:00:00.000Z");
    expect(forOne?.community?.modules.find((module) => module.name === "mod_pastebin")).toEqual(catalogue.community?.modules[1]);
  });
});
