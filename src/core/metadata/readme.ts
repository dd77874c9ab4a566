import { tryModuleName } from "../names.js";
import type { ReadmeMetadata, RockspecHints, Stage } from "../types.js";
import { STAGES } from "../types.js";
import { parseCompatibility } from "./compatibility.js";
import { splitFrontMatter, unescapeMarkdown } from "./front-matter.js";

const INTRODUCTION_MAX_LINES = 40;

/** Reads everything prosody-manager uses from a module README; never throws, collects problems instead. */
export function parseReadme(text: string, fileName: string): ReadmeMetadata {
  const problems: string[] = [];
  const { data, body, problems: frontProblems } = splitFrontMatter(text);
  problems.push(...frontProblems);
  const fields = data ?? {};

  const labels = stringList(fields.labels).map(unescapeMarkdown);
  const summary = optionalString(fields.summary);
  const supersededRaw = optionalString(fields.superseded_by);
  const supersededBy = supersededRaw ? tryModuleName(unescapeMarkdown(supersededRaw)) : undefined;
  if (supersededRaw && !supersededBy) problems.push(`superseded_by '${supersededRaw}' is not a module name`);

  return {
    summary: summary ? unescapeMarkdown(summary).trim() || undefined : undefined,
    stage: stageOf(labels),
    labels,
    supersededBy,
    rockspec: rockspecHints(fields.rockspec, problems),
    compatibility: parseCompatibility(body),
    introduction: introduction(body),
    problems,
  };
}

export function stageOf(labels: readonly string[]): Stage | undefined {
  for (const label of labels) {
    const match = /^stage-(\w+)$/i.exec(label.trim());
    if (!match) continue;
    const wanted = (match[1] ?? "").toLowerCase();
    const stage = STAGES.find((candidate) => candidate.toLowerCase() === wanted);
    if (stage) return stage;
  }
  return undefined;
}

function rockspecHints(raw: unknown, problems: string[]): RockspecHints {
  const hints: RockspecHints = { dependencies: [], buildModules: {}, copyDirectories: [] };
  if (raw === undefined || raw === null) return hints;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push("rockspec: is not a mapping");
    return hints;
  }
  const spec = raw as Record<string, unknown>;
  hints.dependencies = stringList(spec.dependencies).map((dep) => unescapeMarkdown(dep).trim());
  const build = spec.build;
  if (build && typeof build === "object" && !Array.isArray(build)) {
    const buildFields = build as Record<string, unknown>;
    const modules = buildFields.modules;
    if (modules && typeof modules === "object" && !Array.isArray(modules)) {
      for (const [key, value] of Object.entries(modules as Record<string, unknown>)) {
        if (typeof value === "string") hints.buildModules[key] = value;
      }
    }
    hints.copyDirectories = stringList(buildFields.copy_directories);
  }
  return hints;
}

/** The text before the second heading (the first is often "Introduction"), trimmed to a screenful. */
function introduction(body: string): string {
  const lines = body.split("\n");
  const out: string[] = [];
  let headings = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const next = lines[index + 1] ?? "";
    const isAtx = /^#{1,6}\s/.test(line);
    const isSetext = line.trim() !== "" && /^(=+|-+)\s*$/.test(next) && !/^\s*[-=]/.test(line);
    if (isAtx || isSetext) {
      headings++;
      const title = line.replace(/^#+\s*/, "").trim().toLowerCase();
      if (headings === 1 && out.join("").trim() === "" && /^(introduction|description|overview|about)$/.test(title)) {
        if (isSetext) index++;
        continue;
      }
      break;
    }
    out.push(line);
    if (out.length >= INTRODUCTION_MAX_LINES) break;
  }
  return out.join("\n").trim();
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string | number => typeof item === "string" || typeof item === "number").map(String);
}
