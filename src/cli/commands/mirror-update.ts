import { Session } from "../../app/session.js";
import { updateMirror } from "../../app/use-cases/mirror.js";
import { arg, flagOption, type CommandSpec } from "../command.js";
import { mirrorResult } from "../mirror-view.js";

export const mirrorUpdate: CommandSpec = {
  path: ["mirror", "update"],
  summary: "refresh a mirror: new changesets and missing rock files only",
  description:
    "Pulls new changesets into DIR/community and fetches only the rock files DIR/rocks lacks (for the current lockfile,\n" +
    "or every rock with --all or when the mirror was made with --all), then rebuilds the manifests if anything was added.\n" +
    "Nothing is removed, so machines locked to older versions keep resolving. The sources are the ones the mirror was\n" +
    "made from unless --community-url or --rocks-server says otherwise. Verified like 'mirror create'; exit 1 when a\n" +
    "locked module does not resolve (what was fetched is kept).",
  args: [arg("dir", "an existing mirror's directory")],
  options: [{ flags: "--all", description: "mirror every rock of the server from now on" }],
  examples: [
    "prosody-manager mirror update /srv/prosody-mirror",
    "prosody-manager mirror update /srv/prosody-mirror --json   # rocks.added and community.added list what is new",
  ],
  async run(ctx, input) {
    const session = new Session(ctx);
    const outcome = await updateMirror(session, { dir: input.args[0] ?? "", all: flagOption(input.options, "all") });
    return mirrorResult(outcome, false);
  },
};
