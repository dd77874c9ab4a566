/** A URL with a scheme (`https://…`, `file://…`); anything else is a local path. */
export function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}
