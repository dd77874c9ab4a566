import type { ConfigRequest } from "../app/config-integration.js";
import { flagOption, stringOption, type OptionValues } from "./command.js";

/** The options install and remove commands share for touching the Prosody config. */
export const CONFIG_OPTIONS = [
  { flags: "--enable", description: "also add the module to modules_enabled" },
  { flags: "--host <host>", description: "with --enable: only on this VirtualHost" },
  { flags: "--component <host>", description: "with --enable: only on this Component" },
  { flags: "--no-config", description: "leave the Prosody config alone" },
] as const;

export function configRequest(options: OptionValues): ConfigRequest {
  return {
    useConfig: options.config !== false,
    enable: flagOption(options, "enable"),
    host: stringOption(options, "host"),
    component: stringOption(options, "component"),
  };
}
