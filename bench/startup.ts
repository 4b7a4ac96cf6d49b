/**
 * Start-up as a user feels it, whole processes against `node -e 0` (the least a Node program costs), in
 * interleaved pairs:
 * - `cxschema --version`: answered by the CommonJS entry, before the ES module loader and the command-line parser.
 * - `cxschema validate` of one small file: the load, the structural check (validators generated at build time),
 *   every rule and the text output.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { CLI, processMs, ROOT } from './cli-process.js';
import { figureOf, pairedRatio } from './paired.js';

const VERSION_TARGET = 1.2;
const ONE_FILE_TARGET = 2.0;
const PAIRS = 15;
const SMALL_FILE = 'examples/catalog/category.schema.yaml';

export async function run(): Promise<BenchResult[]> {
  const bare = () => processMs(['-e', '0']);
  const version = await pairedRatio(() => processMs([CLI, '--version']), bare, { pairs: PAIRS, warmup: 2 });
  const oneFile = await pairedRatio(() => processMs([CLI, 'validate', SMALL_FILE], { cwd: ROOT }), bare, {
    pairs: PAIRS,
    warmup: 2,
  });
  return [
    {
      name: 'cxschema --version wall time / node -e 0 (whole processes, lower is better)',
      ...figureOf(version),
      target: `<= ${VERSION_TARGET}x`,
      pass: version.median <= VERSION_TARGET,
      detail: `medians: --version ${version.medianA.toFixed(0)} ms, node -e 0 ${version.medianB.toFixed(0)} ms`,
    },
    {
      name: `cxschema validate ${path.basename(SMALL_FILE)} wall time / node -e 0 (whole processes, lower is better)`,
      ...figureOf(oneFile),
      target: `<= ${ONE_FILE_TARGET}x`,
      pass: oneFile.median <= ONE_FILE_TARGET,
      detail: `medians: validate ${oneFile.medianA.toFixed(0)} ms, node -e 0 ${oneFile.medianB.toFixed(0)} ms`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
