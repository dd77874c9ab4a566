import path from "node:path";

/**
 * path.join(dir, relative) for many paths under one directory, with `dir` normalized once instead of on every call:
 * read commands join hundreds of names (a directory's listing, each module's loader candidates), and path.join costs
 * microseconds each. `relative` must be plain segments: names from a listing or a module's file names, never "", "."
 * or "..".
 */
export function joinerUnder(dir: string): (relative: string) => string {
  const base = path.normalize(dir);
  // path.join(".", "x") is "x", and so is path.join("./", "x") or path.join("a/..", "x").
  if (base === "." || base === "./") return (relative) => relative;
  const prefix = base.endsWith("/") ? base : `${base}/`;
  return (relative) => prefix + relative;
}
