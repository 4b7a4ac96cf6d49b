/**
 * The layering of docs/architecture.md, read from its "Layers" table: a folder of src/ imports only from the
 * folders above it (folders on one row may import each other), the emulator only from src/model/, and only
 * src/cli/ prints or exits. Every import counts, `import()` inside a command's action included.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

/** Each row of the Layers table: the src/ folders it names, top row first. */
async function layerRows(): Promise<string[][]> {
  const text = await readFile(join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = text.split('\n## Layers\n')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| src/'))
    .map((line) => [...(line.split('|')[1] ?? '').matchAll(/src\/([a-z-]+)\//g)].map((match) => match[1] ?? ''));
}

async function sourceFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const item of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) found.push(...(await sourceFiles(path)));
    else if (item.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** The top folder of src/ a path lies in ("index.ts" for the entry point itself). */
function topFolder(path: string): string {
  return relative(SRC, path).split('/')[0] ?? '';
}

interface Import {
  file: string;
  from: string;
  to: string;
}

async function folderImports(): Promise<Import[]> {
  const imports: Import[] = [];
  for (const file of await sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const from = topFolder(file);
      const to = topFolder(resolve(dirname(file), fileName));
      if (from !== to) imports.push({ file: relative(ROOT, file), from, to });
    }
  }
  return imports;
}

describe('the layering of docs/architecture.md', () => {
  it('names every folder of src/ once, in rows the test can read', async () => {
    const rows = await layerRows();
    const named = rows.flat();
    const folders = (await readdir(SRC, { withFileTypes: true })).filter((item) => item.isDirectory());
    expect([...named].sort()).toEqual(folders.map((item) => item.name).sort());
    expect(named[0]).toBe('model');
    expect(named.at(-1)).toBe('cli');
  });

  it('holds for every import between folders of src/', async () => {
    const rank = new Map((await layerRows()).flatMap((row, index) => row.map((folder) => [folder, index] as const)));
    const imports = await folderImports();
    expect(imports.length).toBeGreaterThan(100);
    const upward = imports.filter(({ from, to }) => {
      if (from === 'index.ts') return false; // the library's entry point re-exports every layer
      if (from === 'emulator') return to !== 'model';
      return (rank.get(to) ?? Infinity) > (rank.get(from) ?? -1);
    });
    expect(upward.map(({ file, to }) => `${file} imports src/${to}/`)).toEqual([]);
  });

  it('leaves printing and exiting to src/cli/', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      if (topFolder(file) === 'cli') continue;
      const text = await readFile(file, 'utf8');
      if (/\bprocess\.(exit|stdout|stderr)\b|\bconsole\./.test(text)) offenders.push(relative(ROOT, file));
    }
    expect(offenders).toEqual([]);
  });
});
