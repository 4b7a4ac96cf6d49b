/**
 * Correctness under concurrency: dozens of writes at once. Exactly one PUT wins each version and versions stay
 * contiguous; exactly one POST of an externalId creates it. With and without a data file (persisting must not
 * open a gap between reading the current version and committing the next).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Call } from './emulator-fixtures.js';
import { caller, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-emulator-concurrency-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

for (const mode of ['in memory', 'with a data file'] as const) {
  describe(`concurrent writes, ${mode}`, () => {
    let emulator: EmulatorHandle;
    let calls: Call[];
    let dataPath: string | undefined;

    beforeAll(async () => {
      dataPath = mode === 'with a data file' ? join(folder, 'state.json') : undefined;
      emulator = await startEmulator({ rateLimitPerMinute: 0, ...(dataPath !== undefined ? { dataPath } : {}) });
      // Several tokens, as several pipelines would have.
      calls = await Promise.all(Array.from({ length: 4 }, async () => caller(emulator, await tokenFor(emulator))));
    });
    afterAll(() => emulator.stop());

    it('POSTs of one externalId: one 201, every other one 409 exists', async () => {
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          calls[i % calls.length]!('POST', SCHEMAS, schemaBody('contested', { name: `writer ${i}` })),
        ),
      );
      expect(tally(replies.map((r) => r.status))).toEqual({ 201: 1, 409: 39 });
      expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'customobjects.schema.exists')).toBe(
        true,
      );
      const winner = replies.find((r) => r.status === 201)!;
      expect(emulator.versions('contested')).toEqual([winner.body]);
    });

    it('PUTs of one version: exactly one winner per round, versions contiguous', async () => {
      await calls[0]!('POST', SCHEMAS, schemaBody('raced'));
      for (let round = 0; round < 5; round++) {
        const version = round + 2;
        const replies = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            calls[i % calls.length]!(
              'PUT',
              `${SCHEMAS}/raced`,
              schemaBody('raced', { version, name: `round ${round} writer ${i}` }),
            ),
          ),
        );
        expect(tally(replies.map((r) => r.status))).toEqual({ 200: 1, 409: 29 });
        expect(
          replies.filter((r) => r.status === 409).every((r) => r.body.messageParams.current === String(version)),
        ).toBe(true);
      }
      expect(emulator.versions('raced').map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('PUTs of mixed versions: each version has one winner, none skipped or duplicated', async () => {
      await calls[0]!('POST', SCHEMAS, schemaBody('mixed'));
      const replies = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          calls[i % calls.length]!(
            'PUT',
            `${SCHEMAS}/mixed`,
            schemaBody('mixed', { version: 2 + (i % 6), name: `writer ${i}` }),
          ),
        ),
      );
      const won = replies.filter((r) => r.status === 200).map((r) => r.body.version);
      expect(
        replies.every(
          (r) => r.status === 200 || (r.status === 409 && r.body.code === 'customobjects.schema.version.conflict'),
        ),
      ).toBe(true);
      const versions = emulator.versions('mixed').map((v) => v.version);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      expect([...won].sort((a, b) => a - b)).toEqual(versions.slice(1));
      // Every stored version is the body of the one PUT that won it.
      for (const reply of replies.filter((r) => r.status === 200))
        expect(emulator.versions('mixed')[reply.body.version - 1]).toEqual(reply.body);
    });

    if (mode === 'with a data file') {
      it('leaves the data file with exactly what was acknowledged', async () => {
        const saved = JSON.parse(await readFile(dataPath!, 'utf8')) as {
          schemas: Array<{ externalId: string; versions: Array<{ version: number }> }>;
        };
        const byId = new Map(saved.schemas.map((s) => [s.externalId, s.versions.map((v) => v.version)]));
        expect(byId.get('raced')).toEqual([1, 2, 3, 4, 5, 6]);
        expect(byId.get('contested')).toEqual([1]);
        expect(byId.get('mixed')).toEqual(emulator.versions('mixed').map((v) => v.version));
      });
    }
  });
}
