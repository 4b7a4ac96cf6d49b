// Part of `npm run build`, last: the cxschema command in dist/bin/. dist/bin/cxschema.js (what `bin` and `npm
// start` run) is the small CommonJS entry of src/cli/bin.cts, which answers a bare --version and imports
// dist/bin/main.mjs for everything else: the command as one ES module file, bundled from the compiled
// dist/cli/main.js with its dependencies. A command's code that is imported lazily (each command's action, the
// emulator, the SVG renderer ...) becomes a chunk of its own beside it, still loaded only when that command runs.
// Loading one file instead of some two hundred modules is most of what start-up costs (docs/architecture.md, "The
// command as one bundle").
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BUNDLE_FOLDER = 'dist/bin';

/** esbuild's options for `npm run build`. */
function bundleOptions(entry, outdir) {
  return {
    entryPoints: { main: entry },
    outdir,
    bundle: true,
    // Chunks sit beside the entry: code that finds files relative to its own module (package.json, schema/)
    // sits at the same depth as it did in dist/cli/ and dist/org/.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    // .mjs: the folder's package.json makes its .js files CommonJS, for the entry (see commandEntryOptions).
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Graphviz (WebAssembly, for --format svg only) and prom-client (metrics files only) stay packages of their
    // own, loaded from node_modules when used.
    external: ['@hpcc-js/wasm-graphviz', 'prom-client'],
    // Bundled CommonJS packages (yaml, commander, ajv's runtime) require Node's built-in modules: give the bundle
    // the require of an ES module.
    banner: {
      js: "import { createRequire as __cxschemaCreateRequire } from 'node:module';\nconst require = __cxschemaCreateRequire(import.meta.url);",
    },
    legalComments: 'eof',
    logLevel: 'warning',
  };
}

/**
 * esbuild's options for the CommonJS entry, from tsc's build of src/cli/bin.cts: CommonJS because a bare
 * --version then needs no ES module loader. It keeps the name cxschema.js, so the folder says its .js files are
 * CommonJS (the package's own package.json says ES modules).
 */
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

// Run as a script (the URL comparison holds in a folder whose path has spaces, or is reached through a symlink).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const root = new URL('../', import.meta.url);
  const [entry = 'dist/cli/main.js', outdir = BUNDLE_FOLDER, commandEntry = 'dist/cli/bin.cjs'] = process.argv.slice(2);
  const folder = fileURLToPath(new URL(outdir, root));
  // Chunk names change with their contents: the chunks of an earlier build go first.
  rmSync(folder, { recursive: true, force: true });
  await build(bundleOptions(fileURLToPath(new URL(entry, root)), folder));
  await build(commandEntryOptions(fileURLToPath(new URL(commandEntry, root)), path.join(folder, 'cxschema.js')));
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}
