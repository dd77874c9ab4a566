import { findOption, GLOBAL_SCOPE, listValues, type ProsodyConfig, type Section } from "./model.js";

// Prosody 0.12's core/modulemanager.lua, get_modules_for_host: which modules a host really loads.

/** Loaded on every VirtualHost whatever modules_enabled says ("posix" is prosody.platform on Linux). */
export const AUTOLOAD_MODULES = ["posix", "presence", "message", "iq", "offline", "c2s", "s2s", "s2s_auth_certs"] as const;

/** The only global modules a Component gets; everything else it loads must be in its own modules_enabled. */
export const COMPONENT_INHERITABLE_MODULES = ["tls", "saslauth", "dialback", "iq", "s2s", "s2s_bidi", "smacks", "server_contact_info"] as const;

/**
 * The module names (without `mod_`) a host loads: (autoload + global modules_enabled − global modules_disabled,
 * cut down to the inheritable few on a Component) + the host's modules_enabled − the host's modules_disabled.
 * The component's own plugin (`Component "x" "muc"`) comes on top of these.
 */
export function modulesForHost(config: ProsodyConfig, section: Pick<Section, "kind" | "name">): Set<string> {
  const global = (name: string): string[] => listValues(findOption(config, name, GLOBAL_SCOPE)?.assignment.value);
  const own = (name: string): string[] => listValues(findOption(config, name, section)?.assignment.value);
  const disabled = new Set(global("modules_disabled"));
  let modules = [...AUTOLOAD_MODULES, ...global("modules_enabled")].filter((name) => !disabled.has(name));
  if (section.kind === "Component") modules = modules.filter((name) => (COMPONENT_INHERITABLE_MODULES as readonly string[]).includes(name));
  const hostDisabled = new Set(own("modules_disabled"));
  const result = new Set([...modules, ...own("modules_enabled")].filter((name) => !hostDisabled.has(name)));
  // modulemanager drops mod_vcard when mod_vcard_legacy is there too: the two conflict.
  if (result.has("vcard") && result.has("vcard_legacy")) result.delete("vcard");
  return result;
}
