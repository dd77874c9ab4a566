import type { MirrorOutcome } from "../app/use-cases/mirror.js";
import type { CommandResult } from "./command.js";

/** One shape for create and update, so scripts read both the same way. */
export function mirrorResult(outcome: MirrorOutcome, created: boolean): CommandResult {
  const rockFiles = outcome.rocks.added.reduce((sum, rock) => sum + rock.files.length, 0);
  const changed = created || outcome.community.added.length > 0 || outcome.rocks.added.length > 0;
  const lines = [
    `${created ? "created" : "updated"} mirror ${outcome.dir}`,
    `  community: ${outcome.community.dir} (${outcome.community.changesets} changesets${created ? "" : `, ${outcome.community.added.length} new`}) from ${outcome.community.url}`,
    ...outcome.community.added.slice(0, 20).map((node) => `    + ${node.slice(0, 12)}`),
    `  rocks: ${outcome.rocks.dir} (${outcome.rocks.all ? "every rock of the server" : "what the lockfile needs"}: ${outcome.rocks.wanted} rock versions, ${outcome.rocks.added.length} added, ${rockFiles} files) from ${outcome.rocks.server}`,
    ...outcome.rocks.added.map((rock) => `    + ${rock.name} ${rock.version}`),
    ...(outcome.rocks.skipped.length > 0 ? [`  left out: ${outcome.rocks.skipped.slice(0, 10).join(", ")}${outcome.rocks.skipped.length > 10 ? " …" : ""}`] : []),
    outcome.lockfilePath
      ? `verified against ${outcome.lockfilePath}: ${outcome.verdict.community} community modules and ${outcome.verdict.rocks} rocks resolve from the mirror`
      : "no lockfile to verify against: the manifests are in place",
    `use it with: --community-url ${outcome.community.dir} --rocks-server ${outcome.rocks.dir}`,
  ];
  return {
    json: {
      changed,
      dir: outcome.dir,
      lockfile: outcome.lockfilePath ?? null,
      community: { dir: outcome.community.dir, url: outcome.community.url, changesets: outcome.community.changesets, added: outcome.community.added },
      rocks: {
        dir: outcome.rocks.dir,
        server: outcome.rocks.server,
        all: outcome.rocks.all,
        wanted: outcome.rocks.wanted,
        added: outcome.rocks.added.map((rock) => ({ name: rock.name, version: rock.version, files: rock.files })),
        skipped: outcome.rocks.skipped,
        manifestWritten: outcome.rocks.manifestWritten,
      },
      verified: { community: outcome.verdict.community, rocks: outcome.verdict.rocks },
    },
    text: lines.join("\n"),
  };
}
