// Part of `npm run build`, last: the cxschema command in dist/bin/. dist/bin/cxschema.js (what `bin` and `npm
// start` run) is the small entry of src/cli/bin.cts, which answers a bare --version and runs dist/bin/main.cjs for
// everything else: the command as one CommonJS file, bundled from the compiled dist/cli/main.js with its
// dependencies. Code a command imports lazily (each command's action, the emulator, the SVG renderer ...) stays
// lazy: esbuild wraps each such module in a function that runs when it is first imported. Last, one validate run
// of the examples writes V8's compiled code for the bundle beside it (dist/bin/main.cjs.cache), which later runs
// of this Node on this folder load instead of compiling again (docs/architecture.md, "The command as one bundle"
// and "The code cache"). The package does not ship it (package.json `files`): it fits no other machine.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BUNDLE_FOLDER = 'dist/bin';
/** What the run that makes the code cache does: a validate, the command users run most, of the examples. */
const WARM_UP_ARGS = ['validate', 'examples'];
/** src/cli/code-cache.cts: the variable that makes that run write the cache. */
const WRITE_CACHE_VARIABLE = 'CXSCHEMA_BUILDING_CODE_CACHE';

/** esbuild's options for the command's bundle. */
function bundleOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    // Graphviz (WebAssembly, for --format svg only) and prom-client (metrics files only) stay packages of their
    // own, loaded from node_modules when used.
    external: ['@hpcc-js/wasm-graphviz', 'prom-client'],
    // The bundle is compiled through node:vm (src/cli/code-cache.cts), and a script compiled there cannot run an
    // import() unless node:vm is given a way to load modules: on Node 20 that way is experimental (it prints a
    // warning) and fails with cached data. So Graphviz, an ES module package, is loaded with require(), which
    // loads ES modules on the Node versions package.json admits (20.19 and later 20s, 22.12 and later). Every other
    // import() is of bundled code, which esbuild makes a call of its own.
    supported: { 'dynamic-import': false },
    // Code that finds package.json or schema/ relative to its own module does so from the bundle's file, which
    // sits at the depth of dist/cli/: the same paths hold.
    define: { 'import.meta.url': '__cxschemaBundleUrl' },
    // "use strict" first, as the ES modules it is made of were: esbuild's own comes after the banner, too late.
    banner: { js: "'use strict';\nconst __cxschemaBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    legalComments: 'eof',
    logLevel: 'warning',
  };
}

/** esbuild's options for the command's entry, from tsc's build of src/cli/bin.cts (and code-cache.cts). */
function commandEntryOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    logLevel: 'warning',
  };
}

/**
 * Runs the command once with the variable that makes it write its code cache. Best effort: a build without a cache
 * is a working build that compiles at every run, so a warm-up that fails (findings in examples/, a command that
 * throws, a folder that cannot be written) is reported on stderr and the build goes on (the tests then fail on a
 * broken command). test/e2e/code-cache.test.ts checks that the build made a cache.
 */
function writeCodeCache(root, commandFile, bundleFile) {
  const run = spawnSync(process.execPath, [commandFile, ...WARM_UP_ARGS], {
    cwd: root,
    env: { ...process.env, [WRITE_CACHE_VARIABLE]: '1', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const written = existsSync(`${bundleFile}.cache`);
  if (run.status === 0 && written) return;
  const how = run.error !== undefined ? `could not start (${run.error.message})` : `exited ${run.status ?? run.signal}`;
  const cache = written ? 'a code cache was written all the same' : 'no code cache was written: the command compiles';
  process.stderr.write(`warning: the code cache's warm-up run (cxschema ${WARM_UP_ARGS.join(' ')}) ${how}; ${cache}\n`);
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().slice(0, 2000);
  if (output !== '') process.stderr.write(`${output}\n`);
}

// Run as a script (the URL comparison holds in a folder whose path has spaces, or is reached through a symlink).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const rootUrl = new URL('../', import.meta.url);
  const [entry = 'dist/cli/main.js', outdir = BUNDLE_FOLDER, commandEntry = 'dist/cli/bin.cjs'] = process.argv.slice(2);
  const root = fileURLToPath(rootUrl);
  const folder = fileURLToPath(new URL(outdir, rootUrl));
  // The files of an earlier build go first (a cache of an older bundle, the chunks of an older layout).
  rmSync(folder, { recursive: true, force: true });
  const bundleFile = path.join(folder, 'main.cjs');
  const commandFile = path.join(folder, 'cxschema.js');
  await build(bundleOptions(fileURLToPath(new URL(entry, rootUrl)), bundleFile));
  await build(commandEntryOptions(fileURLToPath(new URL(commandEntry, rootUrl)), commandFile));
  // The package's own package.json says ES modules; this folder's files are CommonJS.
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  writeCodeCache(root, commandFile, bundleFile);
}
