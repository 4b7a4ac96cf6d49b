/**
 * `cxschema portal resend` sends the change events the environment's outbox still holds (docs/portal-events.md
 * "When the portal does not get an event"): exit 0 when none is left to send, 1 when the portal did not take one.
 * It reads the config (the portal, the audit log's folder) and never the org.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { globalOptions, type GlobalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';
import { createTerminal } from '../terminal.js';
import { sanitizeForTerminal } from '../render/terminal-text.js';

export function registerPortal(program: Command): void {
  const portal = program.command('portal').description('the change events sent to the developer portal');
  portal
    .command('resend')
    .description('send the change events the outbox still holds: those the portal did not take, or a run left')
    .action((_flags: unknown, command: Command) => runAction(() => runPortalResend(globalOptions(command))));
}

async function runPortalResend(globals: GlobalOptions): Promise<number> {
  const format = globals.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`portal takes --format text or json, not ${format}`);
  const cwd = process.cwd();
  const { loadSettingsConfig } = await import('../project-config.js');
  const { resendOutbox } = await import('../../observe/portal/outbox-resend.js');
  const { MAX_OUTBOX_EVENTS } = await import('../../observe/portal/portal-outbox.js');
  // The environment's portal and audit log (the top-level ones with --emulator). No schema file is read.
  const emulator = globals.emulator === true;
  const config = await loadSettingsConfig(globals, cwd);
  const report = await resendOutbox({
    config,
    environment: emulator ? 'emulator' : (globals.env ?? 'default'),
    cwd,
  });
  const terminal = createTerminal({ color: globals.color });
  const code = report.failed === undefined ? EXIT_OK : EXIT_FAILURE;
  if (format === 'json') {
    terminal.out(JSON.stringify(report, null, 2));
    return code;
  }
  const shown = relative(cwd, report.path) || report.path;
  const lines: string[] = [];
  const events = (n: number): string => `${n} change ${n === 1 ? 'event' : 'events'}`;
  for (const dropped of report.dropped)
    terminal.err(
      sanitizeForTerminal(
        `warning: dropped ${dropped.schema} v${dropped.version} (event ${dropped.eventId}) unsent: the outbox keeps at most ${MAX_OUTBOX_EVENTS} events an environment`,
      ),
    );
  if (report.sent.length > 0)
    lines.push(
      `sent ${events(report.sent.length)} to ${report.url}: ${report.sent.map((e) => `${e.schema} v${e.version}`).join(', ')}`,
    );
  else if (report.failed === undefined) lines.push(`nothing to send for environment ${report.environment}`);
  const others = Object.entries(report.otherEnvironments).map(([name, n]) => `${events(n)} of ${name}`);
  if (others.length > 0)
    lines.push(
      `the outbox also holds ${others.join(', ')}: sent by a run of that environment (--env NAME; emulator: --emulator)`,
    );
  if (report.waiting > 0)
    lines.push(`${events(report.waiting)} held by a run that may still be going: left to that run`);
  for (const line of lines) terminal.out(sanitizeForTerminal(line));
  if (report.failed !== undefined) {
    terminal.err(sanitizeForTerminal(`error: ${report.failed.message}`));
    terminal.err(
      sanitizeForTerminal(
        `${events(report.left)} still ${report.left === 1 ? 'waits' : 'wait'} in ${shown}: run cxschema portal resend again once the portal takes events`,
      ),
    );
  }
  return code;
}
