import { Session } from "../../app/session.js";
import { createMirror } from "../../app/use-cases/mirror.js";
import { arg, flagOption, type CommandSpec } from "../command.js";
import { mirrorResult } from "../mirror-view.js";

export const mirrorCreate: CommandSpec = {
  path: ["mirror", "create"],
  summary: "write an offline mirror of both sources (what the lockfile needs, or --all)",
  description:
    "Writes DIR/community, a Mercurial clone of the community repository with its full history (so pinned revisions\n" +
    "resolve), and DIR/rocks, a rocks server directory laid out as the Prosody rocks server (rockspecs, .src.rock files,\n" +
    "manifest, manifest-5.4 and manifest-5.4.zip, made with luarocks-admin make_manifest). By default it holds the rocks\n" +
    "the lockfile locks, at their locked versions (dependencies included, as the lockfile holds them); --all mirrors\n" +
    "every rock of the server. The mirror is verified before it is put in place: every locked module must resolve from\n" +
    "it, else exit 1 and nothing is written. Then point --community-url and --rocks-server at it (a path, or any static\n" +
    "web server / hg serve in front of it).",
  args: [arg("dir", "the mirror's directory (new or empty)")],
  options: [{ flags: "--all", description: "mirror every rock of the server, not only the lockfile's" }],
  examples: [
    "prosody-manager mirror create /srv/prosody-mirror",
    "prosody-manager --lockfile fleet/prosody-manager.lock.json mirror create /srv/prosody-mirror --json",
    "prosody-manager mirror create /media/usb/prosody-mirror --all",
    "prosody-manager --community-url /srv/prosody-mirror/community --rocks-server /srv/prosody-mirror/rocks module apply",
  ],
  async run(ctx, input) {
    const session = new Session(ctx);
    const outcome = await createMirror(session, { dir: input.args[0] ?? "", all: flagOption(input.options, "all") });
    return mirrorResult(outcome, true);
  },
};
