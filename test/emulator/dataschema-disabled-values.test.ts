/**
 * The emulator keeps each enum value's `_disabled` as the body gave it (docs/targets.md "The coretypes"): served
 * back by GET, the list and every version, kept across a restart, and never set or cleared by anything but a write
 * that says so. A PUT that keeps a value while disabling it is no removal on contacts and organizations.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import { BASE, dataSchemaBody, FAMILIES } from './dataschema-fixtures.js';

let emulator: EmulatorHandle | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

type Entries = Record<string, { title: string; _disabled?: boolean }>;

function tierProperty(entries: Entries): Record<string, unknown> {
  return {
    allOf: [{ $ref: '#/definitions/enum' }],
    title: 'Tier',
    enum: Object.keys(entries),
    _enumProperties: entries,
  };
}

function entriesOf(resource: unknown): unknown {
  const jsonSchema = (resource as { jsonSchema: { properties: Record<string, Record<string, unknown>> } }).jsonSchema;
  return jsonSchema.properties['tier_enum']!['_enumProperties'];
}

describe.each(FAMILIES)('_disabled on %s', (family) => {
  it('is served back as given, by every read, through a PUT and a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxschema-disabled-'));
    const dataPath = join(dir, 'state.json');
    emulator = await startEmulator({ rateLimitPerMinute: 0, dataPath });
    let call = caller(emulator, await tokenFor(emulator));

    // One value disabled, one enabled, one without the flag: each is kept exactly so.
    const first: Entries = {
      gold: { title: 'Gold', _disabled: false },
      silver: { title: 'Silver', _disabled: true },
      bronze: { title: 'Bronze' },
    };
    const created = await call('POST', BASE[family], dataSchemaBody('Tiers', { tier_enum: tierProperty(first) }));
    expect(created.status).toBe(200);
    const id = (created.body as unknown as { id: string }).id;
    expect(entriesOf(created.body)).toEqual(first);

    // Disabling gold and enabling silver keeps every value: no removal, on any family.
    const second: Entries = {
      gold: { title: 'Gold', _disabled: true },
      silver: { title: 'Silver', _disabled: false },
      bronze: { title: 'Bronze' },
    };
    const put = await call(
      'PUT',
      `${BASE[family]}/${id}`,
      dataSchemaBody('Tiers', { tier_enum: tierProperty(second) }, { version: 1 }),
    );
    expect(put.status).toBe(200);

    await emulator.stop();
    emulator = await startEmulator({ rateLimitPerMinute: 0, dataPath });
    call = caller(emulator, await tokenFor(emulator));
    expect(entriesOf((await call('GET', `${BASE[family]}/${id}`)).body)).toEqual(second);
    const listed = (await call('GET', BASE[family])).body as unknown as { entities: unknown[] };
    expect(entriesOf(listed.entities[0])).toEqual(second);
    const versions = (await call('GET', `${BASE[family]}/${id}/versions`)).body as unknown as { entities: unknown[] };
    expect(versions.entities.map(entriesOf)).toEqual([first, second]);
    expect(entriesOf((await call('GET', `${BASE[family]}/${id}/versions/1`)).body)).toEqual(first);
  });
});
