/**
 * Apply's throughput against the rate limit, and the cost of a no-op plan.
 * - 500 new schemas in 4 waves (each schema of a wave references one of the wave before) applied to an emulator
 *   limited to 3,000 requests a minute, the client configured to the same rate: wall time against the ideal,
 *   the requests the apply needed divided by the rate. Waves are barriers, so time lost at their joins shows.
 * - A no-op plan over 1,000 schemas: every request the emulator saw (token included), counted by its counters.
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createCustomObjectsTarget, type CustomObjectsTarget } from '../src/genesys/index.js';
import type { SchemaDefinition } from '../src/model/schema.js';
import { planChanges } from '../src/plan/plan-changes.js';
import type { Plan } from '../src/plan/plan-types.js';
import { schemasNeedingHistory } from '../src/plan/prepare-plan.js';
import { readSnapshot, withHistories } from '../src/plan/snapshot.js';

const RATE_PER_MINUTE = 3000;
const APPLY_TARGET_RATIO = 1.15;
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
      if (wave > 0) fields.push({ name: 'parent', fieldtype: 'reference', constraints: { referencedType: id(wave - 1, i) } });
      documents.push({ file: `${id(wave, i)}.schema.yaml`, definition: { externalId: id(wave, i), name: `Schema ${wave}/${i}`, fields } });
    }
  }
  return documents;
}

async function planFor(target: CustomObjectsTarget, documents: ReturnType<typeof layeredSchemas>): Promise<Plan> {
  const base = await readSnapshot(target, 'emulator');
  const snapshot = await withHistories(target, base, schemasNeedingHistory(documents, base, { compatibility: COMPATIBILITY }));
  return planChanges({ documents, snapshot, compatibility: COMPATIBILITY, createdAt: new Date().toISOString() });
}

/**
 * With `timeFactor` 1 this is the figure as specified: 500 schemas need about 1,000 requests, which fit in one
 * minute's allowance of 3,000, so the limiter never has to hold anything back. The second run makes the limit bind:
 * the org allows 300 a minute, so the same apply spans four rate windows (time compressed 30 times, on one clock
 * shared by the emulator and the client).
 */
async function applyAgainstRateLimit(ratePerMinute: number, timeFactor: number): Promise<BenchResult> {
  const clock = timeFactor === 1 ? undefined : compressedClock(timeFactor);
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: ratePerMinute,
    limits: { maxSchemasPerOrg: 2000 },
    ...(clock ? { now: clock.now } : {}),
  });
  try {
    const target = clientOf(handle, ratePerMinute, clock);
    const documents = layeredSchemas(500, 4);
    const elapsed = clock ?? { now: () => performance.now() };
    const started = elapsed.now();
    const plan = await planFor(target, documents);
    const result = await applyPlan(plan, { target, concurrency: 8 });
    const wallMs = elapsed.now() - started;
    const stats = target.stats();
    // Every request the run needed (the token's too), at the rate: the time a perfectly paced client takes.
    const requests = handle.counters().total;
    const idealMs = (requests / ratePerMinute) * 60_000;
    const ratio = wallMs / idealMs;
    const ok = result.summary.created === 500 && result.summary.failed === 0 && plan.waves === 4;
    const compressed = timeFactor === 1 ? '' : ` (limit binding; time x${timeFactor})`;
    return {
      name: `apply 500 schemas in 4 waves at ${ratePerMinute.toLocaleString('en')} requests/min${compressed}: wall time / ideal`,
      ratio,
      target: `<= ${APPLY_TARGET_RATIO}x (ideal = requests / rate)`,
      pass: ok && ratio <= APPLY_TARGET_RATIO,
      detail:
        `${clock ? 'virtual ' : ''}wall ${(wallMs / 1000).toFixed(2)} s, ideal ${(idealMs / 1000).toFixed(2)} s for ${requests} requests; ` +
        `${result.summary.created} created in ${plan.waves} waves, ${stats.rateLimited} x 429, ${stats.retries} retries, ` +
        `${(stats.throttledMs / 1000).toFixed(1)} s waited in the limiter`,
    };
  } finally {
    await handle.stop();
  }
}

async function noopPlanRequests(): Promise<BenchResult> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, limits: { maxSchemasPerOrg: 2000 } });
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
  return [await applyAgainstRateLimit(RATE_PER_MINUTE, 1), await applyAgainstRateLimit(300, 30), await noopPlanRequests()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
