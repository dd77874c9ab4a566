import { manPage } from "../../core/man-page.js";
import { PACKAGE_VERSION } from "../../version.js";
import type { CommandSpec } from "../command.js";
import { GLOBAL_OPTIONS } from "../global-options.js";

/** `npm run man` writes its output to man/prosody-manager.1; made from the command list it documents. */
export function manPageCommand(commands: () => Promise<readonly CommandSpec[]>): CommandSpec {
  return {
    path: ["__man"],
    summary: "print the man page (roff), generated from the command definitions",
    args: [],
    options: [],
    examples: ["prosody-manager __man > prosody-manager.1 && man -l prosody-manager.1"],
    hidden: true,
    async run(ctx) {
      // SOURCE_DATE_EPOCH makes a packaged page reproducible (https://reproducible-builds.org/specs/source-date-epoch/).
      const epoch = Number(ctx.env.SOURCE_DATE_EPOCH);
      const date = (Number.isFinite(epoch) && ctx.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : ctx.now()).toISOString().slice(0, 10);
      const page = manPage({
        program: "prosody-manager",
        version: PACKAGE_VERSION,
        date,
        summary: "find, install, pin, update, enable and remove Prosody XMPP server modules",
        commands: await commands(),
        globals: GLOBAL_OPTIONS,
        exitCodes: [
          { code: "0", meaning: "success" },
          { code: "1", meaning: "the operation failed (unknown module, unreachable source, a tool failed); doctor and module verify when a check fails; a change not confirmed at the terminal (nothing was changed)" },
          { code: "2", meaning: "usage error (bad module name, unknown command or flag); nothing was run" },
        ],
        files: [
          { path: "$XDG_CACHE_HOME/prosody-manager/", meaning: "the cached community repository and catalogue.json (--cache-dir)" },
          { path: "<community-dir>/.prosody-manager.json", meaning: "what prosody-manager installed in the community directory" },
          { path: "/etc/prosody/prosody.cfg.lua", meaning: "the Prosody config read and edited (--config); FILE.bak is the copy before the last edit" },
        ],
      });
      return { json: { name: "prosody-manager.1", page }, text: page };
    },
  };
}
