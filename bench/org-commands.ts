/**
 * What the commands that read whole orgs cost in requests (each counted by the emulator, token included, from a
 * new client as a command starts with):
 * - pull of 500 schemas against reading the same 500 by pages (the list endpoint, no GET a schema): at most 1.2x;
 * - diff of two orgs of 500 schemas each (a dozen differing, as after a release on one of them): at most 25.
 * Request counts do not depend on the machine's speed, so one run gives the figure.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createCustomObjectsTarget, type CustomObjectsTarget } from '../src/genesys/index.js';
import { diffOrgs } from '../src/org/org-diff.js';
import { pullSchemas } from '../src/org/pull.js';
import { generateSchemas, writesFor } from '../test/support/generated-schemas.js';

const SCHEMAS = 500;
const CHANGED = 12;
const PULL_TARGET_RATIO = 1.2;
const DIFF_TARGET_REQUESTS = 25;

function clientOf(handle: EmulatorHandle): CustomObjectsTarget {
  return createCustomObjectsTarget({
    credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
    rateLimitPerMinute: 1_000_000,
  });
}

const start = (dataPath: string): Promise<EmulatorHandle> =>
  startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, dataPath });

/** Requests the emulators saw while `work` ran. */
async function requestsOf(handles: readonly EmulatorHandle[], work: () => Promise<unknown>): Promise<number> {
  for (const handle of handles) handle.resetCounters();
  await work();
  return handles.reduce((sum, handle) => sum + handle.counters().total, 0);
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-bench-org-'));
  try {
    // One org of 500 generated schemas, and a copy of it in which a dozen have a new version.
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    const seeding = await start(first);
    const seeder = clientOf(seeding);
    const schemas = generateSchemas(SCHEMAS);
    for (const schema of schemas)
      for (const write of writesFor(schema)) await (write.version === 1 ? seeder.create(write) : seeder.update(write));
    await seeding.stop();
    await copyFile(first, second);

    const a = await start(first);
    const b = await start(second);
    try {
      const changer = clientOf(b);
      for (const schema of schemas.filter((s) => s.status === 'PUBLISHED').slice(0, CHANGED)) {
        const current = (await changer.get(schema.body.externalId))!;
        await changer.update({
          ...schema.body,
          fields: [...schema.body.fields, { name: 'added', fieldtype: 'boolean' }],
          version: current.version + 1,
          status: 'PUBLISHED',
        });
      }

      const pages = await requestsOf([a], () => clientOf(a).list());
      let pulled = 0;
      const pull = await requestsOf([a], async () => {
        pulled = (await pullSchemas({ target: clientOf(a), orgDomain: 'emulator', outDir: join(dir, 'pulled') })).files
          .length;
      });
      let differing = 0;
      const diff = await requestsOf([a, b], async () => {
        const result = await diffOrgs({
          source: { name: 'first', target: clientOf(a), orgDomain: 'first' },
          target: { name: 'second', target: clientOf(b), orgDomain: 'second' },
          compatibility: { mode: 'BACKWARD', ignore: [] },
          createdAt: new Date().toISOString(),
        });
        differing = result.plan.summary.changes;
      });
      return [
        {
          name: `pull of ${pulled} schemas, requests against reading them by pages (lower is better)`,
          ratio: pull / pages,
          target: `<= ${PULL_TARGET_RATIO}x`,
          pass: pulled === SCHEMAS && pull / pages <= PULL_TARGET_RATIO,
          detail: `pull ${pull} requests, pages ${pages} requests, token included`,
        },
        {
          name: `diff of two orgs of ${SCHEMAS} schemas, ${differing} differing (lower is better)`,
          value: diff,
          unit: 'requests',
          target: `<= ${DIFF_TARGET_REQUESTS} requests`,
          pass: differing === CHANGED && diff <= DIFF_TARGET_REQUESTS,
          detail: 'both orgs, tokens included',
        },
      ];
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
