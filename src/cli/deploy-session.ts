/**
 * What every command that writes to an org shares (apply, rollback): the connection, observability started
 * before the first request (metrics, audit log, portal), the plan shown, confirmation, the plan applied wave by
 * wave with live progress, and the summary. Each command supplies only how its plan is made.
 */
import { applyPlan, DEFAULT_APPLY_CONCURRENCY, type ApplyResult } from '../apply/apply-plan.js';
import { applySucceeded } from '../apply/apply-summary.js';
import { combineEvents } from '../apply/combine-events.js';
import type { TransportHooks } from '../genesys/index.js';
import type { CxConfig } from '../model/config.js';
import type { ApplyObserver } from '../observe/apply-observer.js';
import { formatSummary, type RunMetrics, type RunMetricsSnapshot } from '../observe/metrics/run-metrics.js';
import { startRunObservability } from '../observe/run-observability.js';
import { resolveOpenIntents, UNANSWERED_WRITE_BOUND_MS } from '../observe/audit/write-intents.js';
import { createWriteCorrelation } from '../observe/write-correlation.js';
import type { Plan } from '../plan/plan-types.js';
import { takeOverClosedPipe } from './closed-pipe.js';
import { askConfirmation, type Confirmation } from './confirm-prompt.js';
import { connectForCommand, type Connection } from './connect-target.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { finishMetrics, type MetricsFlags, type OnlineFormat } from './plan-session.js';
import { exitWhenFlushed } from './process-exit.js';
import { createProgress } from './progress.js';
import { renderApplySummary, renderPlan } from './render-plan.js';
import { intentSettlementLines } from './render/intent-settlement.js';
import { sanitizeForTerminal } from './render/terminal-text.js';
import type { Terminal } from './terminal.js';

export interface DeployFlags extends MetricsFlags {
  strictPortal?: boolean;
  autoApprove?: boolean;
  concurrency?: number;
  rateLimit?: number;
}

/** What a command's planning sees: the org, and the observer for what it finds before anything is written. */
export interface PlanningContext {
  connection: Connection;
  observer: ApplyObserver;
  concurrency: number;
  /**
   * Ends the run early (nothing to apply) with this exit code, after the metrics and observer have finished; 1
   * instead of 0 when the observer failed the run (--strict-portal, an audit entry not written).
   */
  finish: (code: number) => Promise<number>;
}

export interface DeploySessionOptions {
  /** `apply`, `rollback`: for messages. */
  command: string;
  globals: GlobalOptions;
  flags: DeployFlags;
  config: CxConfig;
  cwd: string;
  terminal: Terminal;
  format: OnlineFormat;
  /** The plan to apply, or an exit code when there is nothing to apply (the command has said why). */
  makePlan(context: PlanningContext): Promise<Plan | { exitCode: number }>;
}

export async function runDeploySession(options: DeploySessionOptions): Promise<number> {
  const { flags, terminal, format, cwd, config } = options;
  // The client's hooks are fixed when it is made; listeners join once the plan tells how many steps there are.
  const listeners: TransportHooks[] = [];
  const hooks: TransportHooks = {
    onResponse: (event) => listeners.forEach((l) => l.onResponse?.(event)),
    onRetry: (event) => listeners.forEach((l) => l.onRetry?.(event)),
    onThrottle: (event) => listeners.forEach((l) => l.onThrottle?.(event)),
    onWait: (event) => listeners.forEach((l) => l.onWait?.(event)),
  };
  const concurrency = flags.concurrency ?? DEFAULT_APPLY_CONCURRENCY;
  const connection = await connectForCommand(options.globals, config, { ...flags, concurrency }, hooks);
  // Whatever the way out, a closed pipe after the run ends it as it ends any other command.
  let releaseClosedPipe = (): void => undefined;
  try {
    // Made before the first request (connecting sends none), so that the metrics see every call, and so that an
    // audit log no append could write stops the run before anything is sent (docs/audit.md, "Before the first write").
    const context = {
      environment: connection.environment,
      orgDomain: connection.orgDomain,
      family: connection.target.kind,
      actor: connection.actor,
    };
    const { metrics, observer, audit, run } = await startRunObservability({
      config,
      context,
      strictPortal: flags.strictPortal === true,
      secrets: connection.secrets,
      cwd,
    });
    // From here on the run writes what must be durable (the audit log, then the org): a closed pipe stops it as
    // Ctrl-C does, never ends it at once.
    const interruption = watchInterruption(terminal, options.command, (message) => observer.recordAbandon(message));
    releaseClosedPipe = interruption.release;
    // Tells each write's ININ-Correlation-Id to its audit entry and change event.
    const correlation = createWriteCorrelation();
    // Attached before the first request, the reads below included.
    listeners.push(metrics.hooks, correlation.hooks);
    // Writes an earlier run sent and never heard back about: the log records what became of them, once the run
    // that sent them is over (docs/audit.md); those found done get their change events first (docs/portal-events.md).
    const version = (externalId: string, number: number, read: { readsBack: string }) =>
      connection.target.version(externalId, number, read);
    const settled = await resolveOpenIntents({
      audit,
      context,
      run,
      version,
      beforeSettling: (found) => observer.recordFoundWrites(found, version),
    }).catch((error: unknown) => {
      terminal.err(
        sanitizeForTerminal(`could not resolve the audit log's open write intents: ${(error as Error).message}`),
      );
      return { resolved: [], leftOpen: [], boundMs: UNANSWERED_WRITE_BOUND_MS };
    });
    for (const line of intentSettlementLines(settled)) terminal.err(line);
    // What earlier runs could not tell the portal goes out while this run plans and writes.
    await observer.resendPending();
    const finish = async (code: number): Promise<number> => {
      const observed = await finishObservation(observer, metrics, flags, terminal, cwd);
      // Nothing to apply, yet the run may have failed: an event of an earlier run not sent under --strict-portal.
      return code === EXIT_OK && observed.failed ? EXIT_FAILURE : code;
    };
    const made = await options.makePlan({ connection, observer, concurrency, finish });
    if (!('steps' in made)) return made.exitCode;
    const plan = made;

    if (format === 'text') terminal.out(renderPlan(plan, { color: terminal.color }));
    // A closed pipe is told a tick after the write that meets it (EPIPE): heard before the question and the first
    // wave, so that `cxschema apply --auto-approve | true` writes nothing.
    await new Promise((resolve) => setImmediate(resolve));
    // No question once the output's reader is gone: nothing will be started.
    const ask = plan.summary.writes > 0 && flags.autoApprove !== true && interruption.received() === undefined;
    const answer = ask ? await confirm(options.command) : 'yes';
    if (answer !== 'yes') {
      terminal.err(`${capitalize(options.command)} cancelled: nothing was written.`);
      // Nothing was recorded, as for a "no": Ctrl-C only gives the exit code an interrupted run has.
      return answer === 'interrupted' ? EXIT_SIGNAL.SIGINT : EXIT_FAILURE;
    }

    const progress = createProgress({
      live: format === 'text' && process.stderr.isTTY === true,
      color: terminal.errColor,
      write: (text) => process.stderr.write(text),
      totalSteps: plan.steps.filter((step) => step.kind !== 'noop').length,
    });
    listeners.push(progress.hooks);
    observer.recordPlan(plan);
    // Interrupted before the first wave (the output's reader gone): every step is skipped, and no wave is shown.
    const shown = interruption.received() === undefined ? progress.events : {};
    let result: ApplyResult;
    interruption.listen();
    try {
      // The observer first: an audit entry is written before the display says the step is done.
      result = await applyPlan(plan, {
        target: connection.target,
        concurrency,
        events: combineEvents(observer.events, shown),
        trackWrite: correlation.track,
        signal: interruption.signal,
        abandon: interruption.abandonSignal,
      });
    } finally {
      interruption.stop();
      progress.stop();
      // The requests are over: the JSON document, the summary and the metrics file give this one duration.
      metrics.end();
    }
    // Abandoned: the run ends once the abandon is recorded and said, with nothing more recorded nor said.
    const abandoned = interruption.abandoned();
    if (abandoned !== undefined) return await abandoned;
    if (format === 'json')
      terminal.out(JSON.stringify({ plan, result, requests: requestCounts(metrics.toJSON()) }, null, 2));
    for (const message of result.eventErrors)
      terminal.err(`warning: a progress observer failed: ${sanitizeForTerminal(message, { keepLines: true })}`);
    const received = interruption.received();
    if (received !== undefined)
      await observer.recordInterruption(`${options.command} ${interruptionSummary(result, received.cause)}`);
    // One summary: in text, apply's line and the run's request lines together on stdout; in JSON, stdout holds the
    // document, and the request lines go to stderr as for every other online command.
    const observed = await finishObservation(observer, metrics, flags, terminal, cwd, format === 'json');
    if (format === 'text')
      terminal.out(renderApplySummary(result, formatSummary(metrics.toJSON()), { color: terminal.color }));
    if (received !== undefined) return received.exitCode;
    return applySucceeded(result.summary) && !observed.failed ? EXIT_OK : EXIT_FAILURE;
  } finally {
    try {
      await connection.close();
    } finally {
      releaseClosedPipe();
    }
  }
}

/** Finishes the observer and the metrics file; the request lines go to stderr unless apply's summary has them. */
async function finishObservation(
  observer: ApplyObserver,
  metrics: RunMetrics,
  flags: DeployFlags,
  terminal: Terminal,
  cwd: string,
  printSummary = true,
): Promise<{ failed: boolean }> {
  const observed = await observer.finish();
  for (const warning of observed.warnings)
    terminal.err(`warning: ${sanitizeForTerminal(warning, { keepLines: true })}`);
  if (observed.portalResent > 0)
    terminal.err(
      `portal: sent ${observed.portalResent} change ${observed.portalResent === 1 ? 'event' : 'events'} that earlier runs left in the outbox`,
    );
  await finishMetrics(metrics, flags, terminal, cwd, printSummary);
  return observed;
}

/** `requests` of apply's JSON document: the same counts as the summary lines (docs/metrics.md). */
function requestCounts(snapshot: RunMetricsSnapshot): Record<string, number> {
  return {
    total: snapshot.requests.total,
    retried: snapshot.retries.total,
    readBack: snapshot.requests.readBack,
    failed: snapshot.requests.failed,
    rateLimited: snapshot.rateLimited,
    paced: snapshot.throttle.waits,
    durationMs: snapshot.durationMs,
  };
}

function confirm(command: string): Promise<Confirmation> {
  // The question ends its own line, whichever of stdin, stdout and stderr are terminals.
  return askConfirmation(
    `${command === 'apply' ? 'Apply these changes' : `${capitalize(command)} as planned`}? Only 'yes' is accepted: `,
    { input: process.stdin, output: process.stderr },
  );
}

type Signal = 'SIGINT' | 'SIGTERM';

/**
 * 128 + the signal's number, as a shell reports a process the signal ended; a closed pipe as for SIGPIPE, which
 * ends most tools that meet one (Node ignores it and reports EPIPE).
 */
const EXIT_SIGNAL: Record<Signal | 'SIGPIPE', number> = { SIGINT: 130, SIGTERM: 143, SIGPIPE: 141 };

interface Interruption {
  /** What apply's summary and the audit log say interrupted the run: `SIGINT`, `a closed pipe (stderr)`. */
  cause: string;
  exitCode: number;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM while writing, or a closed pipe on stdout or stderr (its reader gone) at any time of
 * the run: the first lets the steps in flight finish and starts no other, so that no write is left half-known. A
 * second signal abandons the writes in flight (their outcome is then unknown, and the next plan shows what
 * landed): no write is sent from then on, the audit log records it as its last entry of the run, and the run ends
 * once that entry and the message are written out; a third signal ends it at once (docs/deploying.md,
 * "Interrupting apply").
 */
function watchInterruption(
  terminal: Terminal,
  command: string,
  recordAbandon: (message: string) => Promise<readonly string[]>,
): {
  signal: AbortSignal;
  /** Aborted by the second signal: no write is sent from then on. */
  abandonSignal: AbortSignal;
  received(): Interruption | undefined;
  /** Once abandoned, the run's end: the process exits with the interruption's code when it settles. */
  abandoned(): Promise<number> | undefined;
  /**
   * The writes start: signals stop them from here on (before, Ctrl-C ends the run as it ends any command), and a
   * closed pipe is said to finish those in flight.
   */
  listen(): void;
  /** The writes are over: signals are Node's again (unless abandoned), and a closed pipe interrupts nothing. */
  stop(): void;
  /** The run is over: a closed pipe only drops what is written to it again (closed-pipe.ts). */
  release: () => void;
} {
  const controller = new AbortController();
  const abandon = new AbortController();
  let received: Interruption | undefined;
  let writing = false;
  let over = false;
  let abandoned: Promise<number> | undefined;
  const interrupt = (interruption: Interruption, headline: string, abandonHint: string): void => {
    received = interruption;
    terminal.err(
      writing
        ? `\n${headline}: finishing the writes in flight, starting no more (${abandonHint} abandons them)`
        : `\n${headline}: nothing will be written`,
    );
    controller.abort(`interrupted by ${interruption.cause}`);
  };
  const onSignal = (name: Signal): void => {
    if (received === undefined) {
      interrupt({ cause: name, exitCode: EXIT_SIGNAL[name] }, name, `${name === 'SIGINT' ? 'Ctrl-C' : name} again`);
      return;
    }
    const { cause, exitCode } = received;
    if (abandoned !== undefined) process.exit(exitCode);
    abandon.abort(`abandoned by ${name}`);
    terminal.err(
      `${name === cause ? `${name} again` : name}: abandoning the writes in flight; their outcome is unknown: run cxschema plan to see what the org holds`,
    );
    // The entries of the writes answered so far are appended before this one, which waits its turn behind them;
    // the audit log takes none after it, so that the exit never cuts an append short. An entry that could not be
    // written (this one too: the log's lock held too long, a full disk) is said before the exit: the intents it
    // leaves open are then the log's only word on the writes in flight.
    const exit = async (warnings: readonly string[]): Promise<number> => {
      for (const warning of warnings) terminal.err(`warning: ${sanitizeForTerminal(warning, { keepLines: true })}`);
      await exitWhenFlushed(exitCode);
      return exitCode;
    };
    abandoned = recordAbandon(
      `${command} interrupted by ${cause}, then abandoned by ${name}: the writes in flight were left unanswered; the next run records what became of them`,
    ).then(exit, (error: unknown) => exit([`could not record the abandon: ${(error as Error).message}`]));
  };
  const release = takeOverClosedPipe((stream) => {
    if (received === undefined && !over)
      interrupt({ cause: `a closed pipe (${stream})`, exitCode: EXIT_SIGNAL.SIGPIPE }, `${stream} closed`, 'Ctrl-C');
  });
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  return {
    signal: controller.signal,
    abandonSignal: abandon.signal,
    received: () => received,
    abandoned: () => abandoned,
    listen() {
      writing = true;
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    },
    stop() {
      over = true;
      // Abandoned, the run is ended by the abandon, and a third signal still ends it at once.
      if (abandoned !== undefined) return;
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
    release,
  };
}

function interruptionSummary(result: ApplyResult, cause: string): string {
  const done = result.outcomes.filter((o) => o.result === 'done' && o.kind !== 'noop').map((o) => o.externalId);
  const notDone = result.outcomes.filter((o) => o.result !== 'done').map((o) => o.externalId);
  const list = (ids: string[]): string =>
    ids.length === 0
      ? 'none'
      : ids.length > 20
        ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more`
        : ids.join(', ');
  return `interrupted by ${cause}: ${done.length} step${done.length === 1 ? '' : 's'} done (${list(done)}), ${notDone.length} not done (${list(notDone)})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
