/**
 * A folder of hostile and broken files: each gets a FILE_PARSE_ERROR or SCHEMA_STRUCTURE finding with a
 * position, quickly, and the good file next to them still loads.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/load/config-loader.js';
import { validatePaths, type ValidationResult } from '../../src/rules/validate.js';

let root: string;
let result: ValidationResult;

function aliasBomb(): string {
  let text = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 12; i++)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'cxschema-bad-'));
  const write = (name: string, content: string | Buffer): void => writeFileSync(path.join(root, name), content);
  write('good.schema.yaml', 'externalId: good\nname: Good\nfields:\n  - { name: a, fieldtype: string }\n');
  write('binary.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  write(
    'latin1.yaml',
    Buffer.concat([Buffer.from('externalId: x\nname: '), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('\n')]),
  );
  write('empty.yaml', '');
  write('list.yaml', '- a\n- b\n');
  write('scalar.json', '"just a string"\n');
  write('duplicate.yaml', 'externalId: d\nname: D\nname: E\nfields: []\n');
  write('wrong-types.yaml', 'externalId: 12\nname: [x]\nfields: {a: 1}\n');
  write(
    'no-json-numbers.yaml',
    'externalId: n\nname: N\nfields:\n  - { name: a, fieldtype: string, constraints: { enum: [.nan], maxLength: .inf } }\n  - { name: b, fieldtype: number, constraints: { min: -.inf } }\n',
  );
  write('deep.yaml', '['.repeat(100000) + ']'.repeat(100000));
  let block = '';
  for (let i = 0; i < 2000; i++) block += ' '.repeat(i) + 'k:\n';
  write('deep-block.yaml', block);
  write('bomb.yaml', aliasBomb());
  write('bad.json', '{"externalId": "x", }');
  // 50 MB, sparse: the loader must refuse it by its size, without reading it.
  const huge = openSync(path.join(root, 'huge.schema.json'), 'w');
  writeSync(huge, Buffer.from('{'), 0, 1, 50 * 1024 * 1024 - 1);
  closeSync(huge);
  result = await validatePaths([root], { config: defaultConfig(root), cwd: root });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function findings(file: string): string[] {
  return result.diagnostics
    .filter((d) => d.file === file)
    .map((d) => `${d.ruleId}@${d.line}:${d.column}: ${d.message}`);
}

describe('bad input', () => {
  it('reports every bad file, and still loads the good one', () => {
    expect(result.summary.files).toBe(14);
    expect(findings('good.schema.yaml')).toEqual([]);
    expect(result.documents.map((d) => d.file)).toContain('good.schema.yaml');
  });

  it.each([
    ['binary.yaml', /^FILE_PARSE_ERROR@3:1: binary content/],
    ['latin1.yaml', /^FILE_PARSE_ERROR@2:7: not valid UTF-8: byte 0xe9/],
    ['empty.yaml', /^FILE_PARSE_ERROR@1:1: empty file/],
    ['list.yaml', /^SCHEMA_STRUCTURE@1:1: a schema file must be a mapping .* not a list/],
    ['scalar.json', /^SCHEMA_STRUCTURE@1:1: a schema file must be a mapping .* not a string/],
    ['duplicate.yaml', /^FILE_PARSE_ERROR@3:1: duplicate key 'name'/],
    ['deep.yaml', /^FILE_PARSE_ERROR@1:\d+: nested/],
    ['deep-block.yaml', /^FILE_PARSE_ERROR@\d+:\d+: nested/],
    ['bomb.yaml', /^FILE_PARSE_ERROR@2:\d+: aliases expand too much/],
    ['bad.json', /^FILE_PARSE_ERROR@1:21: invalid JSON: trailing comma/],
    ['huge.schema.json', /^FILE_PARSE_ERROR@1:1: file too large: 50.0 MB/],
  ])('%s', (file, expected) => {
    const found = findings(file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('reports each wrong scalar type where it is', () => {
    expect(findings('wrong-types.yaml')).toEqual([
      'SCHEMA_STRUCTURE@1:13: externalId must be a string, not an integer',
      'SCHEMA_STRUCTURE@2:7: name must be a string, not a list',
      'SCHEMA_STRUCTURE@3:9: fields must be a list, not a mapping',
    ]);
  });
});

describe('numbers JSON has no form for', () => {
  it("are named as YAML wrote them, never as the null JSON would make of them, nor as 'not a number'", () => {
    const found = findings('no-json-numbers.yaml');
    expect(found).toContain(
      'SCHEMA_STRUCTURE@4:57: fields[0].constraints.enum[0] must be a string or a number, not NaN (.nan), which JSON cannot hold',
    );
    expect(found).toContain(
      'SCHEMA_STRUCTURE@4:75: fields[0].constraints.maxLength must be an integer, not an infinity (.inf), which JSON cannot hold',
    );
    expect(found.join('\n')).toMatch(
      /fields\[1\]\.constraints\.min must be a number, not a negative infinity \(-\.inf\)/,
    );
    expect(found.join('\n')).not.toMatch(/enum value null|not a number$/m);
  });
});

describe('special files', () => {
  it('reports a named pipe instead of blocking on it', async () => {
    const { execFileSync } = await import('node:child_process');
    const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-fifo-'));
    try {
      execFileSync('mkfifo', [path.join(folder, 'pipe.yaml')]);
      const piped = await validatePaths(['pipe.yaml'], { config: defaultConfig(folder), cwd: folder });
      expect(piped.diagnostics.map((d) => `${d.ruleId}@${d.line}:${d.column}: ${d.message}`)).toEqual([
        'FILE_PARSE_ERROR@1:1: not a regular file',
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
