/**
 * The platform's published workitem schema that uses every coretype (test/fixtures/targets/README.md), created
 * in the emulator as it is published, then pulled and planned again: the pulled file validates and plans no
 * change. Each coretype comes back as our type where one says the same thing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { createTarget, type HttpTarget } from '../../src/genesys/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import { pullSchemas } from '../../src/org/pull.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { caller, tokenFor } from '../emulator/emulator-fixtures.js';
import { BASE, everyCoretypeExample, sdkContactExample } from '../emulator/dataschema-fixtures.js';

let emulator: EmulatorHandle;
let target: HttpTarget;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  target = createTarget(WORKITEMS_FAMILY, {
    credentials: { clientId: emulator.demoClient.id, clientSecret: emulator.demoClient.secret, domain: emulator.url },
    rateLimitPerMinute: 100_000,
  });
  dir = await mkdtemp(join(tmpdir(), 'cxschema-example-'));
});
afterAll(async () => {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the platform's example workitem schema with every coretype", () => {
  it('is created as published, pulled, and planned again with no change', async () => {
    const created = await caller(emulator, await tokenFor(emulator))('POST', BASE.workitems, everyCoretypeExample());
    expect(created.status).toBe(200);

    const pulled = await pullSchemas({ target, orgDomain: 'emulator', outDir: dir });
    expect(pulled.files.map((f) => [f.externalId, f.action])).toEqual([['example_schema', 'created']]);
    const text = await readFile(join(dir, 'example_schema.schema.yaml'), 'utf8');
    expect(text).toContain('name: Example Schema\ntarget: workitems\n');
    const types = [...text.matchAll(/^ {4}fieldtype: (\w+)$/gm)].map((m) => m[1]);
    expect(types).toEqual([
      'string',
      'longText',
      'url',
      'identifier',
      'string',
      'date',
      'dateTime',
      'integer',
      'number',
      'boolean',
      'list',
    ]);

    const config = defaultConfig(dir);
    const prepared = await preparePlan({
      paths: [dir],
      cwd: dir,
      config: { ...config, target: 'workitems' },
      target,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
    expect(prepared.plan!.steps.map((s) => [s.externalId, s.kind, s.from])).toEqual([
      ['example_schema', 'noop', { version: 1, status: 'PUBLISHED' }],
    ]);
  });
});

describe("the SDK's example contact schema, its enum without _enumProperties", () => {
  it('is created as it is, read with the values as their own titles, and pulled with no change to plan', async () => {
    const example = sdkContactExample();
    const created = await caller(emulator, await tokenFor(emulator))('POST', BASE.contacts, example);
    expect(created.status).toBe(200);
    expect(created.body.jsonSchema).toEqual(example['jsonSchema']);

    const contacts = createTarget(CONTACTS_FAMILY, {
      credentials: { clientId: emulator.demoClient.id, clientSecret: emulator.demoClient.secret, domain: emulator.url },
      rateLimitPerMinute: 100_000,
    });
    const [schema] = await contacts.list();
    expect(schema?.fields.find((field) => field.name === 'field3')).toEqual({
      name: 'field3',
      fieldtype: 'string',
      title: 'Field 3',
      description: 'Field 3',
      constraints: { enum: ['enum1', 'enum2'] },
    });

    const out = join(dir, 'contacts');
    await pullSchemas({ target: contacts, orgDomain: 'emulator', outDir: out });
    const prepared = await preparePlan({
      paths: [out],
      cwd: out,
      config: { ...defaultConfig(out), target: 'contacts' },
      target: contacts,
      orgDomain: 'emulator',
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(prepared.validation.diagnostics).toEqual([]);
    expect(prepared.plan!.summary).toMatchObject({ changes: 0, unchanged: 1 });
  });
});
