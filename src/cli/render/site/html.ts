/** Escaping for the catalog's HTML: every piece of text from a schema file goes through one of these. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A control character other than a tab or a line break is U+FFFD, as on a terminal: HTML holds none (a browser drops
 * a NUL without a trace), and a NUL makes git take a catalog kept in it for a binary file.
 */
export function esc(text: string): string {
  // One pass, and none at all for the common text with nothing to escape (a catalog escapes a great deal).
  return SPECIAL.test(text) ? text.replace(SPECIALS, (char) => ENTITIES[char] ?? '\uFFFD') : text;
}

// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const SPECIALS = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text from a file set beside other text, escaped and isolated: a right-to-left override in it (U+202E), or a
 * right-to-left script, cannot reorder what stands next to it (an externalId, a label, the next value).
 */
export function isolated(text: string): string {
  return `<bdi>${esc(balancedBidi(text))}</bdi>`;
}

/** The same in plain text (a page's `<title>`), where no element can isolate: first-strong isolate ... pop isolate. */
export function isolatedPlain(text: string): string {
  return `\u2068${balancedBidi(text)}\u2069`;
}

const ISOLATE_OPENERS = new Set(['\u2066', '\u2067', '\u2068']);
const EMBEDDING_OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']);
const POP_ISOLATE = '\u2069';
const POP_EMBEDDING = '\u202C';

/**
 * The text with its directional formatting characters balanced, as written otherwise: a pop isolate (U+2069) or pop
 * directional formatting (U+202C) that closes nothing the text opened is dropped, and an isolate the text leaves
 * open is closed at its end. Unbalanced, `Ab\u2069\u202Ecd` would close the isolate around it, and the override
 * after it would run over the externalId beside it; an isolate it left open would take the closing one meant for
 * ours.
 */
export function balancedBidi(text: string): string {
  if (!/[\u202A-\u202E\u2066-\u2069]/.test(text)) return text;
  const open: string[] = [];
  let out = '';
  for (const char of text) {
    if (ISOLATE_OPENERS.has(char) || EMBEDDING_OPENERS.has(char)) {
      open.push(char);
    } else if (char === POP_ISOLATE) {
      // It closes the innermost open isolate and every embedding opened inside it (UAX #9, X6a).
      const at = open.findLastIndex((opener) => ISOLATE_OPENERS.has(opener));
      if (at < 0) continue;
      open.length = at;
    } else if (char === POP_EMBEDDING) {
      // It closes an embedding opened since the innermost isolate, and nothing otherwise (X7).
      if (open.length === 0 || !EMBEDDING_OPENERS.has(open.at(-1)!)) continue;
      open.pop();
    }
    out += char;
  }
  // An embedding left open needs no closing: the isolate around the text ends it (X6a), as it ends its own isolates.
  for (const opener of open) if (ISOLATE_OPENERS.has(opener)) out += POP_ISOLATE;
  return out;
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
