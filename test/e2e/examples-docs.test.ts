/**
 * scripts/build-examples-docs.mjs: two rebuilds of docs/examples with nothing changed are byte-identical, every
 * date fixed, so that the examples change in git only when what they show does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-examples-docs.mjs', import.meta.url));

let root: string | undefined;
afterEach(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Every file under the folder, by its path. */
async function contents(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(folder.length + 1), await readFile(path));
  }
  return files;
}

describe('build-examples-docs', () => {
  it('rebuilds the examples byte for byte, every date fixed', async () => {
    root = await mkdtemp(join(tmpdir(), 'cxschema-examples-test-'));
    const [first, second] = [join(root, 'first'), join(root, 'second')];
    // One after the other, as a maintainer reruns it: the clock moves between them.
    for (const out of [first, second]) await promisify(execFile)(process.execPath, [SCRIPT, out]);
    const a = await contents(first);
    const b = await contents(second);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.has('plan.md') && a.has('catalog/index.html')).toBe(true);
    for (const [path, bytes] of a) expect(b.get(path)!.equals(bytes), path).toBe(true);

    expect(a.get('plan.md')!.toString()).toContain('<sub>Made by cxschema at 2026-01-01T00:00:00.000Z.</sub>');
    expect(a.get('catalog/index.html')!.toString()).toContain('Made by cxschema on 2026-01-01T00:00:00.000Z.');
    const product = a.get('catalog/schemas/product.html')!.toString();
    const dates = new Set([...product.matchAll(/<time>([^<]*)<\/time>/g)].map((match) => match[1]));
    expect([...dates].sort()).toEqual(['2025-12-18T00:00:00.000Z', '2025-12-25T00:00:00.000Z']);
  });
});
