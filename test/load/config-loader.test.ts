import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../src/load/config-loader.js';
import { DEFAULT_SCHEMA_GLOBS } from '../../src/model/config.js';
import { ConfigError } from '../../src/model/errors.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cxschema-config-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function configError(text: string): Promise<ConfigError> {
  writeFileSync(path.join(root, 'cxschema.config.yaml'), text);
  try {
    await loadConfig({ cwd: root });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults when there is no config file', async () => {
    const config = await loadConfig({ cwd: root });
    expect(config).toEqual({
      schemas: [...DEFAULT_SCHEMA_GLOBS],
      rules: {},
      systemObjects: [],
      limits: {},
      compatibility: { mode: 'BACKWARD', ignore: [] },
      root,
    });
  });

  it('finds the config by walking up from the working directory', async () => {
    writeFileSync(path.join(root, 'cxschema.config.yaml'), 'schemas: [schemas/*.yaml]\n');
    const nested = path.join(root, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    const config = await loadConfig({ cwd: nested });
    expect(config.path).toBe(path.join(root, 'cxschema.config.yaml'));
    expect(config.root).toBe(root);
    expect(config.schemas).toEqual(['schemas/*.yaml']);
    expect(await findConfigFile(nested)).toBe(path.join(root, 'cxschema.config.yaml'));
  });

  it('reads every key', async () => {
    writeFileSync(
      path.join(root, 'cxschema.config.yaml'),
      [
        'schemas: ["**/*.schema.yaml"]',
        'rules: { RECORD_SIZE_LIMIT: error, REFERENCE_CYCLE: off }',
        'systemObjects: [account]',
        'limits: { maxFieldsPerSchema: 80, maxRecordSizeBytes: 204800 }',
        'compatibility:',
        '  mode: FULL_TRANSITIVE',
        '  ignore:',
        '    - { rule: FIELD_REMOVED, schema: customer, field: fax, reason: "nobody sends faxes" }',
        'portal: { url: "https://portal.example.test/hooks", secretEnv: PORTAL_SECRET, timeoutMs: 5000 }',
        'audit: { path: logs/audit.jsonl }',
        'environments:',
        '  prod: { domain: mypurecloud.ie }',
        '  local: { domain: "http://127.0.0.1:8787" }',
        '',
      ].join('\n'),
    );
    const config = await loadConfig({ cwd: root });
    expect(config).toMatchObject({
      rules: { RECORD_SIZE_LIMIT: 'error', REFERENCE_CYCLE: 'off' },
      systemObjects: ['account'],
      limits: { maxFieldsPerSchema: 80, maxRecordSizeBytes: 204800 },
      compatibility: {
        mode: 'FULL_TRANSITIVE',
        ignore: [{ rule: 'FIELD_REMOVED', schema: 'customer', field: 'fax', reason: 'nobody sends faxes' }],
      },
      portal: { url: 'https://portal.example.test/hooks', secretEnv: 'PORTAL_SECRET', timeoutMs: 5000 },
      audit: { path: 'logs/audit.jsonl' },
      environments: { prod: { domain: 'mypurecloud.ie' }, local: { domain: 'http://127.0.0.1:8787' } },
    });
  });

  it('treats an empty or comment-only file as the defaults', async () => {
    writeFileSync(path.join(root, 'cxschema.config.yaml'), '# nothing yet\n');
    const config = await loadConfig({ cwd: root });
    expect(config.schemas).toEqual([...DEFAULT_SCHEMA_GLOBS]);
    expect(config.path).toBe(path.join(root, 'cxschema.config.yaml'));
    // Lines ended by a lone carriage return are lines too.
    writeFileSync(path.join(root, 'cxschema.config.yaml'), '# nothing yet\r# nor here\r');
    expect((await loadConfig({ cwd: root })).schemas).toEqual([...DEFAULT_SCHEMA_GLOBS]);
  });

  it('refuses a YAML tag in the config as in a schema file, at the tag', async () => {
    const error = await configError('schemas:\n  - !Glob a/*.yaml\n');
    expect(error).toMatchObject({
      message: 'tag !Glob: cxschema reads plain values, which need no tag',
      line: 2,
      column: 5,
    });
  });

  it('reports a schemas glob no name can match at its line and column', async () => {
    const error = await configError('schemas:\n  - a/*.yaml\n  - "b/[9-0].yaml"\n');
    expect(error).toMatchObject({
      message: 'schemas[1]: invalid glob b/[9-0].yaml: range out of order in character class [9-0]',
      file: 'cxschema.config.yaml',
      line: 3,
      column: 5,
    });
  });

  it('reports an unknown key at its line and column, with a did-you-mean', async () => {
    const error = await configError('schemas: [a.yaml]\nlimits:\n  maxFieldPerSchema: 60\n');
    expect(error.message).toMatch(/unknown property 'maxFieldPerSchema' in limits/);
    expect(error).toMatchObject({
      file: 'cxschema.config.yaml',
      line: 3,
      column: 3,
      hint: "did you mean 'maxFieldsPerSchema'?",
    });
    expect((await configError('schema: [a.yaml]\n')).hint).toBe("did you mean 'schemas'?");
  });

  it('refuses a schemas entry that reaches outside the config folder, at its line and column', async () => {
    for (const [entry, line, column] of [
      ['../../x/*.json', 3, 5],
      ['/etc/passwd', 3, 5],
      ['schemas/../../up.yaml', 3, 5],
    ] as const) {
      const error = await configError(`schemas:\n  - "schemas/*.yaml"\n  - "${entry}"\n`);
      expect(error.message).toContain(`schemas entry "${entry}" reaches outside the config file's folder`);
      expect(error).toMatchObject({ file: 'cxschema.config.yaml', line, column });
      expect(error.hint).toContain('--allow-outside');
    }
    // Inside the folder, `..` that comes back in and an absolute path below it are fine.
    writeFileSync(
      path.join(root, 'cxschema.config.yaml'),
      `schemas:\n  - "a/../b/*.yaml"\n  - "${path.join(root, 'c', '*.json')}"\n`,
    );
    expect((await loadConfig({ cwd: root })).outsideSchemas).toBeUndefined();
  });

  it('reads a schemas entry outside the folder with allowOutside, and names it', async () => {
    writeFileSync(path.join(root, 'cxschema.config.yaml'), 'schemas:\n  - "schemas/*.yaml"\n  - "../shared/*.yaml"\n');
    const config = await loadConfig({ cwd: root, allowOutside: true });
    expect(config.schemas).toEqual(['schemas/*.yaml', '../shared/*.yaml']);
    expect(config.outsideSchemas).toEqual(['../shared/*.yaml']);
  });

  it('refuses a rule id that names no rule at its line, with a did-you-mean', async () => {
    const error = await configError('schemas: [a.yaml]\nrules:\n  RECORD_SIZE_LIMT: off\n');
    expect(error.message).toMatch(/unknown property 'RECORD_SIZE_LIMT' in rules/);
    expect(error).toMatchObject({
      file: 'cxschema.config.yaml',
      line: 3,
      column: 3,
      hint: "did you mean 'RECORD_SIZE_LIMIT'?",
    });
  });

  it('reports wrong values where they are', async () => {
    expect(await configError('rules:\n  RECORD_SIZE_LIMIT: warn\n')).toMatchObject({ line: 2, column: 22 });
    expect(await configError('compatibility:\n  ignore:\n    - { rule: FIELD_REMOVED }\n')).toMatchObject({
      line: 3,
      message: expect.stringMatching(/reason/) as unknown,
    });
    expect(await configError('portal: { url: "ftp://x" }\n')).toMatchObject({ line: 1, column: 16 });
    expect(await configError('portal: { url: "https://x", secretEnv: "my secret" }\n')).toMatchObject({ line: 1 });
    expect(await configError('limits: { maxListItems: 0 }\n')).toMatchObject({ line: 1, column: 25 });
    // Past what a timer can hold, Node would abort every attempt after 1 ms: refused where it is written.
    expect(
      await configError('portal:\n  url: https://portal.example.test/hooks\n  timeoutMs: 3000000000\n'),
    ).toMatchObject({
      line: 3,
      column: 14,
      message: expect.stringMatching(/portal\.timeoutMs must be at most 300000/) as unknown,
    });
    expect(await configError('environments:\n  prod: { domian: x }\n')).toMatchObject({ line: 2, column: 11 });
    expect(await configError('- a\n- b\n')).toMatchObject({ line: 1, column: 1 });
    expect(await configError('schemas: [a\n')).toMatchObject({ line: 2 });
  });

  it("reports a mistake in an environment's portal at the key or value that is wrong, as at the top level", async () => {
    const head = 'schemas: [a.yaml]\nenvironments:\n  prod:\n    portal:\n';
    expect(
      await configError(`${head}      url: https://portal.example.test/hooks\n      timeout: 5000\n`),
    ).toMatchObject({
      message: "unknown property 'timeout' in environments.prod.portal",
      hint: "did you mean 'timeoutMs'?",
      line: 6,
      column: 7,
    });
    expect(await configError(`${head}      url: ftp://portal.example.test/hooks\n`)).toMatchObject({
      message: "environments.prod.portal.url 'ftp://portal.example.test/hooks' must be an http:// or https:// URL",
      line: 5,
      column: 12,
    });
    expect(await configError(`${head}      url: 12\n`)).toMatchObject({
      message: 'environments.prod.portal.url must be a string, not an integer',
      line: 5,
      column: 12,
    });
    expect(
      await configError(`${head}      url: https://portal.example.test/hooks\n      timeoutMs: 0\n`),
    ).toMatchObject({
      message: 'environments.prod.portal.timeoutMs must be at least 1',
      line: 6,
      column: 18,
    });
    expect(await configError(`${head}      secretEnv: PORTAL_SECRET\n`)).toMatchObject({
      message: "environments.prod.portal is missing the required property 'url'",
      line: 5,
      column: 7,
    });
    // One problem, not one for each reading of the value: `portal: false` is not what a mapping meant.
    const unknown = await configError(`${head}      url: https://portal.example.test/hooks\n      timeout: 5000\n`);
    expect(unknown.message).not.toMatch(/more problem|constant/);
  });

  it('says what an environment may give as its portal when it gives neither false nor a mapping', async () => {
    for (const [value, given] of [
      ['12', 'an integer'],
      ['true', 'true'],
      ['"https://portal.example.test/hooks"', 'a string'],
      ['[]', 'a list'],
    ] as const) {
      expect(await configError(`environments:\n  prod:\n    portal: ${value}\n`)).toMatchObject({
        message: `environments.prod.portal must be false or a mapping, not ${given}`,
        hint: 'a mapping here holds url, secretEnv, timeoutMs',
        line: 3,
        column: 13,
      });
    }
  });

  it('refuses a compatibility.ignore entry naming a rule that does not exist, at its value', async () => {
    const error = await configError(
      'compatibility:\n  ignore:\n    - { rule: FIELD_REMOVD, reason: "misspelt, so it would ignore nothing" }\n',
    );
    expect(error).toMatchObject({ line: 3, column: 15 });
    expect(error.message).toMatch(/FIELD_REMOVED/);
  });

  it('says how many more problems there are', async () => {
    expect((await configError('a: 1\nb: 2\nc: 3\n')).message).toMatch(/and 2 more problems/);
  });

  it('loads --config relative to the working directory, and refuses a missing one', async () => {
    mkdirSync(path.join(root, 'conf'));
    writeFileSync(path.join(root, 'conf', 'team.yaml'), 'systemObjects: [account]\n');
    const config = await loadConfig({ cwd: root, configPath: 'conf/team.yaml' });
    expect(config.systemObjects).toEqual(['account']);
    expect(config.root).toBe(path.join(root, 'conf'));
    await expect(loadConfig({ cwd: root, configPath: 'nope.yaml' })).rejects.toThrow(ConfigError);
  });
});
