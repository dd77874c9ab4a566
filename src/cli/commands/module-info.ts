import { readCatalogueFor } from "../../app/catalogue-store.js";
import { communityRepoPath } from "../../app/community-sync.js";
import { readmeIntroductionOf } from "../../app/readme-text.js";
import { readModuleCopies } from "../../app/module-copies.js";
import { Session } from "../../app/session.js";
import type { ModuleCopies } from "../../core/model/copies.js";
import { unknownModule } from "../../core/install-warnings.js";
import { parseModuleName } from "../../core/names.js";
import { lookupOf } from "../../core/catalogue-lookup.js";
import type { CommunityModule } from "../../core/types.js";
import { arg, type CommandSpec, type JsonObject } from "../command.js";
import { sourcesOf } from "../catalogue-view.js";
import { copiesJson, copyText, loadedText } from "../copies-view.js";

export const moduleInfo: CommandSpec = {
  path: ["module", "info"],
  summary: "show a module's metadata, dependencies, compatibility, every installed copy and the one Prosody loads",
  args: [arg("module", "module name")],
  options: [],
  examples: ["prosody-manager module info mod_pastebin", "prosody-manager module info cloud_notify --json"],
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const session = new Session(ctx, { showOnly: true });
    const catalogue = (await readCatalogueFor(session.settings.cacheDir, name)) ?? lookupOf(await session.catalogue());
    const entry = catalogue.entry(name);
    const copies = (await readModuleCopies(session, { names: [name], only: true, check: "named" })).modules.get(name);
    // A module neither source offers can still be on this machine: built into Prosody, or copied in by hand.
    if (!entry && !copies?.copies.length) throw unknownModule(name, catalogue.entries().map((known) => known.name));
    const installed = copies ? (copies.loaded?.source !== "builtin" ? copies.loaded : undefined) ?? copies.copies.find((copy) => copy.source !== "builtin") : undefined;
    const builtin = copies?.copies.find((copy) => copy.source === "builtin");
    const community = entry?.community;
    const introduction = community ? await readmeIntroductionOf(communityRepoPath(session.settings.cacheDir), community) : "";
    const json: JsonObject = {
      name,
      summary: community?.summary ?? null,
      stage: community?.stage ?? null,
      labels: community?.labels ?? [],
      supersededBy: community?.supersededBy ?? null,
      sources: entry ? sourcesOf(entry) : [],
      builtin: builtin ? { file: builtin.file ?? null } : null,
      community: community
        ? { revision: community.revision ?? null, changesets: community.changesets, readme: community.readme ?? null, files: community.files, hasCode: community.hasCode }
        : null,
      rock: entry?.rock ? { versions: entry.rock.versions } : null,
      dependencies: community ? { ...community.dependencies } : null,
      headers: community?.headers ?? {},
      compatibility: community?.compatibility
        ? { rows: community.compatibility.rows.map((row) => ({ ...row, works: row.works ?? null })), prose: community.compatibility.prose ?? null }
        : null,
      installed: installed
        ? { source: installed.source, revision: installed.version ?? null, pinned: installed.pinned, path: installed.path, status: installed.status, reason: installed.reason ?? null }
        : null,
      ...copiesJson(copies),
      introduction,
    };
    return { json, text: renderInfo(json, community, copies) };
  },
};

function renderInfo(json: JsonObject, community: CommunityModule | undefined, copies: ModuleCopies | undefined): string {
  const lines: string[] = [];
  const field = (label: string, value: string | undefined | null): void => {
    if (value !== undefined && value !== null && value !== "") lines.push(`${`${label}:`.padEnd(15)}${value}`);
  };
  field("name", String(json.name));
  field("summary", community?.summary);
  field("stage", community?.stage);
  field("labels", community?.labels.join(", "));
  field("superseded by", community?.supersededBy);
  field("sources", (json.sources as string[]).join(", ") || "none: neither the community repository nor the rocks server offers it");
  const builtin = json.builtin as { file: string | null } | null;
  if (builtin) field("built in", `yes, Prosody ships it (${builtin.file ?? "?"})`);
  if (community) field("community", `revision ${community.revision ?? "?"} (${community.changesets} changesets)${community.hasCode ? "" : ", no code (README only)"}`);
  const rock = json.rock as { versions: string[] } | null;
  if (rock) field("rock versions", rock.versions.join(", "));
  if (community) {
    const deps = community.dependencies;
    field("depends", deps.community.join(", ") || "no community modules");
    field("uses built-in", deps.builtin.join(", "));
    field("soft depends", deps.soft.join(", "));
    field("unknown deps", deps.unknown.join(", "));
    field("dynamic deps", deps.unknowable.join(", "));
    field("lua libraries", deps.luaRequires.join(", "));
    for (const [key, value] of Object.entries(community.headers)) field(`--% ${key}`, value);
    const compat = community.compatibility;
    if (compat) {
      field("compatibility", compat.rows.map((row) => `${row.version}: ${row.status}`).join("; "));
      if (compat.rows.length === 0) field("compatibility", compat.prose);
    }
    field("files", community.files.join(" "));
  }
  const installed = copies?.copies.filter((copy) => copy.source !== "builtin") ?? [];
  field("installed", installed.length > 0 ? `${installed.length} cop${installed.length === 1 ? "y" : "ies"}` : "no");
  copies?.copies.forEach((copy, index) => lines.push(`${(index === 0 ? "copies:" : "").padEnd(15)}${copyText(copies, copy)}`));
  if (copies) field("Prosody loads", loadedText(copies));
  const intro = String(json.introduction ?? "").trim();
  if (intro) lines.push("", intro);
  return lines.join("\n");
}
