import { failure } from "../core/errors.js";
import type { ModuleName } from "../core/types.js";
import { locateModule, type ModuleLocation } from "./module-locations.js";
import { moduleSearchPath } from "./search-path.js";
import type { Session } from "./session.js";

/** Where Prosody would load the module from; refuses a module found nowhere, so Prosody never starts without it. */
export async function requirePresent(session: Session, name: ModuleName): Promise<ModuleLocation> {
  const facts = await session.installation();
  const found = await locateModule(name, await moduleSearchPath(session), facts.luaVersion);
  const first = found[0];
  if (!first) {
    throw failure(`${name} is neither built into Prosody nor installed`, `install it first: 'prosody-manager module install ${name}' or 'prosody-manager module rocks install ${name}'`);
  }
  return first;
}
