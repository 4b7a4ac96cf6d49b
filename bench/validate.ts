/**
 * Validation as a user runs it, whole processes from the command line:
 * - `cxschema validate` of 2,000 generated schemas x 25 fields (references forming a DAG, plus 10 two-schema
 *   cycles) against a process that only reads and yaml-parses the same files, in interleaved pairs.
 *   Target: at most 1.15x.
 * - The peak resident memory of `cxschema validate` over 20,000 such files. Target: at most 400 MiB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { benchScript, CLI, runNode } from './cli-process.js';
import { FIELDS, generateCorpus } from './corpus.js';
import { figureOf, median, pairedRatio } from './paired.js';

const SCHEMAS = 2_000;
const CYCLES = 10;
const TARGET_RATIO = 1.15;
const PAIRS = 9;
const MEMORY_SCHEMAS = 20_000;
const MEMORY_TARGET_MIB = 400;
const MEMORY_RUNS = 3;

interface ValidateJson {
  diagnostics: Array<{ ruleId: string }>;
  summary: { files: number; schemas: number; errors: number; warnings: number };
}

/** The run did its job: every file read, the cycles found, nothing else reported. */
function checkOutput(stdout: string, schemas: number, cycles: number): string | undefined {
  const result = JSON.parse(stdout) as ValidateJson;
  const cycleFindings = result.diagnostics.filter((d) => d.ruleId === 'REFERENCE_CYCLE').length;
  const others = result.diagnostics.length - cycleFindings;
  if (
    result.summary.files !== schemas ||
    result.summary.schemas !== schemas ||
    cycleFindings !== cycles * 2 ||
    others !== 0
  ) {
    return `unexpected output: ${JSON.stringify(result.summary)}, ${cycleFindings} cycle findings, ${others} others`;
  }
  return undefined;
}

async function speed(): Promise<BenchResult> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-validate-'));
  try {
    generateCorpus(folder, SCHEMAS, CYCLES);
    let problem: string | undefined;
    const validate = async (): Promise<number> => {
      const run = await runNode([CLI, 'validate', folder, '--format', 'json'], { cwd: folder, expectCodes: [1] });
      problem ??= checkOutput(run.stdout, SCHEMAS, CYCLES);
      return run.ms;
    };
    const parseOnly = async (): Promise<number> => {
      const run = await runNode([benchScript('parse-only'), folder], { cwd: folder });
      if (run.stdout.trim() !== String(SCHEMAS)) problem ??= `parse-only parsed ${run.stdout.trim()} files`;
      return run.ms;
    };
    const figure = await pairedRatio(validate, parseOnly, { pairs: PAIRS });
    return {
      name: `cxschema validate ${SCHEMAS.toLocaleString('en')} files x ${FIELDS} fields wall time / read + yaml.parse of the same files (whole processes, lower is better)`,
      ...figureOf(figure),
      target: `<= ${TARGET_RATIO}x`,
      pass: figure.median <= TARGET_RATIO && problem === undefined,
      detail:
        problem ??
        `medians: validate ${figure.medianA.toFixed(0)} ms, read + parse ${figure.medianB.toFixed(0)} ms; ${CYCLES} cycles found, nothing else`,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function memory(): Promise<BenchResult> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-memory-'));
  try {
    generateCorpus(folder, MEMORY_SCHEMAS, CYCLES);
    const peaks: number[] = [];
    const parsePeaks: number[] = [];
    let problem: string | undefined;
    for (let i = 0; i < MEMORY_RUNS; i++) {
      const run = await runNode([CLI, 'validate', folder, '--format', 'json'], {
        cwd: folder,
        expectCodes: [1],
        peakRss: true,
      });
      problem ??= checkOutput(run.stdout, MEMORY_SCHEMAS, CYCLES);
      peaks.push(run.peakRssMiB!);
      parsePeaks.push((await runNode([benchScript('parse-only'), folder], { cwd: folder, peakRss: true })).peakRssMiB!);
    }
    const peak = median(peaks);
    return {
      name: `cxschema validate ${MEMORY_SCHEMAS.toLocaleString('en')} files: peak resident memory (lower is better)`,
      value: peak,
      unit: 'MiB',
      range: [Math.min(...peaks), Math.max(...peaks)],
      samples: MEMORY_RUNS,
      target: `<= ${MEMORY_TARGET_MIB} MiB`,
      pass: peak <= MEMORY_TARGET_MIB && problem === undefined,
      detail: problem ?? `read + yaml.parse alone peaks at ${median(parsePeaks).toFixed(0)} MiB`,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await speed(), await memory()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
