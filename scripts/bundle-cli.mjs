// Part of `npm run build`, last: the cxschema command as one ES module file (dist/bin/cxschema.js, what `bin` and
// `npm start` run), bundled from the compiled dist/cli/main.js with its dependencies. A command's code that is
// imported lazily (each command's action, the emulator, the SVG renderer ...) becomes a chunk of its own beside
// it, still loaded only when that command runs. Loading one file instead of some two hundred modules is most of
// what start-up costs (docs/architecture.md, "The command as one bundle").
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

export const BUNDLE_FOLDER = 'dist/bin';

/** esbuild's options, for `npm run build` and the benchmarks' own compiled copy. */
export function bundleOptions(entry, outdir) {
  return {
    entryPoints: { cxschema: entry },
    outdir,
    bundle: true,
    // Chunks sit beside the entry: code that finds files relative to its own module (package.json, schema/)
    // sits at the same depth as it did in dist/cli/ and dist/org/.
    splitting: true,
    chunkNames: 'chunk-[hash]',
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../', import.meta.url);
  const [entry = 'dist/cli/main.js', outdir = BUNDLE_FOLDER] = process.argv.slice(2);
  const folder = new URL(outdir, root).pathname;
  // Chunk names change with their contents: the chunks of an earlier build go first.
  rmSync(folder, { recursive: true, force: true });
  await build(bundleOptions(new URL(entry, root).pathname, folder));
}
