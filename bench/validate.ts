/**
 * Validation must cost little more than parsing: a generated corpus of 2,000 schemas x 25 fields (references
 * forming a DAG, plus 10 two-schema cycles) is validated whole (discovery, load, structure, every rule, graph)
 * and, in the same run, read and parsed with the yaml library alone. Target: at most 2.0x.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { BenchResult } from './bench-result.js';
import { defaultConfig } from '../src/load/config-loader.js';
import { validatePaths } from '../src/rules/validate.js';
import { seededRandom } from '../src/emulator/seeded-random.js';

const SCHEMAS = 2_000;
const FIELDS = 25;
const CYCLES = 10;
const TARGET_RATIO = 2.0;
const ROUNDS = 3;

const id = (i: number): string => `schema_${String(i).padStart(5, '0')}`;

const random = seededRandom;

function schemaText(index: number, next: () => number, cycle: { forward?: number; back?: number }): string {
  const lines = [`# yaml-language-server: $schema=../schema/cxschema.schema.json`, `externalId: ${id(index)}`, `name: Generated schema ${index}`, `description: Schema number ${index} of the benchmark corpus.`, 'fields:'];
  const referenceTo = (target: string, name: string): void => {
    lines.push(`  - name: ${name}`, '    fieldtype: reference', `    constraints: { referencedType: ${target} }`);
  };
  let count = 0;
  // References to lower-numbered schemas keep the graph acyclic; a cycle target closes a loop on purpose.
  for (let r = 0; r < 3 && index > 0; r++, count++) referenceTo(id(Math.floor(next() * index)), `ref_${r}`);
  if (cycle.forward !== undefined) {
    referenceTo(id(cycle.forward), 'loop');
    count++;
  }
  if (cycle.back !== undefined) {
    referenceTo(id(cycle.back), 'pair');
    count++;
  }
  referenceTo('contact', 'contact');
  count++;
  lines.push('  - name: tags', '    fieldtype: list', '    constraints:', '      maxItems: 10', '      items: { fieldtype: string, constraints: { maxLength: 40 } }');
  lines.push('  - name: address', '    fieldtype: object', '    constraints:', '      items:', '        fields:');
  for (const part of ['street', 'city', 'postcode']) lines.push(`          - { name: ${part}, fieldtype: string, constraints: { maxLength: 100 } }`);
  count += 5;
  for (let f = 0; count < FIELDS; f++, count++) {
    switch (f % 6) {
      case 0:
        lines.push(`  - name: text_${f}`, '    fieldtype: string', '    required: true', '    constraints:', '      maxLength: 120', '      pattern: "^[A-Za-z0-9 ]+$"');
        break;
      case 1:
        lines.push(`  - name: tier_${f}`, '    fieldtype: string', '    constraints:', '      enum: [standard, premium, enterprise]');
        break;
      case 2:
        lines.push(`  - name: amount_${f}`, '    fieldtype: number', '    constraints: { min: 0, max: 1000000 }');
        break;
      case 3:
        lines.push(`  - name: flag_${f}`, '    fieldtype: boolean');
        break;
      case 4:
        lines.push(`  - name: when_${f}`, '    fieldtype: dateTime', '    constraints: { min: "2000-01-01T00:00:00Z" }');
        break;
      default:
        lines.push(`  - name: email_${f}`, '    fieldtype: email', '    description: Where to write to');
    }
  }
  return lines.join('\n') + '\n';
}

export function generateCorpus(folder: string): void {
  const next = random(42);
  // Cycles: pairs of top schemas reference each other (the upper one down, as in the DAG; the lower one up).
  const cycles = new Map<number, { forward?: number; back?: number }>();
  for (let c = 0; c < CYCLES; c++) {
    const low = SCHEMAS - 2 - c * 2;
    cycles.set(low, { forward: low + 1 });
    cycles.set(low + 1, { back: low });
  }
  for (let i = 0; i < SCHEMAS; i++) {
    writeFileSync(path.join(folder, `${id(i)}.schema.yaml`), schemaText(i, next, cycles.get(i) ?? {}));
  }
}

async function parseOnly(folder: string): Promise<number> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.yaml'));
  let parsed = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      for (let i = worker; i < files.length; i += 32) {
        const value: unknown = parse(await readFile(path.join(folder, files[i]!), 'utf8'));
        if (value !== null) parsed++;
      }
    }),
  );
  return parsed;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function run(): Promise<BenchResult[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cxschema-bench-validate-'));
  try {
    generateCorpus(folder);
    const config = defaultConfig(folder);
    const validate = () => validatePaths([], { config, cwd: folder });
    // Warm-up (JIT, ajv compile, file cache), then interleaved rounds so a busy machine slows both alike.
    await parseOnly(folder);
    await validate();
    let best = { parse: Number.POSITIVE_INFINITY, validate: Number.POSITIVE_INFINITY };
    let last: Awaited<ReturnType<typeof validate>> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const p = await timed(() => parseOnly(folder));
      const v = await timed(validate);
      last = v.value;
      best = { parse: Math.min(best.parse, p.ms), validate: Math.min(best.validate, v.ms) };
    }
    if (last === undefined) throw new Error('no run');
    const ratio = best.validate / best.parse;
    const cycleFindings = last.diagnostics.filter((d) => d.ruleId === 'REFERENCE_CYCLE').length;
    const others = last.diagnostics.length - cycleFindings;
    const sane = last.summary.schemas === SCHEMAS && last.cycles.length === CYCLES && cycleFindings === CYCLES * 2 && others === 0;
    return [
      {
        name: `validate ${SCHEMAS} schemas x ${FIELDS} fields vs yaml parse alone`,
        ratio,
        target: `<= ${TARGET_RATIO}x`,
        pass: ratio <= TARGET_RATIO && sane,
        detail:
          `validate ${best.validate.toFixed(0)} ms, parse ${best.parse.toFixed(0)} ms (best of ${ROUNDS}); ` +
          `${last.summary.files} files, ${last.cycles.length} cycles, ${last.waves.length} waves, ${cycleFindings} cycle findings, ${others} other findings`,
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
