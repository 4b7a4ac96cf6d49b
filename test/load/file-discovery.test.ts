import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverSchemaFiles } from '../../src/load/file-discovery.js';
import { globToRegExp } from '../../src/load/glob-pattern.js';
import { UsageError } from '../../src/model/errors.js';

let root: string;
const files = [
  'schemas/a.schema.yaml',
  'schemas/b.schema.yml',
  'schemas/c.schema.json',
  'schemas/notes.txt',
  'schemas/deep/d.schema.yaml',
  'schemas/node_modules/e.schema.yaml',
  'schemas/.cxschema/f.schema.yaml',
  'other/g.yaml',
  'cxschema.config.yaml',
];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cxschema-discovery-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), 'x: 1\n');
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const relative = (found: string[]): string[] =>
  found.map((file) => path.relative(root, file).split(path.sep).join('/'));

describe('globToRegExp', () => {
  it.each([
    ['**/*.schema.yaml', 'a.schema.yaml', true],
    ['**/*.schema.yaml', 'x/y/a.schema.yaml', true],
    ['**/*.schema.yaml', 'x/a.schema.yml', false],
    ['schemas/*.yaml', 'schemas/deep/a.yaml', false],
    ['schemas/**', 'schemas/deep/a.yaml', true],
    ['*.{yaml,json}', 'a.json', true],
    ['file?.yaml', 'file1.yaml', true],
    ['file[0-9].yaml', 'filex.yaml', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (glob, candidate, expected) => {
    expect(globToRegExp(glob).test(candidate)).toBe(expected);
  });
});

describe('a glob no name can match', () => {
  it('is a usage error that names the class, not an internal error', async () => {
    expect(() => globToRegExp('s/[z-a].yaml')).toThrow(UsageError);
    expect(() => globToRegExp('s/[z-a].yaml')).toThrow(
      'invalid glob s/[z-a].yaml: range out of order in character class [z-a]',
    );
    await expect(discoverSchemaFiles(['schemas/[z-a]*.yaml'], { base: root, strict: true })).rejects.toThrow(
      UsageError,
    );
  });
});

describe('discoverSchemaFiles', () => {
  it('walks folders for YAML and JSON, skipping tool folders and the excluded config', async () => {
    const found = await discoverSchemaFiles(['.'], {
      base: root,
      exclude: [path.join(root, 'cxschema.config.yaml')],
      strict: true,
    });
    expect(relative(found)).toEqual([
      'other/g.yaml',
      'schemas/a.schema.yaml',
      'schemas/b.schema.yml',
      'schemas/c.schema.json',
      'schemas/deep/d.schema.yaml',
    ]);
  });

  it('expands globs below their fixed prefix, each file once', async () => {
    const found = await discoverSchemaFiles(
      ['schemas/**/*.schema.yaml', 'schemas/*.schema.*', 'schemas/a.schema.yaml'],
      { base: root, strict: true },
    );
    expect(relative(found)).toEqual([
      'schemas/a.schema.yaml',
      'schemas/b.schema.yml',
      'schemas/c.schema.json',
      'schemas/deep/d.schema.yaml',
    ]);
  });

  it('loads a named file whatever its extension', async () => {
    expect(relative(await discoverSchemaFiles(['schemas/notes.txt'], { base: root, strict: true }))).toEqual([
      'schemas/notes.txt',
    ]);
  });

  it('refuses command-line paths that do not exist or match nothing, but not config globs', async () => {
    await expect(discoverSchemaFiles(['missing.yaml'], { base: root, strict: true })).rejects.toThrow(UsageError);
    await expect(discoverSchemaFiles(['nothing/**/*.yaml'], { base: root, strict: true })).rejects.toThrow(
      /no schema files match/,
    );
    expect(await discoverSchemaFiles(['nothing/**/*.yaml'], { base: root, strict: false })).toEqual([]);
  });
});

describe('what cannot be read', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cxschema-unreadable-'));
    mkdirSync(path.join(folder, 'schemas'));
    writeFileSync(path.join(folder, 'schemas/a.schema.yaml'), 'x: 1\n');
    symlinkSync('loop', path.join(folder, 'loop'));
    symlinkSync('self.schema.yaml', path.join(folder, 'schemas/self.schema.yaml'));
    symlinkSync('nowhere.schema.yaml', path.join(folder, 'schemas/dangling.schema.yaml'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps a link that cannot be followed, for the loader to report, and drops one to nowhere', async () => {
    const found = await discoverSchemaFiles(['schemas'], { base: folder, strict: true });
    expect(found.map((file) => path.basename(file))).toEqual(['a.schema.yaml', 'self.schema.yaml']);
  });

  it('stops on a folder that exists but cannot be read, rather than leave its schemas out', async () => {
    await expect(discoverSchemaFiles(['loop/**/*.yaml'], { base: folder, strict: false })).rejects.toThrow(
      /^cannot read the folder .*loop \(ELOOP\)$/,
    );
    await expect(discoverSchemaFiles(['missing/**/*.yaml'], { base: folder, strict: false })).resolves.toEqual([]);
  });
});
