/**
 * Runs the command's bundle (dist/bin/main.cjs) with the code V8 compiled for it when the package was built, so
 * that a run does not compile again what every run compiles: the bundle's top level, and the functions a
 * validate runs (yaml's parser, the rules). That was a quarter of a one-file validate (docs/architecture.md,
 * "The code cache"). Node 20 has no compile cache of its own (Node 22's module.enableCompileCache), so the bundle
 * is compiled here as Node compiles a CommonJS file, through node:vm, which takes V8's cached data.
 *
 * V8's own checks are not enough to run cached code safely:
 * - it checks its version and flags, but every Node 20 release has the same V8 version, and data made by one
 *   Node 20 build crashes another or runs wrongly;
 * - it checks the source's length only, so a bundle changed to bytes of the same length would run the old code;
 * - it keeps the file name the data was made with, which stack traces then show;
 * - it does not check the data itself.
 * So the cache file names what made it (the Node binary by path, size and time, and the bundle's path) and
 * carries a CRC-32 of the bundle's bytes and one of V8's data. A cache that does not match in every respect is not
 * given to V8, and the bundle compiles as usual. What the key cannot see is a Node binary replaced in place by
 * another of the same size and modification time.
 *
 * File layout: the 4 bytes MAGIC, the key's length (unsigned, 32 bits, big endian), the key (UTF-8 JSON), the
 * CRC-32 of the bundle's bytes, the CRC-32 of V8's data (both as the length is), then V8's data.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import zlib = require('node:zlib');
import nodeModule = require('node:module');

const MAGIC = Buffer.from('cxc2', 'latin1');

/** Set by `npm run build` (scripts/bundle-cli.mjs) for the one run that writes the cache: never by a user. */
const WRITE_CACHE_VARIABLE = 'CXSCHEMA_BUILDING_CODE_CACHE';

/** The cache file of a bundle. */
function cacheFileOf(bundleFile: string): string {
  return `${bundleFile}.cache`;
}

/**
 * What a cache must have been made by to be used here: this Node binary (its version, platform, V8, and the
 * file itself by path, size and modification time, since two builds of one version differ) and this bundle's
 * path (the file name V8 keeps for stack traces).
 */
function runtimeKey(bundleFile: string): string {
  const node = fs.statSync(process.execPath);
  return JSON.stringify([
    process.version,
    process.platform,
    process.arch,
    process.versions.v8,
    process.execPath,
    node.size,
    node.mtimeMs,
    bundleFile,
  ]);
}

/** The key, or undefined when it cannot be told (the Node binary was removed while it runs): no cache is used. */
function runtimeKeyIfKnown(bundleFile: string): string | undefined {
  try {
    return runtimeKey(bundleFile);
  } catch {
    return undefined;
  }
}

/** The cache file's contents for V8's `data`, made by `key` from the bundle whose bytes are `source`. */
function encodeCodeCache(key: string, source: Buffer, data: Buffer): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  const header = Buffer.alloc(MAGIC.length + 4 + keyBytes.length + 8);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(keyBytes.length, MAGIC.length);
  keyBytes.copy(header, MAGIC.length + 4);
  header.writeUInt32BE(zlib.crc32(source), header.length - 8);
  header.writeUInt32BE(zlib.crc32(data), header.length - 4);
  return Buffer.concat([header, data]);
}

/**
 * V8's data from a cache file, or undefined unless it was made by `key` for these bundle bytes and is whole.
 * `source` is called only once the key matches: reading the bundle is then needed anyway.
 */
function decodeCodeCache(file: Buffer, key: string, source: () => Buffer): Buffer | undefined {
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const keyBytes = Buffer.from(key, 'utf8');
  const keyEnd = MAGIC.length + 4 + keyBytes.length;
  if (file.readUInt32BE(MAGIC.length) !== keyBytes.length || file.length <= keyEnd + 8) return undefined;
  if (!file.subarray(MAGIC.length + 4, keyEnd).equals(keyBytes)) return undefined;
  if (file.readUInt32BE(keyEnd) !== zlib.crc32(source())) return undefined;
  const data = file.subarray(keyEnd + 8);
  return file.readUInt32BE(keyEnd + 4) === zlib.crc32(data) ? data : undefined;
}

function readCacheFor(bundleFile: string, source: () => Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs.readFileSync(cacheFileOf(bundleFile));
  } catch {
    // No cache (an installed package, which ships none): the bundle compiles as usual.
    return undefined;
  }
  const key = runtimeKeyIfKnown(bundleFile);
  return key === undefined ? undefined : decodeCodeCache(file, key, source);
}

interface CompiledBundle {
  /** The bundle as Node's CommonJS wrapper function: call it with exports, require, module, filename, dirname. */
  script: vm.Script;
  /** The bundle's bytes that were compiled. */
  source: Buffer;
  /** Whether a cache was found that fits, and V8 took it. */
  cacheUsed: boolean;
}

/** Compiles the bundle, with its cache when there is one that fits. */
function compileBundle(bundleFile: string): CompiledBundle {
  let read: Buffer | undefined;
  const bundleBytes = (): Buffer => (read ??= fs.readFileSync(bundleFile));
  const cachedData = readCacheFor(bundleFile, bundleBytes);
  const source = bundleBytes();
  // Node's own wrapper for a CommonJS file: the bundle's line numbers stay as they are.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`,
    {
      filename: bundleFile,
      ...(cachedData === undefined ? {} : { cachedData }),
    },
  );
  return { script, source, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Runs the bundle as the CommonJS module it is. In the build's own run (WRITE_CACHE_VARIABLE set), V8's data is
 * written when the process exits: by then it holds every function that run compiled, not only the top level.
 */
function runBundle(bundleFile: string): void {
  const { script, source } = compileBundle(bundleFile);
  if (process.env[WRITE_CACHE_VARIABLE] === '1') process.once('exit', () => writeCache(bundleFile, source, script));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown, filename: bundleFile };
  const require = nodeModule.createRequire(bundleFile);
  wrapper.call(module.exports, module.exports, require, module, bundleFile, path.dirname(bundleFile));
}

/**
 * The checksum is of `source`, the bytes this run compiled, not of the file as it is at exit: a bundle rewritten
 * meanwhile (another build in the same folder) must not get this run's code under its own checksum.
 */
function writeCache(bundleFile: string, source: Buffer, script: vm.Script): void {
  const cacheFile = cacheFileOf(bundleFile);
  // Written beside and renamed into place: a build stopped half-way leaves no half-written cache.
  const partial = `${cacheFile}.${process.pid}.partial`;
  fs.writeFileSync(partial, encodeCodeCache(runtimeKey(bundleFile), source, script.createCachedData()));
  fs.renameSync(partial, cacheFile);
}

export = { WRITE_CACHE_VARIABLE, cacheFileOf, encodeCodeCache, decodeCodeCache, compileBundle, runBundle };
