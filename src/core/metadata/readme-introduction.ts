import { frontMatterBounds } from "./front-matter-bounds.js";
import { introductionOf } from "./introduction.js";

/** The introduction `parseReadme` would give, without parsing the front matter (so without the YAML library). */
export function readmeIntroduction(text: string): string {
  return introductionOf(frontMatterBounds(text).body);
}
