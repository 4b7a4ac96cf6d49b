/**
 * Apply under injected faults, against the same apply without them: 48 schemas (three waves) to an emulator at the
 * platform's 300 requests a minute, the client at its defaults (300 a minute, 8 in flight), real time throughout.
 * - 5% of requests answered 429 with Retry-After 1: a stray 429 must cost its Retry-After, not the rate. Target:
 *   within 3x the fault-free time plus the sum of the Retry-After waits.
 * - The mixed set (10% 503, 5% 429, 2% resets, 50 ms latency, 2% slow successes held 3 s, short enough for a
 *   2-core machine): within 10x the fault-free time.
 * The faults are seeded: the same requests in the same order meet the same faults.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { startEmulator, type FaultSpec } from '../src/emulator/index.js';
import { createCustomObjectsTarget } from '../src/genesys/index.js';
import type { SchemaDefinition } from '../src/model/schema.js';
import { planChanges } from '../src/plan/plan-changes.js';
import { readSnapshot } from '../src/plan/snapshot.js';

const SCHEMAS = 48;
const COMPATIBILITY = { mode: 'BACKWARD' as const, ignore: [] };
const RATE_LIMIT_FAULTS: FaultSpec = { rateLimit: 0.05, retryAfterSeconds: 1 };
const MIXED_FAULTS: FaultSpec = {
  status: { 503: 0.1 },
  rateLimit: 0.05,
  retryAfterSeconds: 1,
  reset: 0.02,
  latency: 50,
  slowSuccess: 0.02,
  slowSuccessMs: 3000,
};

/** 48 schemas in three waves: each of the second and third references one of the wave before. */
function schemas(): Array<{ file: string; definition: SchemaDefinition }> {
  const perWave = SCHEMAS / 3;
  const id = (wave: number, i: number): string => `w${wave}_s${String(i).padStart(2, '0')}`;
  return Array.from({ length: SCHEMAS }, (_, n) => {
    const wave = Math.floor(n / perWave);
    const i = n % perWave;
    const fields: SchemaDefinition['fields'] = [{ name: 'title', fieldtype: 'string', required: true }];
    if (wave > 0)
      fields.push({ name: 'parent', fieldtype: 'reference', constraints: { referencedType: id(wave - 1, i) } });
    return {
      file: `${id(wave, i)}.schema.yaml`,
      definition: { externalId: id(wave, i), name: `Schema ${wave}/${i}`, fields },
    };
  });
}

interface Run {
  ms: number;
  created: number;
  failed: number;
  rateLimited: number;
  retries: number;
  /** The Retry-After of every 429 answered, summed: time no client could have saved. */
  retryAfterMs: number;
  requests: number;
}

async function applyWith(faults: FaultSpec | undefined): Promise<Run> {
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    ...(faults === undefined ? {} : { faults, seed: 7 }),
  });
  try {
    const target = createCustomObjectsTarget({
      credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
    });
    const started = performance.now();
    const snapshot = await readSnapshot(target, 'emulator');
    const plan = planChanges({
      documents: schemas(),
      snapshot,
      compatibility: COMPATIBILITY,
      createdAt: new Date().toISOString(),
    });
    const result = await applyPlan(plan, { target, concurrency: 8 });
    const ms = performance.now() - started;
    const stats = target.stats();
    const injected429 = handle.requestLog().filter((entry) => entry.status === 429).length;
    return {
      ms,
      created: result.summary.created,
      failed: result.summary.failed + result.summary.skipped,
      rateLimited: stats.rateLimited,
      retries: stats.retries,
      retryAfterMs: injected429 * (faults?.retryAfterSeconds ?? 1) * 1000,
      requests: handle.counters().total,
    };
  } finally {
    await handle.stop();
  }
}

function describe(run: Run): string {
  return `${(run.ms / 1000).toFixed(2)} s, ${run.requests} requests, ${run.rateLimited} x 429, ${run.retries} retries, ${run.created} created, ${run.failed} failed or skipped`;
}

export async function run(): Promise<BenchResult[]> {
  const clean = await applyWith(undefined);
  const limited = await applyWith(RATE_LIMIT_FAULTS);
  const mixed = await applyWith(MIXED_FAULTS);
  const allowance = 3 * clean.ms + limited.retryAfterMs;
  const complete = (r: Run): boolean => r.created === SCHEMAS && r.failed === 0;
  return [
    {
      name: `apply ${SCHEMAS} schemas with 5% injected 429s (Retry-After 1): time / (3 x fault-free + Retry-After waits)`,
      ratio: limited.ms / allowance,
      target: '<= 1.00x',
      pass: complete(clean) && complete(limited) && limited.ms <= allowance,
      detail: `faulted ${describe(limited)}; fault-free ${describe(clean)}; Retry-After waits ${(limited.retryAfterMs / 1000).toFixed(0)} s`,
    },
    {
      name: `apply ${SCHEMAS} schemas under the mixed fault set: time / fault-free time`,
      ratio: mixed.ms / clean.ms,
      target: '<= 10x',
      pass: complete(mixed) && mixed.ms <= 10 * clean.ms,
      detail: `faulted ${describe(mixed)}; fault-free ${describe(clean)}`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
