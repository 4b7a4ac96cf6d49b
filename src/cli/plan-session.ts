/**
 * What `plan` and `apply` share: the output format, the config, the connection to the org, planning from the
 * files, and what is shown when the files do not validate. Loaded only by those commands' actions.
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CxConfig } from '../model/config.js';
import { CxError, UsageError } from '../model/errors.js';
import type { RunMetrics } from '../observe/metrics/run-metrics.js';
import { preparePlan, type PreparedPlan } from '../plan/prepare-plan.js';
import { serializePlan } from '../plan/saved-plan.js';
import type { Plan } from '../plan/plan-types.js';
import type { Connection } from './connect-target.js';
import type { GlobalOptions } from './global-options.js';
import { renderDiagnosticsJson } from './render/diagnostics-json.js';
import { renderDiagnosticsText } from './render/diagnostics-text.js';
import { sanitizeStrings } from './render/terminal-text.js';
import type { Terminal } from './terminal.js';

export type OnlineFormat = 'text' | 'json';

export function onlineFormat(globals: GlobalOptions, command: string, others: readonly string[] = []): OnlineFormat {
  const format = globals.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    const known = ['text', 'json', ...others].map((name) => `--format ${name}`);
    throw new UsageError(`${command} does not support --format ${format}`, {
      hint: `use ${known.slice(0, -1).join(', ')} or ${known.at(-1)!}`,
    });
  }
  return format;
}

/**
 * `--prune` deprecates every schema of the org that the files read do not describe. With explicit paths those are
 * a subset of the project, so it would deprecate the rest of the project's schemas: refused (exit 64) rather than
 * guessed at, before anything is read.
 */
export function refusePruneWithPaths(command: string, paths: readonly string[], prune: boolean | undefined): void {
  if (prune !== true || paths.length === 0) return;
  throw new UsageError(
    `${command} --prune takes no paths: it deprecates every schema in the org that the files read do not describe, so with ${paths.join(' ')} it would deprecate the project's other schemas`,
    {
      hint: `run \`cxschema ${command} --prune\` without paths (it reads every file the config lists), or drop --prune to ${command} only these files`,
    },
  );
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

/**
 * Files that do not validate: their findings as `validate` shows them (JSON on stdout, text on stderr so that
 * stdout never holds half a plan), and nothing planned.
 */
export function reportInvalidFiles(
  prepared: PreparedPlan,
  terminal: Terminal,
  format: OnlineFormat,
  command: string,
): void {
  const { validation } = prepared;
  if (format === 'json') {
    terminal.out(renderDiagnosticsJson(validation));
    return;
  }
  terminal.err(
    renderDiagnosticsText({ ...validation, sources: sourcesOf(validation.documents) }, { color: terminal.errColor }),
  );
  terminal.err(`${command}: the schema files have errors (online checks included): nothing was planned`);
}

/** Warnings of files that do validate: shown on stderr in text mode, so that they are not missed. */
export function reportWarnings(prepared: PreparedPlan, terminal: Terminal, format: OnlineFormat): void {
  reportOtherFamilies(prepared, terminal, format);
  const { validation } = prepared;
  const warnings = validation.diagnostics.filter((d) => d.severity === 'warning');
  if (format !== 'text' || warnings.length === 0) return;
  terminal.err(
    renderDiagnosticsText(
      { diagnostics: warnings, summary: validation.summary, sources: sourcesOf(validation.documents) },
      { color: terminal.errColor },
    ),
  );
}

/**
 * Files whose own `target` names another family than this run's: validated, left out of the plan. Said on
 * stderr in text mode, so that a schema is never silently not deployed.
 */
function reportOtherFamilies(prepared: PreparedPlan, terminal: Terminal, format: OnlineFormat): void {
  if (format !== 'text' || prepared.otherFamilies.length === 0) return;
  const byTarget = new Map<string, string[]>();
  for (const { file, target } of sanitizeStrings(prepared.otherFamilies))
    byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
  for (const [target, files] of [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const shown = files.length <= 3 ? files.join(', ') : `${files.slice(0, 2).join(', ')} and ${files.length - 2} more`;
    terminal.err(
      `${files.length} file${files.length === 1 ? '' : 's'} for ${target} left out of this run (${shown}): deploy ${files.length === 1 ? 'it' : 'them'} with a run whose target is ${target} (docs/families.md)`,
    );
  }
}

function sourcesOf(documents: PreparedPlan['validation']['documents']): Map<string, string> {
  return new Map(documents.map((document) => [document.file, document.source]));
}

export async function savePlan(plan: Plan, file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  try {
    await writeFile(path, serializePlan(plan), 'utf8');
  } catch (cause) {
    throw new CxError('INPUT', `cannot save the plan to ${file}: ${(cause as Error).message}`, {
      cause,
      hint: 'pass --out a path in a folder that exists and that you can write to',
    });
  }
  return path;
}

export interface MetricsFlags {
  metricsFile?: string;
  metricsFormat?: string;
}

const METRICS_FORMATS = ['prometheus', 'json'] as const;

export function metricsFormat(flags: MetricsFlags): (typeof METRICS_FORMATS)[number] {
  if (flags.metricsFormat !== undefined && flags.metricsFile === undefined) {
    throw new UsageError('--metrics-format sets the format of the metrics file, and no --metrics-file was given', {
      hint: 'add --metrics-file PATH (the summary on stderr is always printed)',
    });
  }
  const format = flags.metricsFormat ?? 'prometheus';
  if (!(METRICS_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --metrics-format ${format}`, {
      hint: 'use --metrics-format prometheus or --metrics-format json',
    });
  }
  return format as (typeof METRICS_FORMATS)[number];
}

/**
 * Refuses an output path (`--out`, `--metrics-file`) whose folder does not exist, or that is itself a folder,
 * before the org is read, so that a run does not deploy and then fail to record what it did.
 */
export async function checkOutputFile(flag: string, file: string | undefined, cwd: string): Promise<void> {
  if (file === undefined) return;
  const path = resolve(cwd, file);
  const folder = dirname(path);
  const found = await stat(folder).catch(() => undefined);
  if (found?.isDirectory() !== true) {
    throw new UsageError(`${flag} ${file}: the folder ${folder} does not exist`, {
      hint: `create the folder first, or pass ${flag} another path`,
    });
  }
  // `--metrics-file reports` (or '', the working directory): the write at the run's end would fail with EISDIR.
  if ((await stat(path).catch(() => undefined))?.isDirectory() === true) {
    throw new UsageError(`${flag} ${file}: it is a folder`, {
      hint: `pass ${flag} the path of a file, e.g. ${join(file === '' ? '.' : file, flag === '--out' ? 'plan.json' : 'metrics.prom')}`,
    });
  }
}

/**
 * The run's metrics: the summary on stderr (docs/metrics.md) unless the caller prints it as part of its own, and
 * the file when --metrics-file names one.
 */
export async function finishMetrics(
  metrics: RunMetrics,
  flags: MetricsFlags,
  terminal: Terminal,
  cwd: string,
  printSummary = true,
): Promise<void> {
  metrics.end();
  if (printSummary) for (const line of metrics.summaryLines()) terminal.err(line);
  if (flags.metricsFile !== undefined) {
    const { writeMetricsFile } = await import('../observe/metrics/metrics-file.js');
    await writeMetricsFile(resolve(cwd, flags.metricsFile), metrics, metricsFormat(flags));
  }
}
