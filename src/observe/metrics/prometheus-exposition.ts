/**
 * A run's metrics in the Prometheus text exposition format, built with prom-client in a Registry of its own.
 * Names follow Prometheus conventions: a `cxschema_` prefix, base units (seconds), `_total` on counters.
 * Latency is one histogram, the Prometheus way: `histogram_quantile()` and `_sum / _count` give quantiles and the
 * average across runs. The exact quantiles of one run (computed from every sample) are in the JSON format and the
 * run's summary line; a gauge with a `quantile` label would not be valid exposition (promtool refuses it).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunMetricsSnapshot } from './run-metrics.js';
import { RETRY_REASONS, SCHEMA_OUTCOMES } from './run-metrics.js';

/** Upper bounds, in seconds: from a fast local emulator call to a call that sat out a Retry-After. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export async function renderPrometheus(metrics: RunMetricsSnapshot, latenciesMs: readonly number[]): Promise<string> {
  const registry = new Registry();
  const registers = [registry];

  const requests = new Counter({
    name: 'cxschema_requests_total',
    help: 'API calls (one per logical call, after retries) by method, route, final status (0: no response) and outcome.',
    labelNames: ['method', 'route', 'status', 'outcome'] as const,
    registers,
  });
  for (const count of metrics.requests.byEndpoint) {
    requests.inc(
      { method: count.method, route: count.route, status: String(count.status), outcome: count.outcome },
      count.count,
    );
  }

  new Counter({
    name: 'cxschema_requests_read_back_total',
    help: 'API calls made to learn what an earlier call did (a write whose answer was lost, a 409).',
    registers,
  }).inc(metrics.requests.readBack);
  new Counter({
    name: 'cxschema_requests_failed_total',
    help: 'API calls that ended on an error the run did not get past (not read back, or a step failed on it).',
    registers,
  }).inc(metrics.requests.failed);

  const duration = new Histogram({
    name: 'cxschema_request_duration_seconds',
    help: 'Latency of API calls, retries and waits included.',
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  for (const ms of latenciesMs) duration.observe(ms / 1000);

  const retries = new Counter({
    name: 'cxschema_retries_total',
    help: 'Attempts made again, by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of RETRY_REASONS) retries.inc({ reason }, metrics.retries.byReason[reason]);

  new Counter({ name: 'cxschema_rate_limited_total', help: 'HTTP 429 responses received.', registers }).inc(
    metrics.rateLimited,
  );
  new Counter({ name: 'cxschema_throttle_waits_total', help: 'Calls held back by client-side pacing.', registers }).inc(
    metrics.throttle.waits,
  );
  new Counter({
    name: 'cxschema_throttle_wait_seconds_total',
    help: 'Time spent held back by client-side pacing.',
    registers,
  }).inc(metrics.throttle.waitMs / 1000);

  const validation = new Counter({
    name: 'cxschema_validation_failures_total',
    help: 'Validation failures by rule id.',
    labelNames: ['rule'] as const,
    registers,
  });
  for (const [rule, count] of Object.entries(metrics.validationFailures.byRule)) validation.inc({ rule }, count);

  const schemas = new Counter({
    name: 'cxschema_schemas_total',
    help: 'Schemas by what the run did with them.',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of SCHEMA_OUTCOMES) schemas.inc({ outcome }, metrics.schemas[outcome]);

  new Gauge({ name: 'cxschema_run_duration_seconds', help: 'Duration of the run.', registers }).set(
    metrics.durationMs / 1000,
  );
  new Gauge({
    name: 'cxschema_run_end_timestamp_seconds',
    help: 'When the run ended, seconds since the epoch.',
    registers,
  }).set(metrics.endedAt / 1000);

  return registry.metrics();
}
