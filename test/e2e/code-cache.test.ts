/**
 * The command's code cache (src/cli/code-cache.cts): the build leaves one that V8 takes for the bundle, and a cache
 * that does not fit (the bundle changed after it was made, a damaged file, another Node's flags) is left aside
 * while the command runs as it would without one.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface CodeCacheModule {
  cacheFileOf(bundleFile: string): string;
  encodeCodeCache(source: Buffer, data: Buffer): Buffer;
  decodeCodeCache(file: Buffer, source: Buffer): Buffer | undefined;
}

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CODE_CACHE_MODULE = join(ROOT, 'dist/cli/code-cache.cjs');
const codeCache = createRequire(import.meta.url)(CODE_CACHE_MODULE) as CodeCacheModule;
const EXAMPLE = join(ROOT, 'examples/catalog/category.schema.yaml');

/** Whether a fresh `node` (with `nodeFlags`) compiles `bundleFile` with its cache: asked of a whole process. */
async function cacheUsedBy(bundleFile: string, nodeFlags: readonly string[] = []): Promise<boolean> {
  const script = `const c = require(${JSON.stringify(CODE_CACHE_MODULE)});
process.stdout.write(String(c.compileBundle(${JSON.stringify(bundleFile)}).cacheUsed));`;
  const { stdout } = await run(process.execPath, [...nodeFlags, '-e', script]);
  return stdout === 'true';
}

describe('the cache file', () => {
  const source = Buffer.from('module.exports = 1;\n');
  const data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it('gives back the data it was made with, for the same bundle bytes', () => {
    expect(codeCache.decodeCodeCache(codeCache.encodeCodeCache(source, data), source)).toEqual(data);
  });

  it('is refused for other bundle bytes, even of the same length', () => {
    const file = codeCache.encodeCodeCache(source, data);
    const edited = Buffer.from('module.exports = 2;\n');
    expect(edited.length).toBe(source.length);
    expect(codeCache.decodeCodeCache(file, edited)).toBeUndefined();
  });

  it('is refused when its data is damaged, cut short, or it is not a cache file', () => {
    const file = codeCache.encodeCodeCache(source, data);
    const damaged = Buffer.from(file);
    damaged[damaged.length - 1]! ^= 0xff;
    expect(codeCache.decodeCodeCache(damaged, source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(file.subarray(0, file.length - 1), source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(file.subarray(0, 12), source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(Buffer.concat([Buffer.from('xxxx'), file.subarray(4)]), source)).toBeUndefined();
  });
});

describe('the built command', () => {
  let copy: string;
  let bundle: string;
  let command: string;

  beforeEach(async () => {
    // The command's folder and the package.json it reads, copied: the test changes the copy, never dist/.
    copy = await mkdtemp(join(tmpdir(), 'cxschema-code-cache-'));
    await cp(join(ROOT, 'dist/bin'), join(copy, 'dist/bin'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(copy, 'package.json'));
    bundle = join(copy, 'dist/bin/main.cjs');
    command = join(copy, 'dist/bin/cxschema.js');
  });

  afterEach(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  async function validateExample(nodeFlags: readonly string[] = []): Promise<string> {
    const { stdout } = await run(process.execPath, [...nodeFlags, command, 'validate', EXAMPLE], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return stdout;
  }

  it('has a cache from the build that V8 takes', async () => {
    expect(await cacheUsedBy(bundle)).toBe(true);
    expect(await validateExample()).toContain('no problems in 1 file');
  });

  it('leaves the cache aside once the bundle has changed, even to bytes of the same length', async () => {
    // V8 itself checks only the source's length: a cache it took for these bytes would run the old code, and say
    // "no problems".
    const original = await readFile(bundle, 'utf8');
    const edited = original.replace('`no problems in ${scope}`', '`NO PROBLEMS IN ${scope}`');
    expect(edited).not.toBe(original);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(original));
    await writeFile(bundle, edited);
    expect(await cacheUsedBy(bundle)).toBe(false);
    expect(await validateExample()).toContain('NO PROBLEMS IN 1 file');
  });

  it('runs without the cache when the file is damaged or missing', async () => {
    const cacheFile = codeCache.cacheFileOf(bundle);
    const damaged = await readFile(cacheFile);
    damaged[damaged.length >> 1]! ^= 0xff;
    await writeFile(cacheFile, damaged);
    expect(await cacheUsedBy(bundle)).toBe(false);
    expect(await validateExample()).toContain('no problems in 1 file');

    await rm(cacheFile);
    expect(await cacheUsedBy(bundle)).toBe(false);
    expect(await validateExample()).toContain('no problems in 1 file');
  });

  it('runs without the cache when Node runs with V8 flags other than the build had', async () => {
    // V8 refuses a cache made with other flags (here a larger heap, as NODE_OPTIONS often sets on CI).
    expect(await cacheUsedBy(bundle, ['--max-old-space-size=4096'])).toBe(false);
    expect(await validateExample(['--max-old-space-size=4096'])).toContain('no problems in 1 file');
  });
});
