/**
 * `cxschema audit verify [FILE]` checks the audit log's hash chain (exit 0 intact, 1 with the first bad line
 * named); `cxschema audit show [--schema X] [--since T]` lists its entries. Both honour `--format json`.
 * The log is FILE, else `audit.path` from the config file, else `.cxschema/audit.jsonl`.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { globalOptions, type GlobalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';
import { createTerminal } from '../terminal.js';
import { sanitizeForTerminal } from '../render/terminal-text.js';

interface VerifyFlags {
  anchor?: string;
}

interface ShowFlags {
  schema?: string;
  since?: string;
  file?: string;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('check and read the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the hash chain of the audit log; exit 1 naming the first bad line')
    .argument('[file]', 'the audit log (default: audit.path from the config file, or .cxschema/audit.jsonl)')
    .option('--anchor <hash>', 'a hash recorded from an earlier verify: the log must still hold that entry')
    .action((file: string | undefined, flags: VerifyFlags, command: Command) =>
      runAction(() => runAuditVerify(file, flags, globalOptions(command))),
    );
  audit
    .command('show')
    .description('list audit entries, oldest first')
    .option('--schema <externalId>', 'only entries about this schema')
    .option('--since <time>', 'only entries since an ISO-8601 date or time, or a duration back from now (30m, 12h, 7d)')
    .option('--file <path>', 'the audit log (default: audit.path from the config file, or .cxschema/audit.jsonl)')
    .action((flags: ShowFlags, command: Command) => runAction(() => runAuditShow(flags, globalOptions(command))));
}

async function runAuditVerify(file: string | undefined, flags: VerifyFlags, globals: GlobalOptions): Promise<number> {
  const format = outputFormat(globals);
  const { parseAnchor } = await import('../../observe/audit/audit-report.js');
  // Checked before the log is read: a mistyped anchor is a usage error, not a log rewritten.
  const anchor = flags.anchor === undefined ? undefined : parseAnchor(flags.anchor);
  const path = await auditPath(file, globals);
  const { verifyAuditChain } = await import('../../observe/audit/audit-chain.js');
  const result = await verifyAuditChain(path, anchor === undefined ? {} : { anchor });
  const terminal = createTerminal({ color: globals.color });
  if (format === 'json') {
    terminal.out(JSON.stringify({ path, ...result }, null, 2));
  } else {
    const { formatVerification } = await import('../../observe/audit/audit-report.js');
    for (const line of formatVerification(result, relative(process.cwd(), path) || path))
      terminal.out(sanitizeForTerminal(line, { keepLines: true }));
  }
  return result.ok ? EXIT_OK : EXIT_FAILURE;
}

async function runAuditShow(flags: ShowFlags, globals: GlobalOptions): Promise<number> {
  const format = outputFormat(globals);
  const { parseSince, formatAuditEntries } = await import('../../observe/audit/audit-report.js');
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const path = await auditPath(flags.file, globals);
  const { readAuditEntries } = await import('../../observe/audit/audit-chain.js');
  const entries = await readAuditEntries(path, {
    ...(flags.schema === undefined ? {} : { schema: flags.schema }),
    ...(since === undefined ? {} : { since }),
  });
  const terminal = createTerminal({ color: globals.color });
  if (format === 'json') terminal.out(JSON.stringify({ path, entries }, null, 2));
  else if (entries.length === 0) terminal.err('no audit entries match');
  // Entries quote schema names, actors and error messages as they were logged: printed only once made safe.
  else for (const line of formatAuditEntries(entries)) terminal.out(sanitizeForTerminal(line, { keepLines: true }));
  return EXIT_OK;
}

function outputFormat(globals: GlobalOptions): 'text' | 'json' {
  const format = globals.format ?? 'text';
  if (format === 'text' || format === 'json') return format;
  throw new UsageError(`audit takes --format text or json, not ${format}`);
}

async function auditPath(file: string | undefined, globals: GlobalOptions): Promise<string> {
  const cwd = process.cwd();
  const { resolveAuditPath } = await import('../../observe/audit/audit-report.js');
  if (file !== undefined) return resolveAuditPath({ file, cwd });
  const { loadSettingsConfig } = await import('../project-config.js');
  // With --env, the environment's audit log when it names one; with --emulator too, the top-level log, which the
  // emulator's runs write (docs/config.md "Environments").
  const config = await loadSettingsConfig(globals, cwd);
  return resolveAuditPath({ cwd, config });
}
