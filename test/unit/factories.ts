import type { CommunityModule, InstalledCommunityModule, ModuleName } from "../../src/core/types.js";

/** A catalogue entry with everything empty but what a test names. */
export function communityModule(name: string, summary = "", overrides: Partial<CommunityModule> = {}): CommunityModule {
  return {
    name: name as ModuleName,
    summary,
    stage: undefined,
    labels: [],
    supersededBy: undefined,
    rockspec: { dependencies: [], buildModules: {}, copyDirectories: [] },
    compatibility: undefined,
    dependencies: { builtin: [], community: [], unknown: [], soft: [], unknowable: [], luaRequires: [] },
    headers: {},
    files: [`${name}.lua`],
    revision: "aaaaaaaaaaaa",
    changesets: 1,
    readme: undefined,
    hasCode: true,
    ...overrides,
  };
}

export function installed(name: string, revision: string, overrides: Partial<InstalledCommunityModule> = {}): InstalledCommunityModule {
  return {
    name: name as ModuleName,
    source: "community",
    revision,
    pinned: false,
    treeHash: "sha256-x",
    reason: "requested",
    installedAt: "2026-01-01T00:00:00.000Z",
    path: `/plugins/${name}`,
    ...overrides,
  };
}
