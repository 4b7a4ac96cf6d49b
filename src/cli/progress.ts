/**
 * Apply's progress on stderr (stdout keeps the result, so that `--format json` prints one document there).
 * On a TTY, one live status line (wave, steps done, the schemas in flight and their step, retries) redrawn in
 * place, with a permanent line above it for each step that finishes; otherwise one plain line per event.
 */
import type { ApplyEvents, StepOutcome } from '../apply/apply-events.js';
import type { RetryEvent, TransportHooks, WaitEvent } from '../genesys/transport-hooks.js';
import type { PlanStep } from '../plan/plan-types.js';
import { sanitizeForTerminal } from './render/terminal-text.js';
import { paint } from './terminal.js';
import { DONE_COUNTER, whatItDid } from '../apply/apply-summary.js';

export interface ProgressOptions {
  /** Redraw a status line in place (a TTY) rather than print plain lines. */
  live: boolean;
  color: boolean;
  write: (text: string) => void;
  /** Steps that will run (noop excluded). */
  totalSteps: number;
  now?: () => number;
}

export interface Progress {
  events: ApplyEvents;
  /** For the client: counts HTTP retries and rate limits as they happen. */
  hooks: TransportHooks;
  /** Clears the live line. */
  stop(): void;
}

const DONE_VERB: Record<PlanStep['kind'], string> = DONE_COUNTER;

const REDRAW_INTERVAL_MS = 80;
/** Waits at least this long are shown with what they wait for and until when. */
const WAIT_SHOWN_MS = 2_000;

const WAIT_WHY: Record<WaitEvent['reason'], string> = {
  'rate-limit-pause': "the org's Retry-After (429)",
  'rate-window': 'room in the rate limit (--rate-limit)',
};

const RETRY_WHY: Record<RetryEvent['reason'], string> = {
  'rate-limit': 'a retry after a 429',
  'server-error': 'a retry after a server error',
  network: 'a retry after a network failure',
  timeout: 'a retry after a timeout',
  'token-expired': 'a new token',
};

/** A schema's name or a reason as the org or a file gave it: printed only once made safe (terminal-text.ts). */
const shown = (text: string | undefined): string => sanitizeForTerminal(text ?? '', { keepLines: true });
const idOf = (item: { externalId: string }): string => sanitizeForTerminal(item.externalId);

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const c = (style: Parameters<typeof paint>[1], text: string): string => paint(options.color, style, text);
  const inFlight = new Map<string, string>();
  let wave = 0;
  let waves = 0;
  let finished = 0;
  let retries = 0;
  let rateLimited = 0;
  let statusShown = false;
  let lastDraw = 0;
  /** A wait of 2 s or more in progress: what for, and until when. */
  let waiting: { what: string; until: number } | undefined;
  const clock = (at: number): string => new Date(at).toISOString().slice(11, 19);
  const waitText = (what: string, until: number): string =>
    `waiting until ${clock(until)} UTC (${Math.ceil((until - now()) / 1000)} s) for ${what}`;
  const startWait = (what: string, until: number): void => {
    waiting = { what, until };
    if (options.live) draw(true);
    else options.write(`${waitText(what, until)}\n`);
  };

  const statusLine = (): string => {
    const flight = [...inFlight]
      .slice(0, 3)
      .map(([id, what]) => `${id}: ${what}`)
      .join(', ');
    const more = inFlight.size > 3 ? ` +${inFlight.size - 3}` : '';
    const wait = waiting !== undefined && now() < waiting.until ? `  ${waitText(waiting.what, waiting.until)}` : '';
    return `wave ${wave + 1}/${waves}  ${finished}/${options.totalSteps} steps  retries ${retries}${rateLimited > 0 ? ` (429: ${rateLimited})` : ''}${wait}${flight === '' ? '' : `  ${flight}${more}`}`;
  };
  const clear = (): void => {
    if (statusShown) options.write('\r\u001b[2K');
    statusShown = false;
  };
  const draw = (force = false): void => {
    if (!options.live) return;
    const t = now();
    if (!force && t - lastDraw < REDRAW_INTERVAL_MS) return;
    lastDraw = t;
    clear();
    const columns = process.stderr.columns ?? 100;
    const line = statusLine();
    options.write(c('dim', line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line));
    statusShown = true;
  };
  /** A permanent line: above the live status line, or plain. */
  const say = (text: string): void => {
    clear();
    options.write(text + '\n');
    draw(true);
  };

  const finish = (outcome: StepOutcome, text: string): void => {
    inFlight.delete(idOf(outcome));
    finished++;
    say(text);
  };

  const events: ApplyEvents = {
    onWaveStart: (event) => {
      wave = event.wave;
      waves = event.waves;
      say(
        c(
          'bold',
          `wave ${event.wave + 1}/${event.waves}: ${event.steps.length} step${event.steps.length === 1 ? '' : 's'}`,
        ),
      );
    },
    onStepStart: (step) => {
      inFlight.set(idOf(step), step.kind);
      draw();
    },
    onWrite: (event) => {
      inFlight.set(idOf(event.step), `${event.write.method} v${event.write.version} ${event.write.status}`);
      draw();
    },
    onRetry: (event) => {
      retries++;
      say(c('yellow', `conflict on ${idOf(event.step)}: planning it again against the org's current version`));
    },
    onStepDone: (outcome) => {
      const version = outcome.version !== undefined ? ` v${outcome.version}` : '';
      const did = whatItDid(outcome);
      if (did === 'found') {
        const why =
          outcome.foundByReadBack === true
            ? 'the answer to its write was lost, and the read back found it in the org: written by this run or by another, which cannot be told'
            : 'the org already held it: written by someone else, not by this run';
        finish(outcome, `${c('green', 'found done')} ${idOf(outcome)}${version} (${why})`);
        return;
      }
      const note = outcome.rebased ? ' (after a conflict)' : '';
      finish(outcome, `${c('green', DONE_VERB[did])} ${idOf(outcome)}${version}${note}`);
    },
    onStepFailed: (outcome) => finish(outcome, `${c('red', 'failed')} ${idOf(outcome)}: ${shown(outcome.reason)}`),
    onStepSkipped: (outcome) =>
      finish(
        outcome,
        `${c('yellow', outcome.result === 'blocked' ? 'blocked' : 'skipped')} ${idOf(outcome)}: ${shown(outcome.reason)}`,
      ),
  };

  const hooks: TransportHooks = {
    onRetry: (event) => {
      retries++;
      if (event.reason === 'rate-limit') rateLimited++;
      if (!options.live)
        options.write(
          `retry ${event.method} ${event.route} after ${event.reason} (attempt ${event.attempt}, waiting ${(event.waitMs / 1000).toFixed(1)} s)\n`,
        );
      if (event.waitMs >= WAIT_SHOWN_MS) {
        waiting = { what: RETRY_WHY[event.reason], until: now() + event.waitMs };
        if (options.live) draw(true);
      } else if (options.live) draw();
    },
    onWait: (event) => startWait(WAIT_WHY[event.reason], event.until),
  };

  return { events, hooks, stop: clear };
}
