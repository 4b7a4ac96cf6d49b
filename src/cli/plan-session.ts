/**
 * What `plan` and `apply` share: the output format, the config, the connection to the org, planning from the
 * files, and what is shown when the files do not validate. Loaded only by those commands' actions.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../load/config-loader.js';
import type { CxConfig } from '../model/config.js';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import { preparePlan, type PreparedPlan } from '../plan/prepare-plan.js';
import { serializePlan } from '../plan/saved-plan.js';
import type { Plan } from '../plan/plan-types.js';
import type { Connection } from './connect-target.js';
import type { GlobalOptions } from './global-options.js';
import { paint, type Terminal } from './terminal.js';

export type OnlineFormat = 'text' | 'json';

export function onlineFormat(globals: GlobalOptions, command: string): OnlineFormat {
  const format = globals.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`${command} does not support --format ${format}`, { hint: 'use --format text or --format json' });
  }
  return format;
}

export function loadProjectConfig(globals: GlobalOptions, cwd: string): Promise<CxConfig> {
  return loadConfig(globals.config === undefined ? { cwd } : { cwd, configPath: globals.config });
}

export async function planFromFiles(options: {
  paths: readonly string[];
  cwd: string;
  config: CxConfig;
  connection: Connection;
  prune: boolean;
  concurrency?: number;
}): Promise<PreparedPlan> {
  return preparePlan({
    paths: options.paths,
    cwd: options.cwd,
    config: options.config,
    target: options.connection.target,
    orgDomain: options.connection.orgDomain,
    prune: options.prune,
    createdAt: new Date().toISOString(),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}

/** Files that do not validate: their diagnostics (errors and warnings), in the chosen format. */
export function reportInvalidFiles(prepared: PreparedPlan, terminal: Terminal, format: OnlineFormat, command: string): void {
  const { diagnostics, summary } = prepared.validation;
  if (format === 'json') {
    terminal.out(JSON.stringify({ valid: false, diagnostics: [...diagnostics].sort(compareDiagnostics), summary }, null, 2));
    return;
  }
  terminal.err(renderDiagnostics(diagnostics, terminal.color));
  terminal.err(`${command}: ${summary.errors} error${summary.errors === 1 ? '' : 's'} in the schema files; nothing was planned. Run cxschema validate for details.`);
}

/** Warnings of files that do validate: shown on stderr in text mode, so that they are not missed. */
export function reportWarnings(prepared: PreparedPlan, terminal: Terminal, format: OnlineFormat): void {
  const warnings = prepared.validation.diagnostics.filter((d) => d.severity === 'warning');
  if (format === 'text' && warnings.length > 0) terminal.err(renderDiagnostics(warnings, terminal.color));
}

function renderDiagnostics(diagnostics: readonly Diagnostic[], color: boolean): string {
  return [...diagnostics]
    .sort(compareDiagnostics)
    .map((d) => {
      const severity = paint(color, d.severity === 'error' ? 'red' : 'yellow', d.severity);
      return `${d.file}:${d.line}:${d.column} ${severity} ${d.ruleId} ${d.message}${d.hint !== undefined ? `\n  hint: ${d.hint}` : ''}`;
    })
    .join('\n');
}

export async function savePlan(plan: Plan, file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  await writeFile(path, serializePlan(plan), 'utf8');
  return path;
}
