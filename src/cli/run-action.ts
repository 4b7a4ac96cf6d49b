/**
 * The one place that maps an outcome to an exit code (docs/architecture.md: only the CLI entry decides).
 * A command's action returns its exit code; anything thrown is rendered without a stack trace,
 * unless CXSCHEMA_DEBUG is set.
 */
import { CxError } from '../model/errors.js';
import { redactUrlUserParts } from '../model/redaction.js';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';
import { sanitizeForTerminal } from './render/terminal-text.js';

/**
 * What is printed of a thrown error: made safe for the terminal, and without the user part of any URL in it. An
 * error may come from code that is not ours (Node, a library) and quote a URL whole, a proxy's or a portal's with its
 * password (docs/architecture.md "Conventions"). Only URL user parts: the other shapes the secret redactor knows
 * would cut words out of hints that name them (`Authorization: Bearer <admin token>`), and the client's errors are
 * cleaned of its secrets where they are made.
 */
const safe = (text: string): string => sanitizeForTerminal(redactUrlUserParts(text), { keepLines: true });

export async function runAction(action: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await action();
  } catch (error) {
    code = reportError(error);
  }
  process.exitCode = code;
}

export function reportError(error: unknown): number {
  const debug = process.env['CXSCHEMA_DEBUG'] !== undefined && process.env['CXSCHEMA_DEBUG'] !== '';
  if (error instanceof CxError) {
    const located = error as CxError & { file?: string; line?: number; column?: number };
    const location = typeof located.file === 'string' ? `${formatLocation(located)}: ` : '';
    // A message quotes file names, values and the org's own text: printed only once made safe.
    process.stderr.write(`error: ${safe(`${location}${error.message}`)}\n`);
    if (error.hint) process.stderr.write(`hint: ${safe(error.hint)}\n`);
    if (debug && error.stack) process.stderr.write(redactUrlUserParts(error.stack) + '\n');
    return error.code === 'USAGE' || error.code === 'CONFIG' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`internal error: ${safe(message)}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(redactUrlUserParts(error.stack) + '\n');
  else process.stderr.write('hint: set CXSCHEMA_DEBUG=1 for a stack trace, and report it\n');
  return EXIT_FAILURE;
}

function formatLocation(error: CxError & { file?: string; line?: number; column?: number }): string {
  let text = error.file ?? '';
  if (error.line !== undefined) text += `:${error.line}`;
  if (error.column !== undefined) text += `:${error.column}`;
  return text;
}
