/** Escaping for the catalog's HTML: every piece of text from a schema file goes through one of these. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string): string {
  // One pass, and none at all for the common text with nothing to escape (a catalog escapes a great deal).
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ENTITIES[char]!) : text;
}

/**
 * Text from a file set beside other text, escaped and isolated: a right-to-left override in it (U+202E), or a
 * right-to-left script, cannot reorder what stands next to it (an externalId, a label, the next value).
 */
export function isolated(text: string): string {
  return `<bdi>${esc(text)}</bdi>`;
}

/** The same in plain text (a page's `<title>`), where no element can isolate: first-strong isolate ... pop isolate. */
export function isolatedPlain(text: string): string {
  return `\u2068${text}\u2069`;
}

/** The page of a schema, relative to the site's root. externalIds are `[a-z][a-z0-9_]*`, safe as file names. */
export function schemaPage(externalId: string): string {
  return `schemas/${encodeURIComponent(externalId)}.html`;
}

/** A value as compact JSON, escaped; isolated where it may hold a file's text (a string, a list, an object). */
export function valueHtml(value: unknown): string {
  const text = valueText(value);
  return typeof value === 'number' || typeof value === 'boolean' || value === undefined ? esc(text) : isolated(text);
}

/** Compact JSON for constraint values (`"gold"`, `1000`, `["a","b"]`). */
export function valueText(value: unknown): string {
  if (value === undefined) return '(unset)';
  return JSON.stringify(value) ?? typeof value;
}
