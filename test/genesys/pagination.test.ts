import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteSchema } from '../../src/model/schema.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';

const COUNT = 1000;
let rig: TestOrg;
let folder: string;

/** An org of 1,000 schemas, written in the emulator's data-file format (docs/api-contract.md "Persistence"). */
function orgState(): string {
  const date = '2026-01-01T00:00:00.000Z';
  const schemas = Array.from({ length: COUNT }, (_, i) => {
    const externalId = `schema_${String(i).padStart(4, '0')}`;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const version: RemoteSchema = {
      id,
      externalId,
      name: `Schema ${i}`,
      version: 1,
      status: 'DRAFT',
      fields: [{ name: 'label', fieldtype: 'string' }],
      dateCreated: date,
      dateModified: date,
      selfUri: `/api/v2/customobjects/schemas/${externalId}`,
    };
    return { id, externalId, dateCreated: date, versions: [version] };
  });
  return JSON.stringify({ format: 'cxschema-emulator-state/1', schemas });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-paging-'));
  const dataPath = join(folder, 'org.json');
  await writeFile(dataPath, orgState());
  rig = await startOrg({ dataPath, limits: { maxSchemasPerOrg: 2000 } });
  // Two versions of one schema, to page through versions as well.
  await rig.target.update({ ...draft('schema_0001'), version: 2 });
  rig.emulator.resetCounters();
});

afterAll(async () => {
  await rig.emulator.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('paging over 1,000 schemas', () => {
  it('lists every schema once, in ten pages of a hundred', async () => {
    const schemas = await rig.target.list();
    expect(schemas).toHaveLength(COUNT);
    expect(new Set(schemas.map((s) => s.externalId)).size).toBe(COUNT);
    expect(schemas.find((s) => s.externalId === 'schema_0001')?.version).toBe(2);
    // A hundred a page: ten requests, not one per schema.
    const pages = rig.emulator
      .requestLog()
      .filter((e) => e.method === 'GET' && e.path === '/api/v2/customobjects/schemas');
    expect(pages).toHaveLength(10);
    expect(rig.emulator.requestLog()).toHaveLength(10);
  });

  it('filters by status on every page', async () => {
    await rig.target.update({ ...draft('schema_0500'), version: 2, status: 'PUBLISHED' });
    const published = await rig.target.list({ status: 'PUBLISHED' });
    expect(published.map((s) => s.externalId)).toEqual(['schema_0500']);
    const drafts = await rig.target.list({ status: 'DRAFT' });
    expect(drafts).toHaveLength(COUNT - 1);
  });

  it('reads every version of a schema, oldest first', async () => {
    expect((await rig.target.versions('schema_0001')).map((v) => v.version)).toEqual([1, 2]);
  });
});
