/** The action of `cxschema history <externalId>`, loaded when the command runs. */
import type { SchemaHistory } from '../org/history.js';
import { readHistory } from '../org/history.js';
import { EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { onlineFormat } from './plan-session.js';
import { withReadSession, type ReadFlags } from './read-session.js';
import { formatValue, renderChange } from './render-plan.js';
import { createTerminal, paint, type Style } from './terminal.js';
import { sanitizeStrings } from './render/terminal-text.js';

export async function runHistory(externalId: string, flags: ReadFlags, globals: GlobalOptions): Promise<number> {
  const format = onlineFormat(globals, 'history');
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  const history = await withReadSession(globals, flags, terminal, cwd, ({ config, connection }) =>
    readHistory({ target: connection.target, externalId, mode: config.compatibility.mode }),
  );
  if (format === 'json') terminal.out(JSON.stringify(history, null, 2));
  else terminal.out(renderHistory(history, terminal.color));
  return EXIT_OK;
}

export function renderHistory(unsafeHistory: SchemaHistory, color: boolean): string {
  const history = sanitizeStrings(unsafeHistory);
  const c = (style: Style, text: string): string => paint(color, style, text);
  const lines = [
    c('bold', `History of ${history.externalId}`) +
      c('dim', ` (${history.versions.length} versions; compatibility judged under ${history.mode})`),
  ];
  for (const entry of history.versions) {
    const status = entry.statusBefore === undefined ? entry.status : `${entry.statusBefore} -> ${entry.status}`;
    const current = entry.version === history.current ? c('dim', ' (current)') : '';
    lines.push('', `${c('bold', `v${entry.version}`)}  ${entry.date}  ${status}${current}`);
    if (entry.version === history.versions[0]?.version) {
      lines.push(`    ${c('dim', 'first version')}`);
      continue;
    }
    if (entry.changes.length === 0)
      lines.push(`    ${c('dim', entry.statusBefore === undefined ? 'same contents' : 'status only')}`);
    for (const change of entry.changes) lines.push(`    ${renderChange(change, c)}`);
    for (const change of entry.compatibility) {
      const verdict =
        change.neverAllowed === true
          ? c('red', 'never allowed on this family, in any mode')
          : change.breaks
            ? c('red', `breaks ${history.mode}`)
            : c('dim', `compatible under ${history.mode}`);
      const values =
        change.before !== undefined || change.after !== undefined
          ? `: ${formatValue(change.before)} -> ${formatValue(change.after)}`
          : '';
      lines.push(
        `    ${change.breaks ? c('red', '!') : c('dim', '=')} ${change.rule} ${change.field}${values} (${verdict})`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
