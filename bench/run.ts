/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run(): Promise<BenchResult[]>`),
 * prints one line per figure and exits 1 when a target is missed. `npm run bench -- validate apply` runs the
 * modules whose names contain one of the words.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, dirname, join } from 'node:path';
import type { BenchResult } from './bench-result.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((name) => name.endsWith('.js') && name !== 'run.js' && name !== 'bench-result.js')
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

let failed = 0;
for (const name of modules) {
  const module = (await import(pathToFileURL(join(here, name)).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof module.run !== 'function') continue;
  console.log(`# ${basename(name, '.js')}`);
  const results = await module.run();
  for (const r of results) {
    const figure = r.ratio !== undefined ? `${r.ratio.toFixed(2)}x` : `${r.value?.toFixed(1) ?? '?'} ${r.unit ?? ''}`.trim();
    console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: ${figure} (target ${r.target})${r.detail ? `  [${r.detail}]` : ''}`);
    if (!r.pass) failed++;
  }
}
console.log(failed === 0 ? 'all benchmark targets met' : `${failed} benchmark target(s) missed`);
process.exitCode = failed === 0 ? 0 : 1;
