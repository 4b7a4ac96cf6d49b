/**
 * The metrics of one run of an online command: API calls by endpoint and status, their latency, retries, 429s,
 * pacing waits, validation failures by rule and what happened to each schema. Recording is plain counting (cheap
 * on the request path); prom-client is loaded only when the Prometheus text is asked for, into a Registry of
 * this run's own, never the process-wide one.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { compareIds } from '../../graph/compare-ids.js';
import { summarizeLatencies, type LatencyStats } from './latency-quantiles.js';
import type { RetryReason, TransportHooks } from '../../genesys/transport-hooks.js';

export const SCHEMA_OUTCOMES = [
  'created',
  'updated',
  'published',
  'deprecated',
  'unchanged',
  'already_done',
  'failed',
  'skipped',
] as const;
export type SchemaOutcome = (typeof SCHEMA_OUTCOMES)[number];

export const RETRY_REASONS: readonly RetryReason[] = [
  'rate-limit',
  'server-error',
  'network',
  'timeout',
  'token-expired',
];

export interface EndpointCount {
  method: string;
  route: string;
  /** 0: no response arrived. */
  status: number;
  outcome: 'success' | 'error';
  count: number;
}

export interface RunMetricsSnapshot {
  /** From createRunMetrics to this snapshot. */
  durationMs: number;
  /** `now()` at the snapshot, milliseconds since the epoch. */
  endedAt: number;
  /**
   * `success` and `error` by HTTP status (as `byEndpoint`); `readBack`: reads made to learn what an earlier call
   * did; `failed`: calls that ended on an error the run did not get past (docs/metrics.md "What counts").
   */
  requests: {
    total: number;
    success: number;
    error: number;
    readBack: number;
    failed: number;
    byEndpoint: EndpointCount[];
  };
  /** Milliseconds, exact quantiles over every call (see latency-quantiles.ts). */
  latencyMs: LatencyStats;
  retries: { total: number; byReason: Record<RetryReason, number> };
  /** 429 responses seen, whether the call was retried or ended on it. */
  rateLimited: number;
  throttle: { waits: number; waitMs: number };
  validationFailures: { total: number; byRule: Record<string, number> };
  schemas: Record<SchemaOutcome, number>;
}

export interface RunMetrics {
  /** Pass as the API client's hooks. */
  readonly hooks: Required<TransportHooks>;
  /** Counts the error findings by rule; warnings are not failures (docs/metrics.md). */
  recordValidationFailures(diagnostics: readonly Pick<Diagnostic, 'ruleId' | 'severity'>[]): void;
  recordSchemaOutcome(outcome: SchemaOutcome): void;
  /** The call (by correlation id) whose error failed a step: failed, even if it was read back first. */
  recordFailedCall(correlationId: string): void;
  /**
   * The run is over: every snapshot from now on ends at this moment, so that the summary, the JSON document and
   * the metrics file, made one after another, give one duration. The first call counts; later ones do nothing.
   */
  end(): void;
  /** The end-of-run summary, a few lines for stderr. */
  summaryLines(): string[];
  /** The Prometheus text exposition format (node_exporter's textfile collector reads it). */
  toPrometheus(): Promise<string>;
  toJSON(): RunMetricsSnapshot;
}

/** 2xx and 3xx are successes; a 4xx, a 5xx or no response at all is an error. */
function outcomeOf(status: number): 'success' | 'error' {
  return status >= 200 && status < 400 ? 'success' : 'error';
}

export function createRunMetrics(options: { now?: () => number } = {}): RunMetrics {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const endpoints = new Map<string, EndpointCount>();
  const latencies: number[] = [];
  const retries = Object.fromEntries(RETRY_REASONS.map((reason) => [reason, 0])) as Record<RetryReason, number>;
  let rateLimited = 0;
  const throttle = { waits: 0, waitMs: 0 };
  const rules = new Map<string, number>();
  const schemas = Object.fromEntries(SCHEMA_OUTCOMES.map((outcome) => [outcome, 0])) as Record<SchemaOutcome, number>;
  /** Calls that ended on an error their caller does not take as an answer, by correlation id. */
  const unanswered: string[] = [];
  /** Calls a later read was made to learn about, and calls whose error failed a step. */
  const readBackOf = new Set<string>();
  const failedSteps = new Set<string>();
  let readBacks = 0;
  let endedAt: number | undefined;

  const hooks: Required<TransportHooks> = {
    onResponse(event) {
      const key = `${event.method} ${event.route} ${event.status}`;
      const found = endpoints.get(key);
      if (found) found.count++;
      else
        endpoints.set(key, {
          method: event.method,
          route: event.route,
          status: event.status,
          outcome: outcomeOf(event.status),
          count: 1,
        });
      latencies.push(event.latencyMs);
      if (event.status === 429) rateLimited++;
      if (!event.answered) unanswered.push(event.correlationId);
      if (event.readsBack !== undefined) {
        readBacks++;
        readBackOf.add(event.readsBack);
      }
    },
    onRetry(event) {
      retries[event.reason] = (retries[event.reason] ?? 0) + 1;
      if (event.reason === 'rate-limit') rateLimited++;
    },
    onThrottle(event) {
      throttle.waits++;
      throttle.waitMs += event.waitMs;
    },
    // Counted through onThrottle once the wait is over.
    onWait() {},
  };

  function snapshot(): RunMetricsSnapshot {
    const byEndpoint = [...endpoints.values()]
      .map((count) => ({ ...count }))
      // Code-unit order, not localeCompare: the names are ASCII, and a first localeCompare sets up ICU's
      // collation, some 7 ms of every command that reads the org.
      .sort((a, b) => compareIds(a.route, b.route) || compareIds(a.method, b.method) || a.status - b.status);
    let success = 0;
    let error = 0;
    for (const count of byEndpoint) {
      if (count.outcome === 'success') success += count.count;
      else error += count.count;
    }
    const end = endedAt ?? now();
    // An error that was read back was got past (the write had landed, or was sent again, or the conflict was
    // planned again), unless it is the one a step failed on.
    const failed = unanswered.filter((id) => !readBackOf.has(id) || failedSteps.has(id)).length;
    return {
      durationMs: end - startedAt,
      endedAt: end,
      requests: { total: success + error, success, error, readBack: readBacks, failed, byEndpoint },
      latencyMs: summarizeLatencies(latencies),
      retries: { total: RETRY_REASONS.reduce((sum, reason) => sum + retries[reason], 0), byReason: { ...retries } },
      rateLimited,
      throttle: { ...throttle },
      validationFailures: {
        total: [...rules.values()].reduce((sum, count) => sum + count, 0),
        byRule: Object.fromEntries([...rules.entries()].sort(([a], [b]) => compareIds(a, b))),
      },
      schemas: { ...schemas },
    };
  }

  return {
    hooks,
    recordValidationFailures(diagnostics) {
      for (const { ruleId, severity } of diagnostics) {
        if (severity === 'error') rules.set(ruleId, (rules.get(ruleId) ?? 0) + 1);
      }
    },
    recordSchemaOutcome(outcome) {
      schemas[outcome]++;
    },
    recordFailedCall(correlationId) {
      failedSteps.add(correlationId);
    },
    end() {
      endedAt ??= now();
    },
    summaryLines: () => formatSummary(snapshot()),
    toPrometheus: async () => {
      const { renderPrometheus } = await import('./prometheus-exposition.js');
      return renderPrometheus(snapshot(), latencies);
    },
    toJSON: snapshot,
  };
}

/**
 * The run's requests in a few lines: how many, in how long (the run's one duration), and what happened to them:
 * sent again (by reason), read back to learn what an earlier call did, failed. What happened to each schema is
 * apply's own line (src/cli/render-plan.ts), so it is not repeated here.
 */
export function formatSummary(metrics: RunMetricsSnapshot): string[] {
  const { requests, latencyMs, retries, throttle, validationFailures } = metrics;
  const reasons = RETRY_REASONS.filter((reason) => retries.byReason[reason] > 0).map(
    (reason) => `${reason} ${retries.byReason[reason]}`,
  );
  const lines = [
    `requests: ${requests.total} in ${seconds(metrics.durationMs)}: ${retries.total} retried` +
      `${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}, ${requests.readBack} read back, ${requests.failed} failed`,
  ];
  if (latencyMs.count > 0) {
    lines.push(
      `latency: avg ${millis(latencyMs.average)}, p50 ${millis(latencyMs.p50)}, p95 ${millis(latencyMs.p95)}, p99 ${millis(latencyMs.p99)}, max ${millis(latencyMs.max)}`,
    );
  }
  lines.push(
    `rate limit: ${metrics.rateLimited} ${metrics.rateLimited === 1 ? 'response' : 'responses'} 429; ` +
      `paced ${throttle.waits} ${throttle.waits === 1 ? 'time' : 'times'} (${seconds(throttle.waitMs)} waiting)`,
  );
  if (validationFailures.total > 0) {
    const byRule = Object.entries(validationFailures.byRule).map(([rule, count]) => `${rule} ${count}`);
    lines.push(`validation failures: ${validationFailures.total} (${byRule.join(', ')})`);
  }
  return lines;
}

function millis(ms: number): string {
  return `${ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
