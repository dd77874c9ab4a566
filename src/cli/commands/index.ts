import type { CommandSpec } from "../command.js";
import { configSetup } from "./config-setup.js";
import { doctor } from "./doctor.js";
import { moduleDisable, moduleEnable } from "./module-enable.js";
import { moduleInfo } from "./module-info.js";
import { moduleInstall } from "./module-install.js";
import { moduleList } from "./module-list.js";
import { moduleOutdated } from "./module-outdated.js";
import { modulePin, moduleUnpin } from "./module-pin.js";
import { moduleApply } from "./module-apply.js";
import { moduleMigrate } from "./module-migrate.js";
import { moduleAdopt } from "./module-adopt.js";
import { moduleVerify } from "./module-verify.js";
import { moduleRemove } from "./module-remove.js";
import { moduleSearch } from "./module-search.js";
import { moduleSync } from "./module-sync.js";
import { moduleUpdate } from "./module-update.js";
import { moduleRocksInstall } from "./module-rocks-install.js";
import { moduleRocksList } from "./module-rocks-list.js";
import { moduleRocksOutdated } from "./module-rocks-outdated.js";
import { moduleRocksRemove } from "./module-rocks-remove.js";
import { prosodyctlCommand } from "./prosodyctl.js";
import { moduleChanges } from "./module-changes.js";
import { moduleLogCommand } from "./module-log.js";
import { completionCommand } from "./completion.js";
import { completeWords } from "./complete-words.js";
import { manPageCommand } from "./man-page.js";
import { mirrorCreate } from "./mirror-create.js";
import { mirrorUpdate } from "./mirror-update.js";

/** Every command, in the order `--help` lists them. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  moduleSearch, moduleList, moduleInfo, moduleUpdate, moduleSync, moduleInstall,
  moduleRemove,
  moduleRocksInstall,
  moduleRocksRemove,
  moduleRocksList,
  moduleRocksOutdated,
  moduleOutdated,
  moduleVerify,
  modulePin,
  moduleUnpin,
  moduleApply,
  moduleMigrate,
  moduleAdopt,
  moduleEnable,
  moduleDisable,
  configSetup,
  doctor,
  prosodyctlCommand,
  moduleChanges,
  moduleLogCommand,
  completionCommand(() => ALL_COMMANDS),
  completeWords,
  manPageCommand(() => ALL_COMMANDS),
  mirrorCreate,
  mirrorUpdate,
];
