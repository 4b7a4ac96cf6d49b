/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run(): Promise<BenchResult[]>`),
 * prints one line per figure and exits 1 when a target is missed. `npm run bench -- validate apply` runs the
 * modules whose names contain one of the words. The machine's load average is printed first and last: figures
 * from a busy machine are read with that in mind.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, dirname, join } from 'node:path';
import type { BenchResult } from './bench-result.js';

const HELPERS = new Set(['run.js', 'bench-result.js', 'paired.js', 'cli-process.js']);
const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((name) => name.endsWith('.js') && !HELPERS.has(name))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

function figure(r: BenchResult): string {
  const format = (value: number): string =>
    r.ratio !== undefined ? `${value.toFixed(2)}x` : `${value.toFixed(1)}${r.unit ? ` ${r.unit}` : ''}`;
  const main = r.ratio ?? r.value;
  if (main === undefined) return '?';
  const range = r.range ? ` (range ${format(r.range[0])} .. ${format(r.range[1])}, median of ${r.samples ?? '?'})` : '';
  return `${format(main)}${range}`;
}

console.log(`load average (1, 5, 15 min) at start: ${load()}`);
let failed = 0;
for (const name of modules) {
  const module = (await import(pathToFileURL(join(here, name)).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof module.run !== 'function') continue;
  console.log(`# ${basename(name, '.js')}  (load ${load()})`);
  const results = await module.run();
  for (const r of results) {
    console.log(
      `${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: ${figure(r)} (target ${r.target})${r.detail ? `  [${r.detail}]` : ''}`,
    );
    if (!r.pass) failed++;
  }
}
console.log(`load average at end: ${load()}`);
console.log(failed === 0 ? 'all benchmark targets met' : `${failed} benchmark target(s) missed`);
process.exitCode = failed === 0 ? 0 : 1;
