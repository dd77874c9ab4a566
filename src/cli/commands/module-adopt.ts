import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import { Session } from "../../app/session.js";
import { adoptModules } from "../../app/use-cases/adopt.js";
import { parseModuleName } from "../../core/names.js";
import { arg, flagOption, type CommandSpec } from "../command.js";

export const moduleAdopt: CommandSpec = {
  path: ["module", "adopt"],
  summary: "take over modules copied in by hand: find their revision and record it",
  description:
    "For each module directory in the community directory that prosody-manager did not install, finds the revision\n" +
    "of the community repository whose module tree matches the files exactly, and records it (state and lockfile), so\n" +
    "update, verify and apply cover it. Files are not touched. When no revision matches, the nearest is named;\n" +
    "--nearest adopts at that one (the module then shows as modified).",
  args: [arg("modules", "module names (default: every unmanaged module)", "optional-variadic")],
  options: [{ flags: "--nearest", description: "adopt at the nearest revision when none matches exactly" }],
  examples: ["prosody-manager module adopt", "prosody-manager module adopt mod_handmade --dry-run", "prosody-manager module adopt mod_old_copy --nearest"],
  async run(ctx, input) {
    const names = input.args.map(parseModuleName);
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      const results = await adoptModules(session, { names, nearest: flagOption(input.options, "nearest"), dryRun });
      const unmatched = results.filter((item) => !item.exact && !(item.revision && flagOption(input.options, "nearest")));
      return {
        json: { dryRun, changed: results.some((item) => item.adopted), modules: results.map((item) => ({ ...item, revision: item.revision ?? null })) },
        text:
          results.length === 0
            ? "nothing to adopt: every module directory is managed"
            : [
                ...results.map((item) =>
                  item.exact
                    ? `${dryRun ? "would adopt" : "adopted"} ${item.name} at ${item.revision?.slice(0, 12) ?? "?"} (exact match)`
                    : item.revision
                      ? `${item.name}: no revision matches exactly; nearest ${item.revision.slice(0, 12)} (${item.identicalFiles} of ${item.totalFiles} files identical)${item.adopted ? ", adopted there" : "; --nearest adopts it there"}`
                      : `${item.name}: not found in the community repository's history`,
                ),
                dryRun ? DRY_RUN_NOTE : "",
              ].filter(Boolean).join("\n"),
        exitCode: unmatched.length > 0 ? 1 : 0,
      };
    });
  },
};
