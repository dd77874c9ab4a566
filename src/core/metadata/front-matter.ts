import { parse as parseYaml } from "yaml";

export interface FrontMatter {
  /** The parsed YAML mapping, or undefined when there was none or it could not be read. */
  data: Record<string, unknown> | undefined;
  body: string;
  problems: string[];
}

/** Splits `---\n<yaml>\n---|...\n<body>`; a README without front matter is all body. */
export function splitFrontMatter(text: string): FrontMatter {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = normalised.split("\n");
  if (lines[0]?.trim() !== "---") return { data: undefined, body: normalised, problems: [] };
  const end = lines.findIndex((line, index) => index > 0 && (line.trimEnd() === "---" || line.trimEnd() === "..."));
  if (end === -1) return { data: undefined, body: normalised, problems: ["front matter is not closed by --- or ..."] };
  const yamlText = lines.slice(1, end).join("\n");
  const body = lines.slice(end + 1).join("\n");
  const parsed = parseLenient(yamlText);
  return { data: parsed.data, body, problems: parsed.problem ? [parsed.problem] : [] };
}

function parseLenient(yamlText: string): { data: Record<string, unknown> | undefined; problem?: string } {
  const attempts = [yamlText, yamlText.replace(/^\t+/gm, (tabs) => "  ".repeat(tabs.length))];
  let lastError = "";
  for (const attempt of attempts) {
    try {
      const value: unknown = parseYaml(attempt);
      if (value === null || value === undefined) return { data: {} };
      if (typeof value === "object" && !Array.isArray(value)) return { data: value as Record<string, unknown> };
      return { data: undefined, problem: "front matter is not a mapping" };
    } catch (error) {
      lastError = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
    }
  }
  // Keep what can be read line by line, so one bad key does not hide the summary.
  const summary = /^summary:\s*(.+)$/m.exec(yamlText)?.[1]?.trim().replace(/^["']|["']$/g, "");
  const labels = [...yamlText.matchAll(/^\s*-\s*['"]?((?:Stage|Type)-[A-Za-z]+)['"]?\s*$/gm)].map((match) => match[1] ?? "");
  return { data: { summary, labels }, problem: `front matter is not valid YAML (${lastError}); read summary and labels line by line` };
}

/** Undoes Markdown backslash escapes that READMEs put into plain values (`mod\_bosh`). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, "$1");
}
