import { failure } from "../core/errors.js";
import type { ModuleCopies, ModuleCopy } from "../core/model/copies.js";
import type { ModuleName } from "../core/types.js";
import { readModuleCopies } from "./module-copies.js";
import type { Session } from "./session.js";

/** Every copy of the module and the one Prosody loads; refuses a module found nowhere, so Prosody never starts without it. */
export async function requirePresent(session: Session, name: ModuleName): Promise<ModuleCopies & { loaded: ModuleCopy }> {
  const copies = (await readModuleCopies(session, { names: [name], only: true, check: false })).modules.get(name);
  const loaded = copies?.loaded;
  if (!copies || !loaded) {
    throw failure(`${name} is neither built into Prosody nor installed`, `install it first: 'prosody-manager module install ${name}' or 'prosody-manager module rocks install ${name}'`);
  }
  return { ...copies, loaded };
}
