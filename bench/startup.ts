/**
 * Start-up stays light: `cxschema --version` (the built CLI) against `node -e 0`, median wall time of several
 * runs of each, interleaved. Target: at most 3x. Heavy modules (ajv, yaml, the HTTP client) load lazily.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';

const TARGET_RATIO = 3;
const RUNS = 15;

/** The repository root: this file runs from bench/ (sources) or .bench-build/bench/ (compiled). */
function repositoryRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('package.json not found above the benchmark');
    folder = parent;
  }
  return folder;
}

function wallTime(args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr.toString()}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run(): Promise<BenchResult[]> {
  const root = repositoryRoot();
  const cli = path.join(root, 'dist/cli/main.js');
  if (!existsSync(cli)) {
    // The CLI reads its version from package.json next to dist/, so it is measured as built, not from .bench-build.
    spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  }
  wallTime(['-e', '0'], root);
  wallTime([cli, '--version'], root);
  const bare: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(wallTime(['-e', '0'], root));
    version.push(wallTime([cli, '--version'], root));
  }
  const ratio = median(version) / median(bare);
  return [
    {
      name: 'cxschema --version vs node -e 0 (median wall time)',
      ratio,
      target: `<= ${TARGET_RATIO}x`,
      pass: ratio <= TARGET_RATIO,
      detail: `cxschema --version ${median(version).toFixed(0)} ms, node -e 0 ${median(bare).toFixed(0)} ms, ${RUNS} runs each`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
