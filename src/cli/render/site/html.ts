/** Escaping for the catalog's HTML: every piece of text from a schema file goes through one of these. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string): string {
  // One pass, and none at all for the common text with nothing to escape (a catalog escapes a great deal).
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ENTITIES[char]!) : text;
}

/** The page of a schema, relative to the site's root. externalIds are `[a-z][a-z0-9_]*`, safe as file names. */
export function schemaPage(externalId: string): string {
  return `schemas/${encodeURIComponent(externalId)}.html`;
}

/** Compact JSON for constraint values (`"gold"`, `1000`, `["a","b"]`). */
export function valueText(value: unknown): string {
  if (value === undefined) return '(unset)';
  return JSON.stringify(value) ?? typeof value;
}
