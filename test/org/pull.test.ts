import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CxError, UsageError } from '../../src/model/errors.js';
import { pullSchemas, type PullSource } from '../../src/org/pull.js';
import type { RemoteSchema } from '../../src/model/schema.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { generateSchemas, writeGeneratedSchemas } from '../support/generated-schemas.js';

let org: TestOrg;
let dir: string;

beforeEach(async () => {
  org = await startOrg();
  dir = await mkdtemp(join(tmpdir(), 'cxschema-pull-'));
  await writeGeneratedSchemas(org.target, 12);
});

afterEach(async () => {
  await org.stop();
  await rm(dir, { recursive: true, force: true });
});

const pull = (options: Partial<Parameters<typeof pullSchemas>[0]> = {}): ReturnType<typeof pullSchemas> =>
  pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: join(dir, 'out'), ...options });

describe('pullSchemas', () => {
  it('writes one file a schema into a folder it makes, reading only the pages of the list', async () => {
    org.emulator.resetCounters();
    const result = await pull();
    expect(result.files.map((file) => file.externalId)).toEqual(generateSchemas(12).map((s) => s.body.externalId));
    expect(result.files.every((file) => file.action === 'created')).toBe(true);
    expect((await readdir(join(dir, 'out'))).length).toBe(12);
    // One page of the list (the client already holds a token): no GET a schema.
    expect(org.emulator.counters().byRoute).toEqual({ 'GET /api/v2/customobjects/schemas': { 200: 1 } });
  });

  it('--select keeps the schemas whose externalId matches the glob', async () => {
    const result = await pull({ select: 'gen_000{1,3}' });
    expect(result.files.map((file) => file.externalId)).toEqual(['gen_0001', 'gen_0003']);
    expect(result.skipped).toBe(10);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['gen_0001.schema.yaml', 'gen_0003.schema.yaml']);
  });

  it('refuses to overwrite a file that differs, naming it, and writes no file at all; --force overwrites', async () => {
    await pull({ select: 'gen_0001' });
    const edited = join(dir, 'out', 'gen_0001.schema.yaml');
    await writeFile(edited, 'externalId: gen_0001\n# edited by hand\n');
    let error: unknown;
    try {
      await pull();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CxError);
    expect((error as CxError).message).toMatch(
      /a file differs from the org, and pull does not overwrite: .*gen_0001\.schema\.yaml$/,
    );
    expect((error as CxError).hint).toContain('--force');
    // Nothing else was written: the pull stopped before the first write.
    expect(await readdir(join(dir, 'out'))).toEqual(['gen_0001.schema.yaml']);
    expect(await readFile(edited, 'utf8')).toContain('edited by hand');

    const forced = await pull({ force: true });
    expect(forced.files.find((file) => file.externalId === 'gen_0001')?.action).toBe('overwritten');
    expect(await readFile(edited, 'utf8')).toContain('externalId: gen_0001\nname: Generated 1\n');
  });

  it('leaves alone a file that differs only in where the cxschema that wrote it was installed', async () => {
    await pull({ select: 'gen_0001' });
    const file = join(dir, 'out', 'gen_0001.schema.yaml');
    const pulled = await readFile(file, 'utf8');
    const elsewhere = pulled.replace(
      /^# yaml-language-server: \$schema=.*$/m,
      '# yaml-language-server: $schema=x.json',
    );
    expect(elsewhere).not.toBe(pulled);
    await writeFile(file, elsewhere);
    const again = await pull({ select: 'gen_0001' });
    expect(again.files.map((entry) => entry.action)).toEqual(['unchanged']);
    expect(await readFile(file, 'utf8')).toBe(elsewhere);
    // A difference below the first line is still a difference.
    await writeFile(file, elsewhere.replace('name: Generated 1', 'name: Generated one'));
    await expect(pull({ select: 'gen_0001' })).rejects.toThrow(/a file differs from the org/);
  });

  it('refuses an output folder that is a file before reading the org', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    org.emulator.resetCounters();
    await expect(pull({ outDir: file })).rejects.toBeInstanceOf(UsageError);
    await expect(pull({ outDir: file })).rejects.toThrow(`--out ${file} is a file, not a folder`);
    expect(org.emulator.counters().total).toBe(0);
  });

  /** The org's schemas, with `change` applied to the copy of one (or one more added): what a hostile org holds. */
  const orgWith = async (extra: (schemas: RemoteSchema[]) => RemoteSchema[]): Promise<PullSource> => {
    const schemas = extra(await org.target.list());
    return { kind: 'customobjects', list: () => Promise.resolve(schemas) };
  };

  it('refuses, writing nothing, a schema whose file would leave the folder or not validate', async () => {
    const cases: Array<[(schemas: RemoteSchema[]) => RemoteSchema[], string]> = [
      [
        (all) => [...all, { ...all[0]!, externalId: '../../escaped' }],
        `"../../escaped": externalId '../../escaped' is not a valid identifier`,
      ],
      [
        (all) => [...all, { ...all[0]!, externalId: 'upper', fields: [{ name: 'Kind', fieldtype: 'string' }] }],
        `"upper": fields[0].name 'Kind' is not a valid identifier`,
      ],
    ];
    for (const [extra, named] of cases) {
      const refused = await pull({ target: await orgWith(extra) }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CxError);
      expect((refused as CxError).message).toContain(
        'of the org cannot be written as a schema file, so nothing was written',
      );
      expect((refused as CxError).message).toContain(named);
      expect((refused as CxError).hint).toContain('--select');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps the org's values in the header comment on one line", async () => {
    const target = await orgWith((all) => [{ ...all[0]!, dateModified: 'now\ntarget: contacts\r\nname: x' }]);
    await pull({ target });
    const text = await readFile(join(dir, 'out', `${generateSchemas(1)[0]!.body.externalId}.schema.yaml`), 'utf8');
    expect(text.split('\n').filter((line) => /^(target|name):/.test(line))).toEqual([
      `name: ${(await org.target.list())[0]!.name}`,
    ]);
  });

  it('writes every file or none: a file that cannot be written leaves the folder as it was', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, `gen_0002.schema.yaml.${process.pid}.tmp`), { recursive: true });
    const refused = await pull().catch((error: unknown) => error);
    expect((refused as CxError).message).toMatch(/^cannot write .*gen_0002\.schema\.yaml: /);
    expect(await readdir(out)).toEqual([`gen_0002.schema.yaml.${process.pid}.tmp`]);
  });

  it('pulls an empty org into nothing', async () => {
    const empty = await startOrg();
    try {
      const result = await pullSchemas({ target: empty.target, orgDomain: 'emulator', outDir: join(dir, 'empty') });
      expect(result.files).toEqual([]);
      await expect(readdir(join(dir, 'empty'))).rejects.toThrow(/ENOENT/);
    } finally {
      await empty.stop();
    }
  });
});
