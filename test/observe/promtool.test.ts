/**
 * The metrics file as Prometheus's own linter reads it: `promtool check metrics` (Debian's `prometheus` package,
 * which .ci/run installs). Where the binary is not there, the test says so and why instead of passing silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMetricsFile } from '../../src/observe/metrics/metrics-file.js';
import { createRunMetrics, type RunMetrics } from '../../src/observe/metrics/run-metrics.js';

const SCHEMAS = '/api/v2/customobjects/schemas';
const PROMTOOL_MISSING = spawnSync('promtool', ['--version']).error !== undefined;
if (PROMTOOL_MISSING) {
  console.warn(
    'promtool is not installed (apt-get install prometheus): the metrics file is not checked against it here',
  );
}

function busyRun(): RunMetrics {
  const metrics = createRunMetrics({ now: () => 1_700_000_000_000 });
  metrics.hooks.onThrottle({ waitMs: 120 });
  metrics.hooks.onRetry({ method: 'GET', route: SCHEMAS, reason: 'rate-limit', attempt: 1, waitMs: 1000 });
  metrics.hooks.onResponse({
    method: 'GET',
    route: SCHEMAS,
    status: 200,
    latencyMs: 1040,
    attempt: 2,
    correlationId: 'a',
    answered: true,
  });
  metrics.hooks.onResponse({
    method: 'POST',
    route: SCHEMAS,
    status: 400,
    latencyMs: 12,
    attempt: 1,
    correlationId: 'b',
    answered: false,
  });
  metrics.recordValidationFailures([{ ruleId: 'FIELD_NAME_DUPLICATE', severity: 'error' }]);
  metrics.recordSchemaOutcome('created');
  return metrics;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-promtool-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(PROMTOOL_MISSING)('promtool check metrics (skipped: promtool is not installed)', () => {
  it.each([
    ['a run with calls, retries, pacing and findings', busyRun],
    ['a run that made no call', () => createRunMetrics({ now: () => 0 })],
  ])('accepts the file of %s', async (_name, run) => {
    const path = join(dir, `${_name.replace(/\W+/g, '-')}.prom`);
    await writeMetricsFile(path, run());
    const check = spawnSync('promtool', ['check', 'metrics'], { input: await readFile(path), encoding: 'utf8' });
    expect({ status: check.status, output: `${check.stdout}${check.stderr}`.trim() }).toEqual({
      status: 0,
      output: '',
    });
  });
});
