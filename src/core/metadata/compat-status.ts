// What a Compatibility cell's words say. Hedges come first: "Might not work" and "Untested. Probably doesn't." are
// not a "no", and a tool must not warn about them as if they were. A refusal beats a "works" in the same cell
// ("Support dropped, use last supported version").

// Signs such as \u2713 are written as escapes: the bundle stays ASCII (scripts/build.mjs checks it).
const HEDGED = /\b(untested|not (yet )?tested|unknown|unclear|unsure|not sure|tbd|todo|probably|maybe|might|may|possibly|perhaps|partial(ly)?|experimental|needs? (a )?patch(ed)?)\b|\?/;

const REFUSED =
  /\b(does|do|did|is|are|was|wo|ca|could|would|should)n'?t\s+work|\b(not|cannot)\s+work|^no\b|\bbroken\b|\bbreaks\b|\bincompatible\b|\bunsupported\b|\bnot\s+(supported|compatible|needed|required|necessary|applicable)\b|\bdropped\b|\bfail(s|ed|ing)?\b|\bmerged\b|\bbuilt[- ]?in\b|\bincluded in\b|\bn\/a\b|[\u2717\u2718\u274c\u00d7]/;

const WORKS = /\bworks?\b|\bworking\b|\bshould work\b|^yes\b|\bok\b|\bsupported\b|\bcompatible\b|\btested\b|[\u2713\u2714\u2705]/;

/** `true` for "Works"-like words, `false` for "Does not work"/"No"/"Not needed"/"broken"…, otherwise undefined. */
export function interpretStatus(status: string): boolean | undefined {
  const text = status.toLowerCase().replace(/\u2019/g, "'").trim();
  if (text === "") return undefined;
  if (HEDGED.test(text)) return undefined;
  if (REFUSED.test(text)) return false;
  if (WORKS.test(text)) return true;
  return undefined;
}
