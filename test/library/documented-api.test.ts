import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cxschema from '../../src/index.js';

// Every name the docs present as library API can be imported from 'cxschema' (or, for a ```ts block that imports
// from a path under src/, from that module). What counts as presented:
// - the names a ```ts block imports (value imports; `import type` is left to the type checker);
// - the functions called in a ```ts block of a library section (a heading that says "library") that imports nothing;
// - `name(...)` in the prose of a library section, or of a sentence that starts "In the library:";
// - the names listed with "the library's entry point" (docs/architecture.md).

const ROOT = resolve(import.meta.dirname, '../..');
const DOC_FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

interface Presented {
  file: string;
  name: string;
  /** 'cxschema', or a path under src/ as the doc writes it ('./compat/index.js'). */
  from: string;
}

const CODE_BLOCK = /^```ts\n([\s\S]*?)^```/gm;
const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/gm;
// A call that is not a method (`.x(`), not a constructor (`new X(`), and not a declaration.
const FREE_CALL = /(?<![.\w$])(?<!new )(?<!function )([A-Za-z_$][\w$]*)\(/g;
const PROSE_CALL = /`([A-Za-z_$][\w$]*)\(/g;
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'await', 'typeof', 'catch']);

function importedNames(list: string): string[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !part.startsWith('type '))
    .map((part) => part.split(/\s+as\s+/)[0]!.trim());
}

function presentedIn(file: string): Presented[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Presented[] = [];
  for (const section of text.split(/^(?=#{1,6} )/m)) {
    const heading = section.split('\n', 1)[0]!;
    const librarySection = /^#{1,6} .*\blibrary\b/i.test(heading);
    for (const [, code] of section.matchAll(CODE_BLOCK)) {
      const imports = [...code!.matchAll(IMPORT)];
      for (const [, typeOnly, list, from] of imports) {
        if (typeOnly !== undefined) continue;
        for (const name of importedNames(list!)) found.push({ file, name, from: from! });
      }
      if (librarySection && imports.length === 0) {
        for (const [, name] of code!.matchAll(FREE_CALL)) {
          if (!KEYWORDS.has(name!)) found.push({ file, name: name!, from: 'cxschema' });
        }
      }
    }
    const prose = section.replace(CODE_BLOCK, '');
    const libraryProse = [
      ...(librarySection ? [prose] : []),
      ...[...prose.matchAll(/In the library:([\s\S]*?)(?:\.\s|\n\n)/g)].map((m) => m[1]!),
    ];
    for (const part of libraryProse) {
      for (const [, name] of part.matchAll(PROSE_CALL)) found.push({ file, name: name!, from: 'cxschema' });
    }
    for (const [paragraph] of prose.matchAll(/[^\n]*the library's entry point[\s\S]*?(?:\n\n|$)/g)) {
      for (const [, name] of paragraph.matchAll(/`([A-Za-z_$][\w$]*)`/g)) {
        found.push({ file, name: name!, from: 'cxschema' });
      }
    }
  }
  return found;
}

async function moduleFor(from: string): Promise<Record<string, unknown>> {
  if (from === 'cxschema') return cxschema;
  if (!from.startsWith('./')) throw new Error(`a doc imports from ${from}, neither 'cxschema' nor a path under src/`);
  return (await import(join(ROOT, 'src', from.replace(/\.js$/, '.ts')))) as Record<string, unknown>;
}

describe('the library API the docs present', () => {
  const presented = DOC_FILES.flatMap(presentedIn);

  it('finds the names the docs present', () => {
    const names = new Set(presented.map((p) => p.name));
    // The scan itself works: names from each kind of place it reads.
    for (const name of ['pullSchemas', 'preparePlan', 'applyPlan', 'historyOf', 'schemaFileText', 'resendOutbox']) {
      expect(names, name).toContain(name);
    }
  });

  it('can import every one of them', async () => {
    const missing: string[] = [];
    for (const { file, name, from } of presented) {
      const module = await moduleFor(from);
      if (!(name in module) || module[name] === undefined) missing.push(`${file}: ${name} from '${from}'`);
    }
    expect(missing).toEqual([]);
  });

  it('can import the functions a library apply needs for what the CLI records', () => {
    for (const name of [
      'combineEvents',
      'historyOf',
      'schemaFileText',
      'createTarget',
      'createApplyObserver',
      'writeMetricsFile',
      'verifyPortalSignature',
    ] as const) {
      expect(typeof cxschema[name], name).toBe('function');
    }
  });
});
