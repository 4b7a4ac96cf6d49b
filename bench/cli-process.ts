/**
 * Whole processes, as a user runs them: `node dist/bin/cxschema.js ...` timed from spawn to exit, start-up and
 * module loading included. The CLI is measured as built (dist/), the way `npm ci && npm start` runs it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: this file runs from bench/ (sources) or .bench-build/bench/ (compiled). */
export function repositoryRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('package.json not found above the benchmark');
    folder = parent;
  }
  return folder;
}

export const ROOT = repositoryRoot();
export const CLI = path.join(ROOT, 'dist/bin/cxschema.js');

/** A script compiled beside this module, under processes/ (the other side of a whole-process comparison). */
export function benchScript(name: string): string {
  return fileURLToPath(new URL(`./processes/${name}.js`, import.meta.url));
}

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MiB, when asked for. */
  peakRssMiB?: number;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as the run doing its job (validate exits 1 on a corpus with findings). */
  expectCodes?: readonly number[];
  /** Record the peak RSS (a preloaded module writes it at exit; it costs a little start-up time). */
  peakRss?: boolean;
}

/** Runs `node ...args` to its end; throws when it exits with a code it should not. */
export function runNode(args: readonly string[], options: ProcessOptions = {}): Promise<ProcessRun> {
  let rssFolder: string | undefined;
  const nodeArgs: string[] = [];
  if (options.peakRss === true) {
    rssFolder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-rss-'));
    nodeArgs.push('--import', pathToFileURL(benchScript('report-peak-rss')).href);
  }
  const env = {
    ...(options.env ?? process.env),
    ...(rssFolder ? { CXSCHEMA_BENCH_RSS_FILE: path.join(rssFolder, 'rss') } : {}),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const expected = options.expectCodes ?? [0];
      if (code === null || !expected.includes(code)) {
        reject(
          new Error(
            `node ${args.join(' ')} exited ${String(code)} (expected ${expected.join(' or ')}): ${stderr.slice(0, 500)}`,
          ),
        );
        return;
      }
      const run: ProcessRun = { ms, code, stdout, stderr };
      if (rssFolder !== undefined) {
        run.peakRssMiB = Number(readFileSync(path.join(rssFolder, 'rss'), 'utf8')) / 1024;
        rmSync(rssFolder, { recursive: true, force: true });
      }
      resolve(run);
    });
  });
}

/** Wall time of one whole process, in ms. */
export async function processMs(args: readonly string[], options: ProcessOptions = {}): Promise<number> {
  return (await runNode(args, options)).ms;
}
