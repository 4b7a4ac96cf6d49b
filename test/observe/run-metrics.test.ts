import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunMetrics, type RunMetrics } from '../../src/observe/metrics/run-metrics.js';
import { nearestRank, summarizeLatencies } from '../../src/observe/metrics/latency-quantiles.js';
import { writeMetricsFile } from '../../src/observe/metrics/metrics-file.js';

const SCHEMAS = '/api/v2/customobjects/schemas';
const SCHEMA = '/api/v2/customobjects/schemas/{externalId}';

/** A run: 4 calls (one of them ended on a 500), 2 retries, a 429 retried, pacing, 2 validation failures. */
function sampleRun(): RunMetrics {
  let time = 1_700_000_000_000;
  const metrics = createRunMetrics({ now: () => time });
  const { hooks } = metrics;
  hooks.onThrottle({ waitMs: 250 });
  hooks.onRetry({ method: 'GET', route: SCHEMAS, reason: 'rate-limit', attempt: 1, waitMs: 1000 });
  hooks.onResponse({
    method: 'GET',
    route: SCHEMAS,
    status: 200,
    latencyMs: 1040,
    attempt: 2,
    correlationId: 'a',
    answered: true,
  });
  hooks.onResponse({
    method: 'POST',
    route: SCHEMAS,
    status: 201,
    latencyMs: 30,
    attempt: 1,
    correlationId: 'b',
    answered: true,
  });
  hooks.onRetry({ method: 'PUT', route: SCHEMA, reason: 'server-error', attempt: 1, waitMs: 200 });
  hooks.onResponse({
    method: 'PUT',
    route: SCHEMA,
    status: 500,
    latencyMs: 400,
    attempt: 2,
    correlationId: 'c',
    answered: false,
  });
  hooks.onResponse({
    method: 'POST',
    route: SCHEMAS,
    status: 201,
    latencyMs: 10,
    attempt: 1,
    correlationId: 'd',
    answered: true,
  });
  metrics.recordValidationFailures([
    { ruleId: 'FIELD_NAME_DUPLICATE', severity: 'error' },
    { ruleId: 'REFERENCE_CYCLE', severity: 'error' },
    { ruleId: 'RECORD_SIZE_LIMIT', severity: 'warning' },
    { ruleId: 'FIELD_NAME_DUPLICATE', severity: 'error' },
  ]);
  metrics.recordSchemaOutcome('created');
  metrics.recordSchemaOutcome('created');
  metrics.recordSchemaOutcome('failed');
  metrics.recordSchemaOutcome('unchanged');
  time += 2500;
  return metrics;
}

describe('run metrics', () => {
  it('counts calls by endpoint and outcome, retries, 429s, pacing, rules and schemas', () => {
    const json = sampleRun().toJSON();
    expect(json.durationMs).toBe(2500);
    expect(json.requests).toEqual({
      total: 4,
      success: 3,
      error: 1,
      readBack: 0,
      failed: 1,
      byEndpoint: [
        { method: 'GET', route: SCHEMAS, status: 200, outcome: 'success', count: 1 },
        { method: 'POST', route: SCHEMAS, status: 201, outcome: 'success', count: 2 },
        { method: 'PUT', route: SCHEMA, status: 500, outcome: 'error', count: 1 },
      ],
    });
    expect(json.latencyMs).toEqual({ count: 4, average: 370, min: 10, max: 1040, p50: 30, p95: 1040, p99: 1040 });
    expect(json.retries).toEqual({
      total: 2,
      byReason: { 'rate-limit': 1, 'server-error': 1, network: 0, timeout: 0, 'token-expired': 0 },
    });
    expect(json.rateLimited).toBe(1);
    expect(json.throttle).toEqual({ waits: 1, waitMs: 250 });
    expect(json.validationFailures).toEqual({ total: 3, byRule: { FIELD_NAME_DUPLICATE: 2, REFERENCE_CYCLE: 1 } });
    expect(json.schemas).toEqual({
      created: 2,
      updated: 0,
      published: 0,
      deprecated: 0,
      unchanged: 1,
      already_done: 0,
      failed: 1,
      skipped: 0,
    });
  });

  it('counts a call that got no response (status 0) and a final 429 as errors', () => {
    const metrics = createRunMetrics({ now: () => 0 });
    metrics.hooks.onResponse({
      method: 'GET',
      route: SCHEMA,
      status: 0,
      latencyMs: 5,
      attempt: 3,
      correlationId: 'x',
      answered: false,
    });
    metrics.hooks.onResponse({
      method: 'GET',
      route: SCHEMA,
      status: 429,
      latencyMs: 5,
      attempt: 6,
      correlationId: 'y',
      answered: false,
    });
    const json = metrics.toJSON();
    expect(json.requests).toMatchObject({ total: 2, success: 0, error: 2, failed: 2 });
    expect(json.rateLimited).toBe(1);
  });

  it('ends once: the summary, the JSON and the Prometheus text made after end() give one duration', async () => {
    let time = 1_000;
    const metrics = createRunMetrics({ now: () => time });
    time = 3_500;
    expect(metrics.toJSON().durationMs).toBe(2_500);
    metrics.end();
    time = 9_000;
    metrics.end();
    expect(metrics.toJSON()).toMatchObject({ durationMs: 2_500, endedAt: 3_500 });
    expect(metrics.summaryLines()[0]).toContain('in 2.5 s');
    expect(await metrics.toPrometheus()).toMatch(/^cxschema_run_duration_seconds 2\.5$/m);
  });

  it('summarises the run in a few lines', () => {
    expect(sampleRun().summaryLines()).toEqual([
      'requests: 4 in 2.5 s: 2 retried (rate-limit 1, server-error 1), 0 read back, 1 failed',
      'latency: avg 370 ms, p50 30 ms, p95 1040 ms, p99 1040 ms, max 1040 ms',
      'rate limit: 1 response 429; paced 1 time (0.3 s waiting)',
      'validation failures: 3 (FIELD_NAME_DUPLICATE 2, REFERENCE_CYCLE 1)',
    ]);
    expect(createRunMetrics({ now: () => 0 }).summaryLines()).toEqual([
      'requests: 0 in 0.0 s: 0 retried, 0 read back, 0 failed',
      'rate limit: 0 responses 429; paced 0 times (0.0 s waiting)',
    ]);
  });

  it('does not count as failed a 404 the caller expects, nor an error that a later read resolved', () => {
    const metrics = createRunMetrics({ now: () => 0 });
    const call = { latencyMs: 5, attempt: 1 };
    // A GET whose 404 means "none"; a POST whose answer was lost, read back (not there), then sent again.
    metrics.hooks.onResponse({
      ...call,
      method: 'GET',
      route: SCHEMA,
      status: 404,
      correlationId: 'g',
      answered: true,
    });
    metrics.hooks.onResponse({
      ...call,
      method: 'POST',
      route: SCHEMAS,
      status: 503,
      correlationId: 'p1',
      answered: false,
    });
    metrics.hooks.onResponse({
      ...call,
      method: 'GET',
      route: SCHEMA,
      status: 404,
      correlationId: 'r1',
      answered: true,
      readsBack: 'p1',
    });
    metrics.hooks.onResponse({
      ...call,
      method: 'POST',
      route: SCHEMAS,
      status: 201,
      correlationId: 'p2',
      answered: true,
    });
    // A 409 on a PUT, resolved by reading the schema again.
    metrics.hooks.onResponse({
      ...call,
      method: 'PUT',
      route: SCHEMA,
      status: 409,
      correlationId: 'u',
      answered: false,
    });
    metrics.hooks.onResponse({
      ...call,
      method: 'GET',
      route: SCHEMA,
      status: 200,
      correlationId: 'r2',
      answered: true,
      readsBack: 'u',
    });
    expect(metrics.toJSON().requests).toMatchObject({ total: 6, success: 2, error: 4, readBack: 2, failed: 0 });
    // The same 409, had its step failed on it after all, is a failed call.
    metrics.recordFailedCall('u');
    expect(metrics.toJSON().requests).toMatchObject({ readBack: 2, failed: 1 });
  });

  it('writes the Prometheus text format with exact metric lines', async () => {
    const text = await sampleRun().toPrometheus();
    const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(samples).toEqual([
      `cxschema_requests_total{method="GET",route="${SCHEMAS}",status="200",outcome="success"} 1`,
      `cxschema_requests_total{method="POST",route="${SCHEMAS}",status="201",outcome="success"} 2`,
      `cxschema_requests_total{method="PUT",route="${SCHEMA}",status="500",outcome="error"} 1`,
      'cxschema_requests_read_back_total 0',
      'cxschema_requests_failed_total 1',
      'cxschema_request_duration_seconds_bucket{le="0.005"} 0',
      'cxschema_request_duration_seconds_bucket{le="0.01"} 1',
      'cxschema_request_duration_seconds_bucket{le="0.025"} 1',
      'cxschema_request_duration_seconds_bucket{le="0.05"} 2',
      'cxschema_request_duration_seconds_bucket{le="0.1"} 2',
      'cxschema_request_duration_seconds_bucket{le="0.25"} 2',
      'cxschema_request_duration_seconds_bucket{le="0.5"} 3',
      'cxschema_request_duration_seconds_bucket{le="1"} 3',
      'cxschema_request_duration_seconds_bucket{le="2.5"} 4',
      'cxschema_request_duration_seconds_bucket{le="5"} 4',
      'cxschema_request_duration_seconds_bucket{le="10"} 4',
      'cxschema_request_duration_seconds_bucket{le="30"} 4',
      'cxschema_request_duration_seconds_bucket{le="60"} 4',
      'cxschema_request_duration_seconds_bucket{le="+Inf"} 4',
      // prom-client adds the observations as floats, in the order they came.
      `cxschema_request_duration_seconds_sum ${1.04 + 0.03 + 0.4 + 0.01}`,
      'cxschema_request_duration_seconds_count 4',
      'cxschema_retries_total{reason="rate-limit"} 1',
      'cxschema_retries_total{reason="server-error"} 1',
      'cxschema_retries_total{reason="network"} 0',
      'cxschema_retries_total{reason="timeout"} 0',
      'cxschema_retries_total{reason="token-expired"} 0',
      'cxschema_rate_limited_total 1',
      'cxschema_throttle_waits_total 1',
      'cxschema_throttle_wait_seconds_total 0.25',
      'cxschema_validation_failures_total{rule="FIELD_NAME_DUPLICATE"} 2',
      'cxschema_validation_failures_total{rule="REFERENCE_CYCLE"} 1',
      'cxschema_schemas_total{outcome="created"} 2',
      'cxschema_schemas_total{outcome="updated"} 0',
      'cxschema_schemas_total{outcome="published"} 0',
      'cxschema_schemas_total{outcome="deprecated"} 0',
      'cxschema_schemas_total{outcome="unchanged"} 1',
      'cxschema_schemas_total{outcome="already_done"} 0',
      'cxschema_schemas_total{outcome="failed"} 1',
      'cxschema_schemas_total{outcome="skipped"} 0',
      'cxschema_run_duration_seconds 2.5',
      'cxschema_run_end_timestamp_seconds 1700000002.5',
    ]);
  });

  it('produces text that follows the exposition grammar: HELP and TYPE once per family, before its samples', async () => {
    const text = await sampleRun().toPrometheus();
    expect(text.endsWith('\n')).toBe(true);
    const families = new Map<string, string>();
    let current = '';
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line);
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (help) {
        expect(families.has(help[1]!)).toBe(false);
        current = help[1]!;
        continue;
      }
      if (type) {
        expect(type[1]).toBe(current);
        families.set(current, type[2]!);
        continue;
      }
      const sample =
        /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(
          line,
        );
      expect(sample, line).not.toBeNull();
      const name = sample![1]!;
      const family = families.get(current) === 'histogram' ? name.replace(/_(bucket|sum|count)$/, '') : name;
      expect(family).toBe(current);
      if (families.get(current) === 'counter') expect(name.endsWith('_total')).toBe(true);
    }
    expect(families.get('cxschema_request_duration_seconds')).toBe('histogram');
  });

  it('names the metrics file and why it cannot be written, without the temporary name', async () => {
    const attempt = writeMetricsFile(join(tmpdir(), 'cxschema-no-such-folder', 'run.prom'), createRunMetrics());
    await expect(attempt).rejects.toThrow(
      /^cannot write the metrics file .*cxschema-no-such-folder\/run\.prom: its folder does not exist$/,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'INPUT' });
  });

  it('uses a registry of its own: two runs in one process do not mix', async () => {
    const first = createRunMetrics({ now: () => 0 });
    const second = createRunMetrics({ now: () => 0 });
    first.recordSchemaOutcome('published');
    expect(await second.toPrometheus()).toContain('cxschema_schemas_total{outcome="published"} 0');
    expect(await first.toPrometheus()).toContain('cxschema_schemas_total{outcome="published"} 1');
    const { register } = await import('prom-client');
    expect(register.getSingleMetric('cxschema_schemas_total')).toBeUndefined();
  });

  it('writes a metrics file by rename, in either format, leaving no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-metrics-'));
    try {
      const metrics = sampleRun();
      await writeMetricsFile(join(dir, 'cxschema.prom'), metrics);
      await writeMetricsFile(join(dir, 'cxschema.json'), metrics, 'json');
      expect(await readFile(join(dir, 'cxschema.prom'), 'utf8')).toContain('cxschema_rate_limited_total 1\n');
      expect(JSON.parse(await readFile(join(dir, 'cxschema.json'), 'utf8'))).toMatchObject({
        rateLimited: 1,
        requests: { total: 4 },
      });
      expect((await readdir(dir)).sort()).toEqual(['cxschema.json', 'cxschema.prom']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('latency quantiles', () => {
  it('are exact nearest-rank values over every sample', () => {
    const samples = Array.from({ length: 1000 }, (_, index) => 1000 - index);
    const stats = summarizeLatencies(samples);
    expect(stats).toMatchObject({ count: 1000, p50: 500, p95: 950, p99: 990, min: 1, max: 1000, average: 500.5 });
    expect(nearestRank([7], 0.99)).toBe(7);
    expect(summarizeLatencies([])).toEqual({ count: 0, average: 0, min: 0, max: 0, p50: 0, p95: 0, p99: 0 });
  });
});
