/**
 * Text from files (names, excerpts, values quoted in messages) made safe to print: a file name or a schema
 * value could otherwise move the cursor, rewrite earlier lines, set the window title or hide itself. ANSI escape
 * sequences go first (Node's own parser of them), then every other C0 or C1 control character and DEL becomes
 * U+FFFD, so that what was there stays visible.
 */
import { stripVTControlCharacters } from 'node:util';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Any character either step would touch: an escape sequence starts with ESC or CSI, both in this class. Most
 * strings hold none, and are returned as they are without running the two replacements.
 */
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `keepLines`: newlines and tabs stay (a multi-line message). `keepColumns`: a line of a file under a caret, so
 * each control character (ESC included) is replaced one for one rather than a sequence removed, and tabs stay.
 */
export function sanitizeForTerminal(
  text: string,
  options: { keepLines?: boolean; keepColumns?: boolean } = {},
): string {
  if (!ANY_CONTROL.test(text)) return text;
  if (options.keepColumns === true) return text.replace(CONTROL_BUT_TAB, '\uFFFD');
  return stripVTControlCharacters(text).replace(options.keepLines === true ? CONTROL_BUT_LINES : CONTROL, '\uFFFD');
}

/** Strings that are messages of several lines (a reason with its details): their newlines and tabs stay. */
const MULTILINE_KEYS = new Set(['message', 'reason', 'hint', 'blocked', 'stopped', 'errorMessage']);

/**
 * A copy of `value` (a plan, an apply result, a history) with every string in it made safe to print, for the text
 * renderers that echo names, files and messages from files or the org. Keys are kept as they are: they are the
 * tool's own. Plain data only (what JSON can hold), as every renderer's input is.
 */
export function sanitizeStrings<T>(value: T, key?: string): T {
  if (typeof value === 'string')
    return sanitizeForTerminal(value, { keepLines: key !== undefined && MULTILINE_KEYS.has(key) }) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => sanitizeStrings(item, key)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    // Object.fromEntries defines each key as data: a key named `__proto__` (an enum value) stays a key.
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, item]) => [name, sanitizeStrings(item, name)]),
    ) as T;
  }
  return value;
}
