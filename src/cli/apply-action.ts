/** The action of `cxschema apply`, loaded when the command runs. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import { applySucceeded } from '../apply/apply-summary.js';
import { combineEvents } from '../apply/combine-events.js';
import { checkPlanIsCurrent, recheckSavedPlan } from '../apply/plan-freshness.js';
import { DEFAULT_APPLY_CONCURRENCY } from '../apply/apply-plan.js';
import type { TransportHooks } from '../genesys/index.js';
import { CxError, UsageError } from '../model/errors.js';
import type { ApplyObserver } from '../observe/apply-observer.js';
import type { RunMetrics } from '../observe/run-metrics.js';
import { startRunObservability } from '../observe/run-observability.js';
import { createWriteCorrelation } from '../observe/write-correlation.js';
import { parsePlan } from '../plan/saved-plan.js';
import type { Plan } from '../plan/plan-types.js';
import { connectTarget, type Connection } from './connect-target.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import {
  checkOutputFolder,
  finishMetrics,
  loadProjectConfig,
  metricsFormat,
  onlineFormat,
  planFromFiles,
  reportInvalidFiles,
  reportWarnings,
  type MetricsFlags,
} from './plan-session.js';
import { createProgress } from './progress.js';
import { renderApplySummary, renderPlan } from './render-plan.js';
import { createTerminal, type Terminal } from './terminal.js';

export interface ApplyCommandFlags extends MetricsFlags {
  plan?: string;
  strictPortal?: boolean;
  autoApprove?: boolean;
  prune?: boolean;
  concurrency?: number;
  rateLimit?: number;
}

const NO_TERMINAL_HINT =
  'pass --auto-approve, or save a plan with `cxschema plan --out plan.json`, review it, and apply it with `cxschema apply --plan plan.json --auto-approve`';

export async function runApply(paths: readonly string[], flags: ApplyCommandFlags, globals: GlobalOptions): Promise<number> {
  const format = onlineFormat(globals, 'apply');
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  if (flags.plan !== undefined && paths.length > 0) {
    throw new UsageError('apply --plan takes no paths: the saved plan already holds what to write');
  }
  if (flags.plan !== undefined && flags.prune === true) {
    throw new UsageError('apply --plan takes no --prune: whether to prune was decided when the plan was made');
  }
  // Refuse before any request: a run that cannot be confirmed should not read the org first.
  if (flags.autoApprove !== true && process.stdin.isTTY !== true) {
    throw new UsageError('apply asks for confirmation, and there is no terminal to ask on', { hint: NO_TERMINAL_HINT });
  }

  metricsFormat(flags);
  await checkOutputFolder('--metrics-file', flags.metricsFile, cwd);
  const config = await loadProjectConfig(globals, cwd);
  const savedPlan = flags.plan === undefined ? undefined : parsePlan(await readPlanFile(flags.plan, cwd), flags.plan);
  // The client's hooks are fixed when it is made; listeners join once the plan tells how many steps there are.
  const listeners: TransportHooks[] = [];
  const hooks: TransportHooks = {
    onResponse: (event) => listeners.forEach((l) => l.onResponse?.(event)),
    onRetry: (event) => listeners.forEach((l) => l.onRetry?.(event)),
    onThrottle: (event) => listeners.forEach((l) => l.onThrottle?.(event)),
  };
  const concurrency = flags.concurrency ?? DEFAULT_APPLY_CONCURRENCY;
  const connection = await connectTarget({
    emulator: globals.emulator === true,
    config,
    ...(globals.env === undefined ? {} : { environment: globals.env }),
    env: process.env,
    concurrency,
    hooks,
    ...(flags.rateLimit === undefined ? {} : { rateLimitPerMinute: flags.rateLimit }),
  });
  try {
    // Made before the first request (connecting sends none), so that the metrics see every call.
    const { metrics, observer } = await startRunObservability({
      config,
      context: { environment: connection.environment, orgDomain: connection.orgDomain, actor: connection.actor },
      strictPortal: flags.strictPortal === true,
      secrets: connection.secrets,
      cwd,
    });
    // Tells each write's ININ-Correlation-Id to its audit entry and change event.
    const correlation = createWriteCorrelation();
    listeners.push(metrics.hooks, correlation.hooks);
    let plan: Plan;
    if (savedPlan !== undefined) {
      const current = await checkPlanIsCurrent(savedPlan, connection.target, connection.orgDomain);
      // The compatibility gate of plan, run again: a saved plan is never a way around it.
      await recheckSavedPlan(savedPlan, current, connection.target);
      plan = savedPlan;
    } else {
      const prepared = await planFromFiles({ paths, cwd, config, connection, prune: flags.prune === true, concurrency });
      if (prepared.plan === undefined) {
        await observer.recordDiagnostics(prepared.validation.diagnostics);
        reportInvalidFiles(prepared, terminal, format, 'apply');
        await finishObservation(observer, metrics, flags, terminal, cwd);
        return EXIT_FAILURE;
      }
      reportWarnings(prepared, terminal, format);
      plan = prepared.plan;
    }

    if (format === 'text') terminal.out(renderPlan(plan, { color: terminal.color }));
    if (plan.summary.writes > 0 && flags.autoApprove !== true && !(await confirm(terminal))) {
      terminal.err('Apply cancelled: nothing was written.');
      return EXIT_FAILURE;
    }

    const progress = createProgress({
      live: format === 'text' && process.stderr.isTTY === true,
      color: terminal.color,
      write: (text) => process.stderr.write(text),
      totalSteps: plan.steps.filter((step) => step.kind !== 'noop').length,
    });
    listeners.push(progress.hooks);
    observer.recordPlan(plan);
    let result: ApplyResult;
    try {
      // The observer first: an audit entry is written before the display says the step is done.
      result = await applyPlan(plan, {
        target: connection.target,
        concurrency,
        events: combineEvents(observer.events, progress.events),
        trackWrite: correlation.track,
      });
    } finally {
      progress.stop();
    }
    report(result, plan, connection, terminal, format);
    const observed = await finishObservation(observer, metrics, flags, terminal, cwd);
    return applySucceeded(result.summary) && !observed.failed ? EXIT_OK : EXIT_FAILURE;
  } finally {
    await connection.close();
  }
}

async function finishObservation(observer: ApplyObserver, metrics: RunMetrics, flags: ApplyCommandFlags, terminal: Terminal, cwd: string): Promise<{ failed: boolean }> {
  const observed = await observer.finish();
  for (const warning of observed.warnings) terminal.err(`warning: ${warning}`);
  await finishMetrics(metrics, flags, terminal, cwd);
  return observed;
}

function report(result: ApplyResult, plan: Plan, connection: Connection, terminal: Terminal, format: 'text' | 'json'): void {
  const stats = connection.target.stats();
  const requests = { requests: stats.requests, rateLimited: stats.rateLimited, retries: stats.retries };
  if (format === 'json') {
    terminal.out(JSON.stringify({ plan, result, requests }, null, 2));
    return;
  }
  terminal.out(renderApplySummary(result, requests, { color: terminal.color }));
  for (const message of result.eventErrors) terminal.err(`warning: a progress observer failed: ${message}`);
}

async function readPlanFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (cause) {
    throw new CxError('INPUT', `cannot read the plan ${file}: ${(cause as Error).message}`, { cause, hint: 'save a plan with cxschema plan --out <file>' });
  }
}

async function confirm(terminal: Terminal): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question("Apply these changes? Only 'yes' is accepted: ");
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
    if (!terminal.isTTY) process.stderr.write('\n');
  }
}
