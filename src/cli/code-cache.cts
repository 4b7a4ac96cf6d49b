/**
 * Runs the command's bundle (dist/bin/main.cjs) with the code V8 compiled for it when the package was built, so
 * that a run does not compile again what every run compiles: the bundle's top level, and the functions a
 * validate runs (yaml's parser, the rules). That was a quarter of a one-file validate (docs/architecture.md,
 * "The code cache"). Node 20 has no compile cache of its own (Node 22's module.enableCompileCache), so the bundle
 * is compiled here as Node compiles a CommonJS file, through node:vm, which takes V8's cached data.
 *
 * V8 refuses cached data made by another V8 version or with other flags, and then compiles as usual: the run is
 * as fast as it would be without a cache, never wrong. What V8 does not check is the source (only its length) or
 * the data itself, so the file carries a checksum of each: a bundle rebuilt or edited after the cache was made,
 * or a damaged file, is not used.
 *
 * File layout: the 4 bytes MAGIC, the CRC-32 of the bundle's bytes, the CRC-32 of V8's data (both unsigned, big
 * endian), then V8's data.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import zlib = require('node:zlib');
import nodeModule = require('node:module');

const MAGIC = Buffer.from('cxc1', 'latin1');
const HEADER_BYTES = MAGIC.length + 8;

/** Set by `npm run build` (scripts/bundle-cli.mjs) for the one run that writes the cache: never by a user. */
const WRITE_CACHE_VARIABLE = 'CXSCHEMA_BUILDING_CODE_CACHE';

/** The cache file of a bundle. */
function cacheFileOf(bundleFile: string): string {
  return `${bundleFile}.cache`;
}

/** The cache file's contents for V8's `data`, made from the bundle whose bytes are `source`. */
function encodeCodeCache(source: Buffer, data: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(zlib.crc32(source), MAGIC.length);
  header.writeUInt32BE(zlib.crc32(data), MAGIC.length + 4);
  return Buffer.concat([header, data]);
}

/** V8's data from a cache file, or undefined when it was not made for these bundle bytes or is damaged. */
function decodeCodeCache(file: Buffer, source: Buffer): Buffer | undefined {
  if (file.length <= HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (file.readUInt32BE(MAGIC.length) !== zlib.crc32(source)) return undefined;
  const data = file.subarray(HEADER_BYTES);
  return file.readUInt32BE(MAGIC.length + 4) === zlib.crc32(data) ? data : undefined;
}

function readCacheFor(bundleFile: string, source: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs.readFileSync(cacheFileOf(bundleFile));
  } catch {
    // No cache (a build that made none, or a copy of dist/ without it): the bundle compiles as usual.
    return undefined;
  }
  return decodeCodeCache(file, source);
}

interface CompiledBundle {
  /** The bundle as Node's CommonJS wrapper function: call it with exports, require, module, filename, dirname. */
  script: vm.Script;
  /** Whether a cache was found for these bytes and V8 took it. */
  cacheUsed: boolean;
}

/** Compiles the bundle with its cache when there is one that fits. */
function compileBundle(bundleFile: string): CompiledBundle {
  const source = fs.readFileSync(bundleFile);
  const cachedData = readCacheFor(bundleFile, source);
  // Node's own wrapper for a CommonJS file: the bundle's line numbers, and so its stack traces, stay as they are.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`,
    {
      filename: bundleFile,
      ...(cachedData === undefined ? {} : { cachedData }),
      // The bundle's one import() (Graphviz, an ES module package) resolves as it would in a file Node loaded.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  return { script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Runs the bundle as the CommonJS module it is. In the build's own run (WRITE_CACHE_VARIABLE set), V8's data is
 * written when the process exits: by then it holds every function that run compiled, not only the top level.
 */
function runBundle(bundleFile: string): void {
  const { script } = compileBundle(bundleFile);
  if (process.env[WRITE_CACHE_VARIABLE] === '1') process.once('exit', () => writeCache(bundleFile, script));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown, filename: bundleFile };
  wrapper.call(
    module.exports,
    module.exports,
    nodeModule.createRequire(bundleFile),
    module,
    bundleFile,
    path.dirname(bundleFile),
  );
}

function writeCache(bundleFile: string, script: vm.Script): void {
  const cacheFile = cacheFileOf(bundleFile);
  // Written beside and renamed into place: a build stopped half-way leaves no half-written cache.
  const partial = `${cacheFile}.${process.pid}.partial`;
  fs.writeFileSync(partial, encodeCodeCache(fs.readFileSync(bundleFile), script.createCachedData()));
  fs.renameSync(partial, cacheFile);
}

export = { WRITE_CACHE_VARIABLE, cacheFileOf, encodeCodeCache, decodeCodeCache, compileBundle, runBundle };
