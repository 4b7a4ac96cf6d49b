/**
 * Markdown for places with a size limit (a pull request comment holds 65,536 characters): sections are filled
 * in order of importance while they fit, and what does not fit is counted, never cut in the middle.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * HTML-escaped text in a code span that is safe inside a table cell (a `|` would end the cell). GitHub finds no
 * mention or issue reference inside code, so those are left as they are: the value reads and copies as written.
 */
export function code(text: string): string {
  return `<code>${escapeMarkup(text, false)}</code>`;
}

/**
 * Text for a table cell or a summary line: no markup, no line breaks, no cell separators. Text from the files or
 * the org is not trusted to be plain: a link or an image written as markup (`[..](..)`, `![..](..)`) is defused
 * by its brackets, and a backslash cannot escape what follows it. A mention (`@team`, not the `@` of an address)
 * or an issue reference (`#12`) gets a zero-width space after its sign, which GitHub then links to no one (an
 * entity alone would not do: GitHub finds them in the rendered text). A bare URL stays one: GitHub shows it as
 * the link it is, its address in full.
 */
export function cell(text: string): string {
  return escapeMarkup(text, true);
}

/**
 * An issue reference's `#`, a mention's `@` (not an address's), or a bare URL, whichever starts first: a URL is
 * matched whole so that neither sign inside it (`/spec#12`, `/@ops`) is touched, GitHub linking none of them.
 */
const REFERENCE_OR_URL = /(?:https?:\/\/|www\.)\S*|#(?=\d)|(?<!\w)@(?=\w)/g;
const URL_START = /^(?:https?:\/\/|www\.)/;

function escapeMarkup(text: string, defuseReferences: boolean): string {
  let out = text.replaceAll('&', '&amp;');
  // Before every entity, the zero-width space's own included, brings in a `#` followed by digits.
  if (defuseReferences)
    out = out.replace(REFERENCE_OR_URL, (found) => (URL_START.test(found) ? found : `${found}&#8203;`));
  return out
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('|', '&#124;')
    .replaceAll('`', '&#96;')
    .replaceAll('*', '&#42;')
    .replaceAll('_', '&#95;')
    .replaceAll('[', '&#91;')
    .replaceAll(']', '&#93;')
    .replaceAll('\\', '&#92;')
    .replace(/[\r\n]+/g, ' ');
}

/**
 * Cuts text longer than `max` UTF-16 units, saying so. Never between the two halves of a surrogate pair (an emoji,
 * say): the half left would reach the comment as U+FFFD.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

export interface Budget {
  /** Characters still free. */
  left: number;
  /** Takes `text` when it fits; false (and nothing taken) when it does not. */
  take(text: string): boolean;
}

export function createBudget(limit: number): Budget {
  const budget: Budget = {
    left: limit,
    take(text) {
      if (text.length > budget.left) return false;
      budget.left -= text.length;
      return true;
    },
  };
  return budget;
}
