import { previewCommunityChanges } from "../app/module-history.js";
import type { Session } from "../app/session.js";
import type { JsonObject } from "../core/json.js";
import type { InstallStep } from "../core/install-plan.js";
import type { ModuleName } from "../core/types.js";

export interface UpdatePreview {
  /** Lines to print under a step's own line. */
  linesFor(name: ModuleName): string[];
  jsonFor(name: ModuleName): JsonObject[] | undefined;
}

/** `module update --dry-run`: under each module it would replace, the changesets that come with it. */
export async function updatePreview(session: Session, steps: readonly InstallStep[]): Promise<UpdatePreview> {
  const changes = await previewCommunityChanges(session, steps.filter((step) => step.action === "replace"));
  return {
    linesFor(name) {
      return (changes.get(name) ?? []).map((changeset) => `    ${changeset.short}  ${changeset.date.slice(0, 10)}  ${changeset.author}  ${changeset.summary}`);
    },
    jsonFor(name) {
      return changes.get(name)?.map((changeset) => ({ name: changeset.short, date: changeset.date, author: changeset.author, summary: changeset.summary }));
    },
  };
}
