/**
 * The output folder of generate and docs: a file an earlier run wrote and this run no longer produces is deleted;
 * any other file (the user's, one changed since it was written, one outside the folder) is never touched.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTPUT_MANIFEST, reportCleanUp, writeOutputFolder } from '../../src/cli/write-output-folder.js';
import { CATALOG_CSS, CATALOG_JS, writtenByDocs } from '../../src/cli/render/site/catalog-assets.js';
import { generateFiles } from '../../src/codegen/generate-files.js';
import { writtenByGenerate } from '../../src/codegen/generated-marks.js';
import { UsageError } from '../../src/model/errors.js';

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cxschema-out-'));
  out = join(root, 'out');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const files = (...paths: string[]) => paths.map((path) => ({ path, text: `// ${path}\n` }));
const schemaOf = () => ({ externalId: 'a', name: 'A', fields: [{ name: 'n', fieldtype: 'string' as const }] });
const list = async (folder: string): Promise<string[]> =>
  (await readdir(folder, { recursive: true })).map((path) => path.split('\\').join('/')).sort();

describe('writeOutputFolder', () => {
  it('deletes the files of an earlier run that this run no longer produces, and folders it emptied', async () => {
    await writeOutputFolder(out, files('index.html', 'schemas/a.html', 'schemas/b.html', 'gone/c.html'), 'docs');
    const result = await writeOutputFolder(out, files('index.html', 'schemas/a.html'), 'docs');
    expect(result).toEqual({ removed: ['gone/c.html', 'schemas/b.html'], keptChanged: [], removedTemporary: [] });
    expect(await list(out)).toEqual([OUTPUT_MANIFEST, 'index.html', 'schemas', 'schemas/a.html']);
    const manifest = JSON.parse(await readFile(join(out, OUTPUT_MANIFEST), 'utf8')) as { files: object };
    expect(Object.keys(manifest.files)).toEqual(['index.html', 'schemas/a.html']);
  });

  it('never deletes a file it did not write: the first run into a used folder, or a file added beside', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'README.md'), 'mine');
    await writeOutputFolder(out, files('a.ts'), 'generate');
    await writeFile(join(out, 'helper.ts'), 'mine too');
    const result = await writeOutputFolder(out, files('b.ts'), 'generate');
    expect(result.removed).toEqual(['a.ts']);
    expect(await list(out)).toEqual([OUTPUT_MANIFEST, 'README.md', 'b.ts', 'helper.ts']);
  });

  it('keeps a file changed since it was written, says so once, and stops tracking it', async () => {
    await writeOutputFolder(out, files('a.ts', 'b.ts'), 'generate');
    await writeFile(join(out, 'b.ts'), 'edited by hand');
    expect(await writeOutputFolder(out, files('a.ts'), 'generate')).toEqual({
      removed: [],
      keptChanged: ['b.ts'],
      removedTemporary: [],
    });
    expect(await readFile(join(out, 'b.ts'), 'utf8')).toBe('edited by hand');
    expect(await writeOutputFolder(out, files('a.ts'), 'generate')).toEqual({
      removed: [],
      keptChanged: [],
      removedTemporary: [],
    });
  });

  it('deletes nothing outside the folder, whatever the manifest lists', async () => {
    await writeFile(join(root, 'outside.txt'), '// x\n');
    await mkdir(out, { recursive: true });
    // The right hash: only the path keeps the file.
    const hash = createHash('sha256').update('// x\n').digest('hex');
    await writeFile(
      join(out, OUTPUT_MANIFEST),
      JSON.stringify({ generator: 'docs', files: { '../outside.txt': hash, [join(root, 'outside.txt')]: hash } }),
    );
    expect((await writeOutputFolder(out, files('index.html'), 'docs')).removed).toEqual([]);
    expect(await readFile(join(root, 'outside.txt'), 'utf8')).toBe('// x\n');
  });

  it("refuses a folder that holds another command's output, before writing anything", async () => {
    await writeOutputFolder(out, files('a.ts'), 'cxschema generate');
    const refused = await writeOutputFolder(out, files('index.html'), 'cxschema docs').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toContain('holds the output of cxschema generate');
    expect(await list(out)).toEqual([OUTPUT_MANIFEST, 'a.ts']);
  });

  it('refuses an --out that is a file, or below one, as a usage error naming it', async () => {
    await writeFile(out, 'mine');
    for (const [folder, refusal] of [
      [out, `--out ${out} is a file, not a folder`],
      [join(out, 'gen'), `--out ${join(out, 'gen')} cannot be made: ${out} is a file, not a folder`],
    ] as const) {
      const refused = await writeOutputFolder(folder, files('a.ts'), 'generate').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(UsageError);
      expect((refused as UsageError).message).toBe(refusal);
    }
    expect(await readFile(out, 'utf8')).toBe('mine');
  });

  it('refuses two texts for one file before writing anything', async () => {
    const refused = await writeOutputFolder(
      out,
      [...files('a.ts', 'index.ts'), ...files('index.ts')],
      'generate',
    ).catch((error: unknown) => error);
    expect((refused as Error).message).toContain('index.ts twice');
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('never writes over a file it did not write, and refuses the run before writing anything', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'index.ts'), 'export * from "./app.js";\n');
    const refused = await writeOutputFolder(out, files('a.ts', 'index.ts'), 'cxschema generate').catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toContain(
      'holds a file that cxschema generate did not write and would write over: index.ts',
    );
    expect(await list(out)).toEqual(['index.ts']);
    expect(await readFile(join(out, 'index.ts'), 'utf8')).toBe('export * from "./app.js";\n');
  });

  it('writes over what it wrote where no manifest says so: the same text, or a file marked as generated', async () => {
    await mkdir(join(out, 'schemas'), { recursive: true });
    await writeFile(join(out, 'same.ts'), '// same.ts\n');
    await writeFile(join(out, 'old.ts'), '// Generated by cxschema generate: do not edit, generate again.\nold\n');
    await writeFile(join(out, 'old.record.schema.json'), '{"$comment": "Generated by cxschema generate: v0"}\n');
    await writeOutputFolder(
      out,
      files('same.ts', 'old.ts', 'old.record.schema.json'),
      'cxschema generate',
      writtenByGenerate,
    );
    expect(await readFile(join(out, 'old.ts'), 'utf8')).toBe('// old.ts\n');
    expect(await readFile(join(out, 'old.record.schema.json'), 'utf8')).toBe('// old.record.schema.json\n');
  });

  it("writes over the catalog's pages, stylesheet and script of an earlier version where no manifest says so", async () => {
    await mkdir(join(out, 'assets'), { recursive: true });
    await writeFile(
      join(out, 'index.html'),
      '<!doctype html>\n<html>\n<head>\n<meta name="generator" content="cxschema docs">\n</head>\nold\n',
    );
    // As an upgrade changes them: the header, and other rules.
    await writeFile(join(out, 'assets/catalog.css'), CATALOG_CSS.replace('--bg: #ffffff', '--bg: #fefefe'));
    await writeFile(join(out, 'assets/catalog.js'), CATALOG_JS + '// older\n');
    await writeOutputFolder(
      out,
      files('index.html', 'assets/catalog.css', 'assets/catalog.js'),
      'cxschema docs',
      writtenByDocs,
    );
    expect(await readFile(join(out, 'assets/catalog.css'), 'utf8')).toBe('// assets/catalog.css\n');
    expect(await readFile(join(out, 'index.html'), 'utf8')).toBe('// index.html\n');
  });

  it('marks each generated file where it looks, at its start', () => {
    for (const file of [...generateFiles('typescript', [schemaOf()]), ...generateFiles('jsonschema', [schemaOf()])])
      expect(writtenByGenerate(file.path, file.text), file.path).toBe(true);
    expect(writtenByDocs('assets/catalog.css', CATALOG_CSS)).toBe(true);
    expect(writtenByDocs('assets/catalog.js', CATALOG_JS)).toBe(true);
  });

  it("takes no other command's mark, nor a mark past the start of the file", async () => {
    await mkdir(out, { recursive: true });
    const cases: Array<[string, string, string, (path: string, text: string) => boolean]> = [
      [
        'index.ts',
        'export * from "./app.js";\n// Generated by cxschema generate\n',
        'cxschema generate',
        writtenByGenerate,
      ],
      [
        'a.ts',
        '<!doctype html>\n<head><meta name="generator" content="cxschema docs"></head>\n',
        'cxschema generate',
        writtenByGenerate,
      ],
      [
        'a.json',
        '{"x": 1, "note": {"$comment": "Generated by cxschema generate"}}',
        'cxschema generate',
        writtenByGenerate,
      ],
      [
        'index.html',
        '<!doctype html>\n<head></head>\n<meta name="generator" content="cxschema docs">\n',
        'cxschema docs',
        writtenByDocs,
      ],
      [
        'index.html',
        '// Generated by cxschema generate: do not edit, generate again.\n',
        'cxschema docs',
        writtenByDocs,
      ],
      ['assets/catalog.css', 'body {}\n/* Generated by cxschema docs */\n', 'cxschema docs', writtenByDocs],
    ];
    for (const [path, text, generator, writtenBy] of cases) {
      await rm(out, { recursive: true, force: true });
      await mkdir(join(out, 'assets'), { recursive: true });
      await writeFile(join(out, path), text);
      const refused = await writeOutputFolder(out, files(path), generator, writtenBy).catch((error: unknown) => error);
      expect(refused, path).toBeInstanceOf(UsageError);
      expect(await readFile(join(out, path), 'utf8')).toBe(text);
    }
  });

  it('writes over a file its manifest lists, changed or not', async () => {
    await writeOutputFolder(out, files('a.ts'), 'generate');
    await writeFile(join(out, 'a.ts'), 'edited by hand');
    await writeOutputFolder(out, files('a.ts'), 'generate');
    expect(await readFile(join(out, 'a.ts'), 'utf8')).toBe('// a.ts\n');
  });

  it('ignores a manifest that is not one (nothing is deleted)', async () => {
    await writeOutputFolder(out, files('a.ts'), 'generate');
    await writeFile(join(out, OUTPUT_MANIFEST), '{ not json');
    expect((await writeOutputFolder(out, files('b.ts'), 'generate')).removed).toEqual([]);
    expect(await list(out)).toEqual([OUTPUT_MANIFEST, 'a.ts', 'b.ts']);
  });

  it('removes the temporary files of runs that no longer run, and nothing else', async () => {
    await writeOutputFolder(out, files('a.ts', 'b.ts', 'schemas/c.html'), 'generate');
    // The pid of a process that ran and ended, as a run killed mid-write leaves its own.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const alive = process.ppid;
    const leftovers = [
      `a.ts.${gone}.cxschema.tmp`,
      `schemas/c.html.${gone}.cxschema.tmp`,
      // One of a file the last run wrote and this one does not: the run that wrote b.ts was killed writing it.
      `b.ts.${gone}.cxschema.tmp`,
      `${OUTPUT_MANIFEST}.${gone}.cxschema.tmp`,
    ];
    const kept = [
      // This run's own name, and that of another process still running: a live run's.
      `b.ts.${process.pid}.cxschema.tmp`,
      `a.ts.${alive}.cxschema.tmp`,
      // Not a name this writer gives: the user's, or no file it writes.
      `notes.txt.${gone}.cxschema.tmp`,
      `a.ts.${gone}.cxschema.tmp.bak`,
      `a.ts.x${gone}.cxschema.tmp`,
      `a.ts.0.cxschema.tmp`,
      // A backup of the user's, dated or numbered as a pid would be, without the writer's mark.
      `a.ts.${gone}.tmp`,
      `a.ts.20241203.tmp`,
    ];
    for (const name of [...leftovers, ...kept]) await writeFile(join(out, name), 'half a file');
    await mkdir(join(out, `schemas/c.html.${gone}.cxschema.tmp.d`));
    await mkdir(join(out, `a.ts.${gone + 1}.cxschema.tmp`));

    const result = await writeOutputFolder(out, files('a.ts', 'schemas/c.html'), 'generate');
    expect(result.removedTemporary).toEqual([...leftovers].sort());
    expect(result.removed).toEqual(['b.ts']);
    const remaining = await list(out);
    for (const name of leftovers) expect(remaining).not.toContain(name);
    for (const name of kept) expect(remaining).toContain(name);
    expect(remaining).toContain(`a.ts.${gone + 1}.cxschema.tmp`);
    expect(remaining).toContain(`schemas/c.html.${gone}.cxschema.tmp.d`);
  });
});

describe('reportCleanUp', () => {
  it('prints the paths from the manifest with their escape sequences defused', () => {
    const lines: string[] = [];
    const terminal = {
      out: () => undefined,
      err: (text: string) => lines.push(text),
      color: false,
      errColor: false,
      isTTY: false,
    };
    const hostile = 'a\u001b]0;owned\u0007\u001b[2J.html';
    reportCleanUp({ removed: [hostile], keptChanged: [hostile], removedTemporary: [hostile] }, terminal);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect([...line].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toEqual([]);
      expect(line).toContain('a');
    }
  });
});
