import { previewCommunityChanges } from "../app/module-history.js";
import type { Session } from "../app/session.js";
import type { JsonObject } from "../core/json.js";
import type { PlanStep } from "../core/model/plan.js";
import type { ModuleName } from "../core/types.js";

export interface UpdatePreview {
  /** Lines to print under a step's own line. */
  linesFor(name: ModuleName): string[];
  jsonFor(name: ModuleName): JsonObject[] | undefined;
}

/** `module update --dry-run`: under each module it would replace, the changesets that come with it. */
export async function updatePreview(session: Session, steps: readonly PlanStep[]): Promise<UpdatePreview> {
  const replaced = steps.filter((step) => step.source === "community" && step.action === "change");
  const changes = await previewCommunityChanges(session, replaced.map((step) => ({ name: step.name, fromRevision: step.from })));
  return {
    linesFor(name) {
      return (changes.get(name) ?? []).map((changeset) => `    ${changeset.short}  ${changeset.date.slice(0, 10)}  ${changeset.author}  ${changeset.summary}`);
    },
    jsonFor(name) {
      return changes.get(name)?.map((changeset) => ({ name: changeset.short, date: changeset.date, author: changeset.author, summary: changeset.summary }));
    },
  };
}
