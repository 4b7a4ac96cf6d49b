/**
 * The catalog must cost about what validation does: `cxschema docs` for a generated corpus of 500 schemas x 25
 * fields (three references each to earlier schemas, plus a system object: about 2,000 references) against
 * `cxschema validate` of the same files, whole processes, paired and interleaved in one run. docs validates
 * too, then draws the graph (Graphviz in WebAssembly) and writes 500 pages. Target: at most 2.0x.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { CLI, runNode } from './cli-process.js';
import { FIELDS, generateCorpus } from './corpus.js';
import { figureOf, pairedRatio } from './paired.js';

const SCHEMAS = 500;
const TARGET_RATIO = 2.0;

export async function run(): Promise<BenchResult[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-docs-'));
  const site = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-site-'));
  try {
    generateCorpus(folder, SCHEMAS);
    let problem: string | undefined;
    const validate = async (): Promise<number> => {
      const result = await runNode([CLI, 'validate', folder], { cwd: folder });
      if (result.code !== 0) problem ??= `validate exited ${result.code}: ${result.stderr.slice(0, 200)}`;
      return result.ms;
    };
    const docs = async (): Promise<number> => {
      const result = await runNode([CLI, 'docs', folder, '--out', site], { cwd: folder });
      if (result.code !== 0) problem ??= `docs exited ${result.code}: ${result.stderr.slice(0, 200)}`;
      return result.ms;
    };
    const figure = await pairedRatio(docs, validate);
    const pages = readdirSync(path.join(site, 'schemas')).length;
    if (pages !== SCHEMAS) problem ??= `docs wrote ${pages} pages`;
    return [
      {
        name: `cxschema docs ${SCHEMAS} files x ${FIELDS} fields wall time / cxschema validate of the same files (whole processes, lower is better)`,
        ...figureOf(figure),
        target: `<= ${TARGET_RATIO}x`,
        pass: figure.median <= TARGET_RATIO && problem === undefined,
        detail: problem ?? `medians: docs ${figure.medianA.toFixed(0)} ms, validate ${figure.medianB.toFixed(0)} ms`,
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
