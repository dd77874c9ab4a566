import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import { EMPTY_STATE, parseState } from "../core/state.js";
import type { StateFile } from "../core/types.js";
import { readJsonFile, writeFileAtomic } from "../system/fs-atomic.js";
import type { Logger } from "./context.js";

// Kept inside the community directory so the record travels with what it describes; Prosody ignores dot files.
export const STATE_FILE_NAME = ".prosody-manager.json";

export function statePath(communityDir: string): string {
  return path.join(communityDir, STATE_FILE_NAME);
}

export async function readState(communityDir: string, log?: Logger): Promise<StateFile> {
  const file = statePath(communityDir);
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_STATE;
    throw failure(`the state file ${file} is not valid JSON`, "restore it from a backup, or move it aside to start afresh");
  }
  const { state, problems } = parseState(raw);
  for (const problem of problems) log?.warn(`${file}: ${problem}`);
  return state;
}

export async function writeState(communityDir: string, state: StateFile): Promise<void> {
  // Readable by Prosody's admins, never world-writable, whatever the umask of whoever ran us.
  await writeFileAtomic(statePath(communityDir), `${JSON.stringify(state, null, 2)}\n`, 0o644);
  await fs.chmod(statePath(communityDir), 0o644);
}
