import { tryModuleName } from "../names.js";
import type { ModuleName, ReadmeMetadata, Stage } from "../types.js";
import { STAGES } from "../types.js";
import { parseCompatibility } from "./compatibility.js";
import { splitFrontMatter } from "./front-matter.js";
import { introductionOf } from "./introduction.js";
import { unescapeMarkdown } from "./markdown.js";
import { rockspecHints } from "./rockspec-hints.js";
import { optionalText, stringList } from "./yaml-values.js";

/**
 * Everything prosody-manager uses from a module README. Never throws: what cannot be read is listed in `problems`
 * and the rest is still returned. Callers prefix problems with the file; `fileName` only names it in the one problem
 * that has no other context, a failure of this parser itself. The catalogue keeps no introduction, so it can skip it.
 */
export function parseReadme(text: string, fileName: string, options: { introduction?: boolean } = {}): ReadmeMetadata {
  try {
    return readReadme(text, options.introduction ?? true);
  } catch (error) {
    // A bug here must cost one README, not a whole catalogue build.
    const reason = error instanceof Error ? error.message : String(error);
    return { ...emptyReadme(), problems: [`${fileName} could not be read: ${reason}`] };
  }
}

function readReadme(text: string, withIntroduction: boolean): ReadmeMetadata {
  const { data, body, problems } = splitFrontMatter(text);
  const fields = data ?? {};
  const labels = stringList(fields.labels, "labels", problems)
    .flatMap((label) => label.split(","))
    .map((label) => unescapeMarkdown(label).trim())
    .filter((label) => label !== "");
  return {
    // Pandoc's `description` stands in for a missing `summary` (mod_csi_battery_saver has only that).
    summary: oneLine(optionalText(fields.summary) ?? optionalText(fields.description)),
    stage: stageOf(labels, problems),
    labels,
    supersededBy: supersededBy(fields.superseded_by, problems),
    rockspec: rockspecHints(fields.rockspec, problems),
    compatibility: parseCompatibility(body),
    introduction: withIntroduction ? introductionOf(body) : "",
    problems,
  };
}

/** The stage a `Stage-X` label names, case-insensitively (`Stage-alpha` is Alpha). */
export function stageOf(labels: readonly string[], problems: string[] = []): Stage | undefined {
  for (const label of labels) {
    const match = /^stage-(\w+)$/i.exec(label);
    if (!match) continue;
    const wanted = (match[1] ?? "").toLowerCase();
    const stage = STAGES.find((candidate) => candidate.toLowerCase() === wanted);
    if (stage) return stage;
    problems.push(`label '${label}' names no known stage (${STAGES.join(", ")})`);
  }
  return undefined;
}

function supersededBy(raw: unknown, problems: string[]): ModuleName | undefined {
  const text = optionalText(raw);
  if (text === undefined) return undefined;
  const name = tryModuleName(unescapeMarkdown(text).trim());
  if (!name) problems.push(`superseded_by '${text}' is not a module name; ignored`);
  return name;
}

/** Summaries are shown on one line; YAML block scalars (`summary: |`) keep their line breaks otherwise. */
function oneLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = unescapeMarkdown(text).replace(/\s+/g, " ").trim();
  return line === "" ? undefined : line;
}

/** What a module without a README is known by: nothing. */
export function emptyReadme(): ReadmeMetadata {
  return {
    summary: undefined,
    stage: undefined,
    labels: [],
    supersededBy: undefined,
    rockspec: { dependencies: [], buildModules: {}, copyDirectories: [] },
    compatibility: undefined,
    introduction: "",
    problems: [],
  };
}
