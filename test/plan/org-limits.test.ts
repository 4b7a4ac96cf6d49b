/**
 * Every limit /limits returns is checked online before anything is written: the schema count of the org
 * (ORG_SCHEMA_LIMIT, which no file alone can show) and each per-schema limit at the org's own value, lower
 * than the platform's default here so that only the online check can find it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import type { PlatformLimits } from '../../src/model/field-types.js';
import type { SchemaField } from '../../src/model/schema.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { validateAgainstOrg } from '../../src/plan/validate-against-org.js';
import { clientFor } from '../support/org-rig.js';
import { definition, text } from '../support/schema-builders.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function orgWith(limits: Partial<PlatformLimits>): Promise<EmulatorHandle> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, limits });
  cleanups.push(() => handle.stop());
  return handle;
}

async function folderWith(definitions: ReturnType<typeof definition>[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-org-limits-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'schemas'));
  for (const d of definitions)
    await writeFile(join(dir, 'schemas', `${d.externalId}.schema.json`), JSON.stringify(d, null, 2));
  return dir;
}

const object = (name: string, fields: SchemaField[]): SchemaField => ({
  name,
  fieldtype: 'object',
  constraints: { items: { fields } },
});

describe('the org schema count', () => {
  it('is a finding on each schema past the limit, and no plan is made', async () => {
    const handle = await orgWith({ maxSchemasPerOrg: 3 });
    const target = clientFor(handle);
    await target.create({ externalId: 'existing', name: 'Existing', version: 1, status: 'DRAFT', fields: [text('a')] });
    const dir = await folderWith([
      definition('existing', [text('a')]),
      definition('a_one', [text('x')]),
      definition('b_two', [text('x')]),
      definition('c_three', [text('x')]),
      definition('d_four', [text('x')]),
    ]);
    const config = defaultConfig(dir);

    const { validation } = await validateAgainstOrg({ paths: [], cwd: dir, config, target, orgDomain: 'emulator' });
    const findings = validation.diagnostics.filter((d) => d.ruleId === 'ORG_SCHEMA_LIMIT');
    expect(findings.map((d) => [d.schema, d.severity, d.line])).toEqual([
      ['c_three', 'error', 2],
      ['d_four', 'error', 2],
    ]);
    expect(findings[0]!.message).toBe(
      "creating c_three would go past the org's limit of 3 schemas: the org holds 1, these files create 4, 2 too many",
    );
    expect(validation.summary.errors).toBe(2);

    handle.resetCounters();
    const prepared = await preparePlan({
      paths: [],
      cwd: dir,
      config,
      target,
      orgDomain: 'emulator',
      createdAt: new Date().toISOString(),
    });
    expect(prepared.plan).toBeUndefined();
    expect(handle.requestLog().filter((r) => r.method !== 'GET' && !r.path.startsWith('/oauth'))).toEqual([]);
  });

  it('leaves a set that fits exactly alone', async () => {
    const handle = await orgWith({ maxSchemasPerOrg: 2 });
    const dir = await folderWith([definition('a_one', [text('x')]), definition('b_two', [text('x')])]);
    const { validation } = await validateAgainstOrg({
      paths: [],
      cwd: dir,
      config: defaultConfig(dir),
      target: clientFor(handle),
      orgDomain: 'emulator',
    });
    expect(validation.diagnostics).toEqual([]);
  });
});

describe("every limit of /limits, at the org's value", () => {
  const cases: Array<[keyof PlatformLimits, Partial<PlatformLimits>, ReturnType<typeof definition>[], string]> = [
    [
      'maxFieldsPerSchema',
      { maxFieldsPerSchema: 2 },
      [definition('wide', [text('a'), text('b'), text('c')])],
      'FIELD_COUNT_LIMIT',
    ],
    [
      'maxStringLength',
      { maxStringLength: 50 },
      [definition('long', [text('a', { constraints: { maxLength: 100 } })])],
      'STRING_LENGTH_LIMIT',
    ],
    [
      'maxLongTextLength',
      { maxLongTextLength: 100 },
      [definition('essay', [{ name: 'body', fieldtype: 'longText', constraints: { maxLength: 200 } }])],
      'STRING_LENGTH_LIMIT',
    ],
    [
      'maxListItems',
      { maxListItems: 5 },
      [
        definition('many', [
          {
            name: 'tags',
            fieldtype: 'list',
            constraints: { maxItems: 10, items: { fieldtype: 'boolean' } },
          },
        ]),
      ],
      'CONSTRAINT_RANGE_INVALID',
    ],
    [
      'maxNestingDepth',
      { maxNestingDepth: 1 },
      [definition('deep', [object('outer', [object('inner', [text('leaf')])])])],
      'NESTING_TOO_DEEP',
    ],
    [
      'maxRecordSizeBytes',
      { maxRecordSizeBytes: 1000 },
      [definition('big', [{ name: 'body', fieldtype: 'longText', constraints: { maxLength: 10000 } }])],
      'RECORD_SIZE_LIMIT',
    ],
    [
      'maxSchemasPerOrg',
      { maxSchemasPerOrg: 1 },
      [definition('first', [text('a')]), definition('second', [text('a')])],
      'ORG_SCHEMA_LIMIT',
    ],
  ];

  it('covers every member /limits returns', () => {
    expect(cases.map(([key]) => key).sort()).toEqual(
      Object.keys({
        maxFieldsPerSchema: 0,
        maxRecordSizeBytes: 0,
        maxStringLength: 0,
        maxLongTextLength: 0,
        maxListItems: 0,
        maxNestingDepth: 0,
        maxSchemasPerOrg: 0,
      } satisfies PlatformLimits).sort(),
    );
  });

  it.each(cases)('%s', async (_key, limits, definitions, ruleId) => {
    const dir = await folderWith(definitions);
    const config = defaultConfig(dir);
    // Within the platform's defaults: offline, nothing is found.
    const offline = await validateAgainstOrg({
      paths: [],
      cwd: dir,
      config,
      target: clientFor(await orgWith({})),
      orgDomain: 'emulator',
    });
    expect(offline.validation.diagnostics.map((d) => d.ruleId)).toEqual([]);
    const online = await validateAgainstOrg({
      paths: [],
      cwd: dir,
      config,
      target: clientFor(await orgWith(limits)),
      orgDomain: 'emulator',
    });
    expect(online.validation.diagnostics.map((d) => d.ruleId)).toContain(ruleId);
  });
});
