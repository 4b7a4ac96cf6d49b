/**
 * Child processes in these tests run the real observe modules, not a copy: the sources of src/observe, src/genesys and
 * src/model are transpiled (types stripped, no type check) into a temporary folder that keeps the src/ layout.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Returns the folder holding the transpiled src/observe, src/genesys and src/model. */
export async function transpileObserve(outDir: string): Promise<string> {
  for (const folder of ['src/observe', 'src/genesys', 'src/model']) {
    for (const file of await listTs(join(ROOT, folder))) {
      const output = ts.transpileModule(await readFile(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
        fileName: file,
      }).outputText;
      const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, output);
    }
  }
  await writeFile(join(outDir, 'package.json'), '{"type":"module"}');
  return outDir;
}

async function listTs(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const item of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) found.push(...(await listTs(path)));
    else if (item.name.endsWith('.ts')) found.push(path);
  }
  return found;
}
