/**
 * Apply and a no-op plan on every family, side by side: as many schemas as the family's default org holds
 * (20 contact schemas, 20 organization schemas, 100 workitem schemas; 100 custom object schemas to compare), ten
 * fields each, against an emulator limited to 3,000 requests a minute with the client paced to the same rate.
 * - apply: wall time against the ideal (the requests the run needed divided by the rate);
 * - no-op plan right after: every request the emulator saw (token included).
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { startEmulator } from '../src/emulator/index.js';
import {
  CONTACTS_FAMILY,
  CUSTOM_OBJECTS_FAMILY,
  ORGANIZATIONS_FAMILY,
  WORKITEMS_FAMILY,
  type Family,
} from '../src/family/index.js';
import { createTarget, type HttpTarget } from '../src/genesys/index.js';
import type { SchemaDefinition, SchemaField } from '../src/model/schema.js';
import { planChanges } from '../src/plan/plan-changes.js';
import type { Plan } from '../src/plan/plan-types.js';
import { readSnapshot } from '../src/plan/snapshot.js';

const RATE_PER_MINUTE = 3000;
const APPLY_TARGET_RATIO = 1.15;
const NOOP_TARGET_REQUESTS = 15;
const COMPATIBILITY = { mode: 'BACKWARD' as const, ignore: [] };

const FIELDS: SchemaField[] = [
  { name: 'title', fieldtype: 'string', required: true, constraints: { maxLength: 100 } },
  { name: 'notes', fieldtype: 'longText' },
  { name: 'link', fieldtype: 'url' },
  { name: 'amount', fieldtype: 'number' },
  { name: 'flag', fieldtype: 'boolean' },
  { name: 'due', fieldtype: 'dateTime' },
  { name: 'kind', fieldtype: 'string', constraints: { enum: ['a', 'b', 'c'] } },
  {
    name: 'labels',
    fieldtype: 'list',
    constraints: { maxItems: 5, items: { fieldtype: 'string', constraints: { maxLength: 20 } } },
  },
  { name: 'code', fieldtype: 'string', constraints: { maxLength: 40 } },
  { name: 'count', fieldtype: 'number', constraints: { min: 0 } },
];

function documentsOf(count: number): Array<{ file: string; definition: SchemaDefinition }> {
  return Array.from({ length: count }, (_, i) => {
    const id = `schema_${String(i).padStart(3, '0')}`;
    return {
      file: `${id}.schema.yaml`,
      definition: { externalId: id, name: `Schema ${String(i).padStart(3, '0')}`, fields: FIELDS },
    };
  });
}

async function planFor(target: HttpTarget, documents: ReturnType<typeof documentsOf>): Promise<Plan> {
  const snapshot = await readSnapshot(target, 'emulator');
  return planChanges({
    family: target.family,
    documents,
    snapshot,
    compatibility: COMPATIBILITY,
    createdAt: new Date().toISOString(),
  });
}

async function benchFamily(family: Family, count: number): Promise<BenchResult[]> {
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: RATE_PER_MINUTE,
    limits: { maxSchemasPerOrg: 2000 },
  });
  try {
    const target = createTarget(family, {
      credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
      rateLimitPerMinute: RATE_PER_MINUTE,
    });
    const documents = documentsOf(count);
    const started = performance.now();
    const plan = await planFor(target, documents);
    const result = await applyPlan(plan, { target, concurrency: 8 });
    const wallMs = performance.now() - started;
    const requests = handle.counters().total;
    const idealMs = (requests / RATE_PER_MINUTE) * 60_000;
    const ratio = wallMs / idealMs;
    const applied = result.summary.created === count && result.summary.failed === 0;

    handle.resetCounters();
    const fresh = createTarget(family, {
      credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
      rateLimitPerMinute: RATE_PER_MINUTE,
    });
    const noopStarted = performance.now();
    const noop = await planFor(fresh, documents);
    const noopMs = performance.now() - noopStarted;
    const noopRequests = handle.counters().total;
    return [
      {
        name: `${family.name}: apply ${count} new schemas of 10 fields at ${RATE_PER_MINUTE.toLocaleString('en')} requests/min: wall time / ideal`,
        ratio,
        target: `<= ${APPLY_TARGET_RATIO}x (ideal = requests / rate)`,
        pass: applied && ratio <= APPLY_TARGET_RATIO,
        detail: `wall ${(wallMs / 1000).toFixed(2)} s, ideal ${(idealMs / 1000).toFixed(2)} s for ${requests} requests (${(requests / count).toFixed(2)} a schema); ${result.summary.created} created`,
      },
      {
        name: `${family.name}: no-op plan over ${count} schemas: requests`,
        value: noopRequests,
        unit: 'requests',
        target: `<= ${NOOP_TARGET_REQUESTS} requests`,
        pass: noop.summary.changes === 0 && noop.summary.unchanged === count && noopRequests <= NOOP_TARGET_REQUESTS,
        detail: `${noop.summary.unchanged} unchanged, ${noop.summary.changes} changes; ${noopMs.toFixed(0)} ms`,
      },
    ];
  } finally {
    await handle.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(...(await benchFamily(CUSTOM_OBJECTS_FAMILY, 100)));
  results.push(...(await benchFamily(CONTACTS_FAMILY, CONTACTS_FAMILY.defaultLimits.maxSchemasPerOrg)));
  results.push(...(await benchFamily(ORGANIZATIONS_FAMILY, ORGANIZATIONS_FAMILY.defaultLimits.maxSchemasPerOrg)));
  results.push(...(await benchFamily(WORKITEMS_FAMILY, WORKITEMS_FAMILY.defaultLimits.maxSchemasPerOrg)));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
