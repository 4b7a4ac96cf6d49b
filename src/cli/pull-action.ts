/** The action of `cxschema pull`, loaded when the command runs. */
import { relative, resolve } from 'node:path';
import { PullInterrupted, pullSchemas, type PullResult } from '../org/pull.js';
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
  const interruption = watchSignals((received) => {
    // Nothing is written before the files are: the run ends at once, as Node's default would end it.
    terminal.err(`Pull interrupted by ${received}: no file was written.`);
    process.exit(EXIT_SIGNAL[received]);
  });
  let result: PullResult;
  try {
    result = await withReadSession(globals, flags, terminal, cwd, ({ connection }) =>
      pullSchemas({
        target: connection.target,
        orgDomain: connection.orgDomain,
        outDir,
        ...(flags.select === undefined ? {} : { select: flags.select }),
        force: flags.force === true,
        signal: interruption.signal,
        onWriting: interruption.writing,
      }),
    );
  } catch (error) {
    // Only the pull's own stop says that nothing was written: a rename that failed after the signal names the files
    // it had renamed, and any other failure is its own.
    const received = interruption.received();
    if (received === undefined || !(error instanceof PullInterrupted)) throw error;
    terminal.err(`Pull interrupted by ${received}: no file was written.`);
    return EXIT_SIGNAL[received];
  } finally {
    interruption.stop();
  }
  if (format === 'json') terminal.out(JSON.stringify(result, null, 2));
  else terminal.out(renderPull(result, cwd, terminal.color));
  const late = interruption.received();
  if (late === undefined) return EXIT_OK;
  terminal.err(`Pull interrupted by ${late} once its files were being renamed into place: every file was written.`);
  return EXIT_SIGNAL[late];
}

type Signal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as a shell reports a process the signal ended. */
const EXIT_SIGNAL: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Ctrl-C (SIGINT) or SIGTERM during a pull. While the org is read nothing is written, and `beforeWriting` ends the
 * process at once. Once the files are written (`writing`), ended at once by Node's default it left the temporary
 * files written so far in the folder, which no later run removes: the first signal aborts the pull instead, which
 * then writes no file and removes those it wrote (org/pull.ts), or, once renames have begun, finishes them; a second
 * ends the process at once, as before.
 */
function watchSignals(beforeWriting: (received: Signal) => void): {
  signal: AbortSignal;
  received: () => Signal | undefined;
  writing: () => void;
  stop: () => void;
} {
  const controller = new AbortController();
  let received: Signal | undefined;
  let writing = false;
  const on = (name: Signal): void => {
    if (!writing) beforeWriting(name);
    if (received !== undefined) process.exit(EXIT_SIGNAL[received]);
    received = name;
    controller.abort(`interrupted by ${name}`);
  };
  const onInt = (): void => on('SIGINT');
  const onTerm = (): void => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => received,
    writing: () => {
      writing = true;
    },
    stop: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
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
