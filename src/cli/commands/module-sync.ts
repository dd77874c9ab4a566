import { Session } from "../../app/session.js";
import { type SourceReport, syncSources } from "../../app/sync.js";
import type { CommandSpec } from "../command.js";

export const moduleSync: CommandSpec = {
  path: ["module", "sync"],
  summary: "fetch the module sources and rebuild the catalogue",
  description:
    "Clones the community repository into the cache (later: pulls and updates, after asking the upstream for its\n" +
    "heads: when the cache holds them all, no hg runs; a URL naming another, unrelated repository is cloned again in\n" +
    "the cache's place), fetches the rocks server's manifest (only if it changed), and rebuilds the catalogue that\n" +
    "search, info and install read. A source that cannot be fetched keeps its previous copy; the command then exits 1\n" +
    "and says what failed. READMEs that cannot be read are listed, never fatal.",
  args: [],
  options: [],
  examples: [
    "prosody-manager module sync",
    "prosody-manager --community-url https://hg.example.org/prosody-modules/ module sync",
    "prosody-manager --cache-dir /var/cache/prosody-manager module sync --json",
  ],
  async run(ctx) {
    const session = new Session(ctx);
    const outcome = await session.withCacheLock(() => syncSources(session));
    const failed = outcome.reports.filter((report) => !report.ok);
    for (const report of failed) ctx.log.error(`${report.detail}${keptNote(report)}`, report.hint);
    const { community, rocks } = outcome.summary;
    const lines = outcome.reports.filter((report) => report.ok).map((report) => `${report.source}: ${report.detail}`);
    lines.push(`catalogue: ${community?.modules ?? 0} community modules, ${rocks?.modules ?? 0} rocks`);
    if (outcome.problems.length > 0) {
      lines.push(`${outcome.problems.length} README problem(s):`);
      for (const problem of outcome.problems) lines.push(`  ${problem.module}: ${problem.problem}`);
    }
    return {
      json: {
        changed: outcome.changed,
        sources: outcome.reports.map((report) => ({ source: report.source, url: report.url, ok: report.ok, detail: report.detail })),
        community: community ? { revision: community.revision, modules: community.modules } : null,
        rocks: rocks ? { server: rocks.server, modules: rocks.modules } : null,
        problems: outcome.problems.map((problem) => ({ module: problem.module, problem: problem.problem })),
      },
      text: lines.join("\n"),
      exitCode: failed.length > 0 ? 1 : 0,
    };
  },
};

/** What the catalogue still holds of a source that failed: the previous copy, named when it came from elsewhere. */
function keptNote(report: SourceReport): string {
  if (report.keptFrom === undefined) return "";
  return report.keptFrom === report.url ? " (kept the previous copy)" : ` (kept the previous copy, which is of ${report.keptFrom})`;
}
