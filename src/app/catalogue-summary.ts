// What a sync that finds nothing new needs of the catalogue it leaves as it is: the tip and the manifest it was built
// from, how many modules it holds, its README problems. A few hundred bytes, against parsing 1.5 MB of catalogue.json
// for 2 000 modules while hg pulls: on a machine with two cores, that parse slowed the pull beside it.
// writeCatalogue writes it after the views and before catalogue.json; readCurrentSummary believes it only when
// catalogue.json and the search view are of the same build (their builtAt, read from their first bytes): a run
// interrupted between the writes, or another version that wrote the catalogue without it, leaves one not believed.
import { isRecord, parseJson } from "../core/json-shape.js";
import type { Catalogue, CatalogueProblem, ManifestValidators } from "../core/types.js";

const FORMAT = 1;

export interface CatalogueSummary {
  builtAt: string;
  community: { url: string; revision: string; modules: number } | null;
  /** `validators`: the server's, of the manifest file the digest is of; they may be newer than catalogue.json's. */
  rocks: { server: string; digest: string | null; modules: number; validators?: ManifestValidators } | null;
  problems: CatalogueProblem[];
}

export function summarise(catalogue: Catalogue): CatalogueSummary {
  const { community, rocks } = catalogue;
  return {
    builtAt: catalogue.builtAt,
    community: community ? { url: community.url, revision: community.revision, modules: community.modules.length } : null,
    rocks: rocks ? { server: rocks.server, digest: rocks.digest ?? null, modules: rocks.modules.length, ...(rocks.validators ? { validators: rocks.validators } : {}) } : null,
    problems: catalogue.problems,
  };
}

export function encodeSummary(summary: CatalogueSummary): string {
  return `${JSON.stringify({ format: FORMAT, ...summary })}\n`;
}

/** The summary in a file's text; undefined when it is damaged or of another format. */
export function parseSummary(text: string): CatalogueSummary | undefined {
  return asSummary(parseJson(text));
}

/**
 * The build time catalogue.json starts with, as writeCatalogue writes it (`{"schema":1,"builtAt":"…"`); undefined for
 * any other start, which then is not taken for the summary's build.
 */
export function catalogueBuiltAt(head: string): string | undefined {
  return /^\{"schema":1,"builtAt":"([^"\\]+)"/.exec(head)?.[1];
}

function asSummary(value: unknown): CatalogueSummary | undefined {
  if (!isRecord(value) || value.format !== FORMAT || typeof value.builtAt !== "string" || !Array.isArray(value.problems)) return undefined;
  const { community, rocks } = value;
  const communityOk = community === null || (isRecord(community) && typeof community.url === "string" && typeof community.revision === "string" && typeof community.modules === "number");
  const rocksOk = rocks === null || (isRecord(rocks) && typeof rocks.server === "string" && (rocks.digest === null || typeof rocks.digest === "string") && typeof rocks.modules === "number");
  const problemsOk = value.problems.every((problem) => isRecord(problem) && typeof problem.module === "string" && typeof problem.problem === "string");
  if (!communityOk || !rocksOk || !problemsOk) return undefined;
  // Validators of another shape are dropped, not the summary: without them the manifest is fetched whole.
  const checkedRocks = isRecord(rocks) ? { server: rocks.server, digest: rocks.digest, modules: rocks.modules, ...(isValidators(rocks.validators) ? { validators: rocks.validators } : {}) } : null;
  return { builtAt: value.builtAt, community, rocks: checkedRocks, problems: value.problems } as CatalogueSummary;
}

function isValidators(value: unknown): value is ManifestValidators {
  const optionalString = (field: unknown): boolean => field === undefined || typeof field === "string";
  return isRecord(value) && typeof value.file === "string" && optionalString(value.etag) && optionalString(value.lastModified) && optionalString(value.identity);
}
