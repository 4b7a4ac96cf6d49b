/**
 * Apply against the rate limit, and the cost of a no-op plan.
 * - 500 new schemas in 4 waves (each schema of a wave references one of the wave before) applied to an emulator
 *   that allows 300 requests a minute, the client configured to the same rate, so the limit binds: wall time
 *   against the ideal (the requests the apply needed divided by the rate), the median of 7 runs with the range.
 *   Waves are barriers, so time lost at their joins shows.
 * - A no-op plan over 1,000 schemas: every request the emulator saw (token included), counted by its counters.
 * - A no-op plan of 500 schemas against validate of the same files, whole processes in interleaved pairs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { CLI, processMs, runNode } from './cli-process.js';
import { generateCorpus } from './corpus.js';
import { figureOf, median, pairedRatio } from './paired.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createCustomObjectsTarget, type CustomObjectsTarget } from '../src/genesys/index.js';
import type { SchemaDefinition } from '../src/model/schema.js';
import { planChanges } from '../src/plan/plan-changes.js';
import type { Plan } from '../src/plan/plan-types.js';
import { schemasNeedingHistory } from '../src/plan/prepare-plan.js';
import { readSnapshot, withHistories } from '../src/plan/snapshot.js';

const BINDING_RATE_PER_MINUTE = 300;
// Enough to span the windows in seconds; more would magnify the host's scheduling delays into virtual seconds.
const TIME_FACTOR = 10;
const APPLY_RUNS = 7;
const APPLY_TARGET_RATIO = 1.05;
const PLAN_SCHEMAS = 500;
const PLAN_TARGET_RATIO = 1.1;
const NOOP_TARGET_REQUESTS = 15;
const COMPATIBILITY = { mode: 'BACKWARD' as const, ignore: [] };

interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Time that runs `factor` times faster than the wall clock, shared by the emulator (rate windows, Retry-After) and
 * the client (pacing, backoff): a run that spans several rate windows finishes in seconds.
 */
function compressedClock(factor: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * factor,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / factor)),
  };
}

function clientOf(handle: EmulatorHandle, rateLimitPerMinute: number, clock?: Clock): CustomObjectsTarget {
  return createCustomObjectsTarget({
    credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
    rateLimitPerMinute,
    ...(clock ? { now: clock.now, sleep: clock.sleep } : {}),
  });
}

/** `count` schemas spread over `waves` waves: schema i of wave w references schema i of wave w - 1. */
function layeredSchemas(count: number, waves: number): Array<{ file: string; definition: SchemaDefinition }> {
  const perWave = Math.ceil(count / waves);
  const id = (wave: number, i: number): string => `w${wave}_s${String(i).padStart(4, '0')}`;
  const documents: Array<{ file: string; definition: SchemaDefinition }> = [];
  for (let wave = 0; wave < waves; wave++) {
    for (let i = 0; i < perWave && documents.length < count; i++) {
      const fields: SchemaDefinition['fields'] = [
        { name: 'title', fieldtype: 'string', required: true },
        { name: 'notes', fieldtype: 'longText' },
      ];
      if (wave > 0)
        fields.push({ name: 'parent', fieldtype: 'reference', constraints: { referencedType: id(wave - 1, i) } });
      documents.push({
        file: `${id(wave, i)}.schema.yaml`,
        definition: { externalId: id(wave, i), name: `Schema ${wave}/${i}`, fields },
      });
    }
  }
  return documents;
}

async function planFor(target: CustomObjectsTarget, documents: ReturnType<typeof layeredSchemas>): Promise<Plan> {
  const base = await readSnapshot(target, 'emulator');
  const snapshot = await withHistories(
    target,
    base,
    schemasNeedingHistory(documents, base, { compatibility: COMPATIBILITY }),
  );
  return planChanges({ documents, snapshot, compatibility: COMPATIBILITY, createdAt: new Date().toISOString() });
}

/**
 * One apply of 500 new schemas in 4 waves with the limit binding: the org allows 300 requests a minute, so the
 * apply's ~1,000 requests span several rate windows (time compressed `timeFactor` times, on one clock shared by
 * the emulator and the client). A rate that the whole apply fits in one window's burst (3,000 a minute) would
 * measure nothing about pacing, so it is not run.
 */
async function applyOnce(
  ratePerMinute: number,
  timeFactor: number,
): Promise<{ ratio: number; ok: boolean; detail: string }> {
  const clock = compressedClock(timeFactor);
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: ratePerMinute,
    limits: { maxSchemasPerOrg: 2000 },
    now: clock.now,
  });
  try {
    const target = clientOf(handle, ratePerMinute, clock);
    const documents = layeredSchemas(500, 4);
    const started = clock.now();
    const plan = await planFor(target, documents);
    const result = await applyPlan(plan, { target, concurrency: 8 });
    const wallMs = clock.now() - started;
    const stats = target.stats();
    // Every request the run needed (the token's too), at the rate: the time a perfectly paced client takes.
    const requests = handle.counters().total;
    const idealMs = (requests / ratePerMinute) * 60_000;
    return {
      ratio: wallMs / idealMs,
      ok: result.summary.created === 500 && result.summary.failed === 0 && plan.waves === 4,
      detail:
        `virtual wall ${(wallMs / 1000).toFixed(1)} s, ideal ${(idealMs / 1000).toFixed(1)} s for ${requests} requests; ` +
        `${result.summary.created} created in ${plan.waves} waves, ${stats.rateLimited} x 429, ${stats.retries} retries`,
    };
  } finally {
    await handle.stop();
  }
}

async function applyWithLimitBinding(): Promise<BenchResult> {
  const runs: Array<Awaited<ReturnType<typeof applyOnce>>> = [];
  for (let i = 0; i < APPLY_RUNS; i++) runs.push(await applyOnce(BINDING_RATE_PER_MINUTE, TIME_FACTOR));
  const ratios = runs.map((r) => r.ratio);
  const ratio = median(ratios);
  const middle = runs.find((r) => r.ratio === ratio) ?? runs[0]!;
  return {
    name: `apply 500 schemas in 4 waves at ${BINDING_RATE_PER_MINUTE} requests/min, limit binding (time x${TIME_FACTOR}): wall time / ideal (lower is better)`,
    ratio,
    range: [Math.min(...ratios), Math.max(...ratios)],
    samples: APPLY_RUNS,
    target: `<= ${APPLY_TARGET_RATIO}x (ideal = requests / rate)`,
    pass: runs.every((r) => r.ok) && ratio <= APPLY_TARGET_RATIO,
    detail: `median run: ${middle.detail}`,
  };
}

/**
 * A no-op plan as a user runs it, a whole process against the org (an emulator in this process, holding the 500
 * schemas), against validate of the same files, in interleaved pairs: what planning costs over validating.
 */
async function noopPlanVsValidate(): Promise<BenchResult> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-plan-'));
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: 0,
    limits: { maxSchemasPerOrg: 2000 },
  });
  try {
    generateCorpus(folder, PLAN_SCHEMAS);
    const env = {
      ...process.env,
      GENESYS_OAUTH_CLIENT_ID: handle.demoClient.id,
      GENESYS_OAUTH_CLIENT_SECRET: handle.demoClient.secret,
      GENESYS_OAUTH_DOMAIN: handle.url,
    };
    await runNode([CLI, 'apply', folder, '--auto-approve', '--rate-limit', '1000000'], { cwd: folder, env });
    let problem: string | undefined;
    const plan = async (): Promise<number> => {
      // As a user runs it: the text output, and the exit code saying whether anything would change (2 when it
      // would). Paced as with --emulator (6,000 a minute), the rate a user's plan against the emulator gets.
      // Not --format json: that prints every schema's contents (some 2.8 MB here), which validate does not.
      const run = await runNode([CLI, 'plan', folder, '--detailed-exitcode', '--rate-limit', '6000'], {
        cwd: folder,
        env,
        expectCodes: [0, 2],
      });
      if (run.code !== 0 || !run.stdout.includes(`No changes.`) || !run.stdout.includes(`${PLAN_SCHEMAS} unchanged`))
        problem ??= `plan was not a no-op: exit ${run.code}, ${run.stdout.slice(0, 200)}`;
      return run.ms;
    };
    const validate = () => processMs([CLI, 'validate', folder], { cwd: folder });
    const figure = await pairedRatio(plan, validate);
    return {
      name: `cxschema plan (no changes) of ${PLAN_SCHEMAS} schemas against the emulator wall time / cxschema validate of the same files (whole processes, lower is better)`,
      ...figureOf(figure),
      target: `<= ${PLAN_TARGET_RATIO}x`,
      pass: figure.median <= PLAN_TARGET_RATIO && problem === undefined,
      detail: problem ?? `medians: plan ${figure.medianA.toFixed(0)} ms, validate ${figure.medianB.toFixed(0)} ms`,
    };
  } finally {
    await handle.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function noopPlanRequests(): Promise<BenchResult> {
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: 0,
    limits: { maxSchemasPerOrg: 2000 },
  });
  try {
    const documents = layeredSchemas(1000, 4);
    const seeder = clientOf(handle, 1_000_000);
    const seeded = await applyPlan(await planFor(seeder, documents), { target: seeder, concurrency: 16 });
    if (seeded.summary.created !== 1000) throw new Error(`seeding created ${seeded.summary.created} of 1000 schemas`);

    handle.resetCounters();
    const fresh = clientOf(handle, 1_000_000);
    const started = performance.now();
    const plan = await planFor(fresh, documents);
    const ms = performance.now() - started;
    const requests = handle.counters().total;
    return {
      name: 'no-op plan over 1,000 schemas: requests',
      value: requests,
      unit: 'requests',
      target: `<= ${NOOP_TARGET_REQUESTS} requests`,
      pass: plan.summary.changes === 0 && plan.summary.unchanged === 1000 && requests <= NOOP_TARGET_REQUESTS,
      detail: `${plan.summary.unchanged} unchanged, ${plan.summary.changes} changes; ${JSON.stringify(handle.counters().byRoute)}; ${ms.toFixed(0)} ms`,
    };
  } finally {
    await handle.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await applyWithLimitBinding(), await noopPlanRequests(), await noopPlanVsValidate()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
