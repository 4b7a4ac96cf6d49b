/**
 * A few lines of the file around a finding, with a caret under its column. Long lines (minified JSON) are cut
 * to a window around the column, so one finding never prints a megabyte. A report with many findings in one
 * file splits it once (sourceLines) and passes the lines, not the text, for each frame.
 */
import { paint } from '../terminal.js';
import { sanitizeForTerminal } from './terminal-text.js';

const CONTEXT_LINES = 1;
const MAX_WIDTH = 120;

/** The lines of a file's text, as code frames number them. */
export function sourceLines(source: string): string[] {
  const lines = source.split(/\r\n|\r|\n/);
  // The newline that ends the last line does not start another one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function renderCodeFrame(
  source: string | readonly string[],
  line: number,
  column: number,
  color: boolean,
): string {
  const lines = typeof source === 'string' ? sourceLines(source) : source;
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const gutterWidth = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    // One for one, so that the caret stays under its column.
    const text = sanitizeForTerminal(lines[number - 1]!, { keepColumns: true });
    const current = number === line;
    const { shown, caretAt } = windowOf(text, current ? column : 1);
    const gutter = `${current ? '>' : ' '} ${String(number).padStart(gutterWidth)} | `;
    out.push(paint(color, current ? 'bold' : 'dim', gutter) + shown);
    if (current) {
      // Keep tabs in the lead so that the caret lines up under tab-indented text.
      const lead = shown.slice(0, caretAt).replace(/[^\t]/g, ' ');
      out.push(paint(color, 'dim', `  ${' '.repeat(gutterWidth)} | `) + lead + paint(color, 'red', '^'));
    }
  }
  return out.join('\n');
}

function windowOf(text: string, column: number): { shown: string; caretAt: number } {
  const index = Math.max(0, Math.min(column - 1, text.length));
  if (text.length <= MAX_WIDTH) return { shown: text, caretAt: index };
  const start = Math.max(0, Math.min(index - MAX_WIDTH / 2, text.length - MAX_WIDTH));
  const end = Math.min(text.length, start + MAX_WIDTH);
  const prefix = start > 0 ? '...' : '';
  const suffix = end < text.length ? '...' : '';
  return { shown: prefix + text.slice(start, end) + suffix, caretAt: prefix.length + index - start };
}
