/**
 * The command's code cache (src/cli/code-cache.cts): the build leaves one that V8 takes for the built command, and
 * a cache that does not fit (made for another folder or Node binary, for other bundle bytes, damaged, or met with
 * other V8 flags) is left aside while the command runs as it would without one.
 */
import { execFile } from 'node:child_process';
import { copyFile, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { folderPerTest } from '../support/per-test.js';

interface CodeCacheModule {
  WRITE_CACHE_VARIABLE: string;
  cacheFileOf(bundleFile: string): string;
  encodeCodeCache(key: string, source: Buffer, data: Buffer): Buffer;
  decodeCodeCache(file: Buffer, key: string, source: () => Buffer): Buffer | undefined;
}

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CODE_CACHE_MODULE = join(ROOT, 'dist/cli/code-cache.cjs');
const codeCache = createRequire(import.meta.url)(CODE_CACHE_MODULE) as CodeCacheModule;
const EXAMPLE = join(ROOT, 'examples/catalog/category.schema.yaml');
const env = { ...process.env, NO_COLOR: '1' };

/** Whether `node` (a fresh process, with `nodeFlags`) compiles `bundleFile` with its cache. */
async function cacheUsedBy(bundleFile: string, node = process.execPath, nodeFlags: readonly string[] = []) {
  const script = `const c = require(${JSON.stringify(CODE_CACHE_MODULE)});
process.stdout.write(String(c.compileBundle(${JSON.stringify(bundleFile)}).cacheUsed));`;
  const { stdout } = await run(node, [...nodeFlags, '-e', script], { env });
  return stdout === 'true';
}

describe('the cache file', () => {
  const key = '["v20.0.0","linux","x64"]';
  const source = Buffer.from('module.exports = 1;\n');
  const data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const file = codeCache.encodeCodeCache(key, source, data);

  it('gives back the data it was made with, for the same key and bundle bytes', () => {
    expect(codeCache.decodeCodeCache(file, key, () => source)).toEqual(data);
  });

  it('is refused for another key, without reading the bundle', () => {
    let read = false;
    const other = '["v20.0.1","linux","x64"]';
    expect(codeCache.decodeCodeCache(file, other, () => ((read = true), source))).toBeUndefined();
    expect(read).toBe(false);
  });

  it('is refused for other bundle bytes, even of the same length', () => {
    const edited = Buffer.from('module.exports = 2;\n');
    expect(edited.length).toBe(source.length);
    expect(codeCache.decodeCodeCache(file, key, () => edited)).toBeUndefined();
  });

  it('is refused when its data is damaged, cut short, or it is not a cache file', () => {
    const damaged = Buffer.from(file);
    damaged[damaged.length - 1]! ^= 0xff;
    expect(codeCache.decodeCodeCache(damaged, key, () => source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(file.subarray(0, file.length - 1), key, () => source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(file.subarray(0, file.length - data.length), key, () => source)).toBeUndefined();
    expect(codeCache.decodeCodeCache(file.subarray(0, 6), key, () => source)).toBeUndefined();
    const otherMagic = Buffer.concat([Buffer.from('xxxx'), file.subarray(4)]);
    expect(codeCache.decodeCodeCache(otherMagic, key, () => source)).toBeUndefined();
  });
});

describe('the built command', () => {
  it('has a cache from the build that V8 takes', async () => {
    expect(await cacheUsedBy(join(ROOT, 'dist/bin/main.cjs'))).toBe(true);
  });
});

describe('a copy of the built command', () => {
  const folder = folderPerTest('cxschema-code-cache-');
  let copy: string;
  let bundle: string;
  let command: string;

  beforeEach(async () => {
    // As an install is: the command's folder and the package.json it reads, somewhere else. The tests change the
    // copy, never dist/.
    copy = folder.path;
    await cp(join(ROOT, 'dist/bin'), join(copy, 'dist/bin'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(copy, 'package.json'));
    bundle = join(copy, 'dist/bin/main.cjs');
    command = join(copy, 'dist/bin/cxschema.js');
  });

  async function validateExample(node = process.execPath, nodeFlags: readonly string[] = []): Promise<string> {
    const { stdout } = await run(node, [...nodeFlags, command, 'validate', EXAMPLE], { env });
    return stdout;
  }

  /** Makes a cache for the copy, as the build makes one for dist/. */
  async function makeCacheForCopy(): Promise<void> {
    await run(process.execPath, [command, 'validate', EXAMPLE], {
      env: { ...env, [codeCache.WRITE_CACHE_VARIABLE]: '1' },
    });
    expect(await cacheUsedBy(bundle)).toBe(true);
  }

  it('leaves the cache made for dist/ aside, and its stack traces name the copy', async () => {
    expect(await cacheUsedBy(bundle)).toBe(false);
    expect(await validateExample()).toContain('no problems in 1 file');
    // V8 keeps the file name a cache was made with: were the build's cache used, these frames would name dist/.
    const failed = await run(process.execPath, [command, 'validate', 'no-such-file.yaml'], {
      cwd: copy,
      env: { ...env, CXSCHEMA_DEBUG: '1' },
    }).then(
      () => ({ stderr: '' }),
      (error: { stderr: string }) => error,
    );
    const frames = failed.stderr.split('\n').filter((line) => line.includes('main.cjs'));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toContain(bundle);
  });

  it('leaves its own cache aside once the bundle has changed, even to bytes of the same length', async () => {
    await makeCacheForCopy();
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

  it('runs without its cache when the file is damaged or missing', async () => {
    await makeCacheForCopy();
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

  it('runs without its cache under another Node binary, even one of the same version', async () => {
    await makeCacheForCopy();
    // Every Node 20 release has the same V8 version, and data made by one crashes another: a cache is used only by
    // the binary that made it. A copy of this very binary stands for another build of the same version.
    const otherNode = join(copy, 'node');
    await copyFile(process.execPath, otherNode);
    expect(await cacheUsedBy(bundle, otherNode)).toBe(false);
    expect(await validateExample(otherNode)).toContain('no problems in 1 file');
  });

  it('runs without its cache when Node runs with V8 flags other than the build had', async () => {
    await makeCacheForCopy();
    // V8 refuses a cache made with other flags (here a larger heap, as NODE_OPTIONS often sets on CI).
    expect(await cacheUsedBy(bundle, process.execPath, ['--max-old-space-size=4096'])).toBe(false);
    expect(await validateExample(process.execPath, ['--max-old-space-size=4096'])).toContain('no problems in 1 file');
  });
});

describe('a bundle run as the command runs it', () => {
  const scratch = folderPerTest('cxschema-code-cache-bundle-');

  /** A fresh process that runs `bundle` as dist/bin/cxschema.js does. */
  function runBundle(bundle: string, options: { node?: string; flags?: string[]; env?: Record<string, string> } = {}) {
    const script = `require(${JSON.stringify(CODE_CACHE_MODULE)}).runBundle(${JSON.stringify(bundle)})`;
    return run(options.node ?? process.execPath, [...(options.flags ?? []), '-e', script], {
      env: { ...env, ...options.env },
    });
  }

  it('never writes the checksum of one bundle over the compiled code of another', async () => {
    // The run that writes the cache compiles 'old', and the bundle on disk becomes 'new' (of the same length)
    // before it exits, as a second build in the same folder would make it: the cache must not fit the new bytes.
    const bundle = join(scratch.path, 'main.cjs');
    await writeFile(
      bundle,
      `function says() { return 'old'; }
process.stdout.write(says());
if (process.env.REWRITE === '1') {
  const fs = require('node:fs');
  fs.writeFileSync(__filename, fs.readFileSync(__filename, 'utf8').replace("'old'", "'new'"));
}
`,
    );
    await runBundle(bundle, { env: { [codeCache.WRITE_CACHE_VARIABLE]: '1', REWRITE: '1' } });
    expect((await runBundle(bundle)).stdout).toBe('new');
  });

  it('runs without the cache when the Node binary is gone while it runs', async () => {
    const bundle = join(scratch.path, 'main.cjs');
    await writeFile(bundle, "process.stdout.write('ran');\n");
    const node = join(scratch.path, 'node');
    await copyFile(process.execPath, node);
    await runBundle(bundle, { node, env: { [codeCache.WRITE_CACHE_VARIABLE]: '1' } });
    expect(await cacheUsedBy(bundle, node)).toBe(true);
    // Uninstalled or upgraded away under a running process: the key cannot be told, so no cache is used.
    const removeNode = join(scratch.path, 'remove-node.cjs');
    await writeFile(removeNode, "require('node:fs').unlinkSync(process.execPath);\n");
    const result = await runBundle(bundle, { node, flags: ['--require', removeNode] });
    expect(result).toMatchObject({ stdout: 'ran', stderr: '' });
  });
});

describe('the build of the command', () => {
  const scratch = folderPerTest('cxschema-code-cache-build-');

  it('says so when the run that makes the cache fails, and still leaves a command', async () => {
    // A command that throws as it starts: the warm-up exits 1, whether or not it leaves a cache behind.
    const entry = join(scratch.path, 'broken.js');
    await writeFile(entry, "throw new Error('the bundle is broken');\n");
    const out = join(scratch.path, 'bin');
    const build = await run(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs'), entry, out, 'dist/cli/bin.cjs'], {
      cwd: ROOT,
      env,
    });
    expect(build.stderr).toContain("warning: the code cache's warm-up run (cxschema validate examples) exited 1");
    expect(build.stderr).toContain('the bundle is broken');
    await expect(readFile(join(out, 'cxschema.js'), 'utf8')).resolves.toContain('runBundle');
  });
});
