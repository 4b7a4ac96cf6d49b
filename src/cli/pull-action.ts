/** The action of `cxschema pull`, loaded when the command runs. */
import { relative, resolve } from 'node:path';
import { pullSchemas, type PullResult } from '../org/pull.js';
import { EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { onlineFormat } from './plan-session.js';
import { withReadSession, type ReadFlags } from './read-session.js';
import { createTerminal, paint } from './terminal.js';
import { sanitizeStrings } from './render/terminal-text.js';

export interface PullCommandFlags extends ReadFlags {
  out?: string;
  select?: string;
  force?: boolean;
}

export async function runPull(flags: PullCommandFlags, globals: GlobalOptions): Promise<number> {
  const format = onlineFormat(globals, 'pull');
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  const outDir = resolve(cwd, flags.out ?? '.');
  const result = await withReadSession(globals, flags, terminal, cwd, ({ connection }) =>
    pullSchemas({
      target: connection.target,
      orgDomain: connection.orgDomain,
      outDir,
      ...(flags.select === undefined ? {} : { select: flags.select }),
      force: flags.force === true,
    }),
  );
  if (format === 'json') terminal.out(JSON.stringify(result, null, 2));
  else terminal.out(renderPull(result, cwd, terminal.color));
  return EXIT_OK;
}

export function renderPull(unsafeResult: PullResult, cwd: string, color: boolean): string {
  const result = sanitizeStrings(unsafeResult);
  const shown = (file: string): string => relative(cwd, file) || file;
  const lines = [
    paint(
      color,
      'bold',
      `Pulled from ${result.org.kind} at ${result.org.orgDomain} into ${shown(result.outDir) || '.'}`,
    ),
  ];
  for (const file of result.files) {
    const mark =
      file.action === 'created'
        ? paint(color, 'green', '+ created    ')
        : file.action === 'overwritten'
          ? paint(color, 'yellow', '~ overwritten')
          : paint(color, 'dim', '  unchanged  ');
    lines.push(`  ${mark} ${shown(file.file)} ${paint(color, 'dim', `(v${file.version} ${file.status})`)}`);
    if (file.leftOut !== undefined)
      lines.push(
        `      ${paint(color, 'yellow', '! left out')} (cxschema cannot read them; a plan blocks writes to this schema): ${file.leftOut.join(', ')}`,
      );
    if (file.readDifferently !== undefined)
      lines.push(
        `      ${paint(color, 'yellow', '! not as in the org')} (the file holds them otherwise; a plan blocks writes to this schema): ${file.readDifferently.join(', ')}`,
      );
  }
  const count = (action: string): number => result.files.filter((file) => file.action === action).length;
  const skipped = result.skipped > 0 ? `, ${result.skipped} not selected` : '';
  lines.push(
    result.files.length === 0 && result.skipped === 0
      ? 'The org holds no schemas: nothing was written.'
      : `${count('created')} created, ${count('overwritten')} overwritten, ${count('unchanged')} unchanged${skipped}.`,
  );
  return lines.join('\n') + '\n';
}
