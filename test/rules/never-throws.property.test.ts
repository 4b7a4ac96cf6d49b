/**
 * Whatever the input, validation returns well-formed findings and never throws: thousands of generated schema
 * documents (plausible shapes with wrong types and values mixed in) and mutated texts of real ones.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/load/config-loader.js';
import { loadSchemaBytes, loadSchemaText } from '../../src/load/schema-loader.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { SchemaDocument } from '../../src/model/document.js';
import { FIELD_TYPES } from '../../src/model/schema.js';
import { findRule } from '../../src/rules/index.js';
import { validateDocuments } from '../../src/rules/validate.js';
import { propertyRuns } from '../support/property-runs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const config = defaultConfig(ROOT);

function validateTexts(
  files: Array<{ name: string; text: string | Uint8Array; format: 'yaml' | 'json' }>,
): Diagnostic[] {
  const documents: SchemaDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const loaded =
      typeof file.text === 'string'
        ? loadSchemaText(file.name, file.text, file.format)
        : loadSchemaBytes(file.name, file.text, file.format);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.document) documents.push(loaded.document);
  }
  const validated = validateDocuments(documents, { config });
  // Every pointer resolves to a position, even for nodes that do not exist.
  const unlocated = documents.filter(
    (document) => !(document.locate('/fields/99/constraints/items/fields/3/name').line >= 1),
  );
  expect(unlocated.map((document) => document.file)).toEqual([]);
  return [...diagnostics, ...validated.diagnostics];
}

/**
 * Plain checks, one expect per run: thousands of runs times dozens of findings would otherwise spend most of the
 * test's time inside the assertion library.
 */
function expectWellFormed(diagnostics: readonly Diagnostic[], files: readonly string[]): void {
  const problems: string[] = [];
  for (const d of diagnostics) {
    const wrong = [
      findRule(d.ruleId) === undefined && 'unknown rule id',
      d.severity !== 'error' && d.severity !== 'warning' && 'bad severity',
      (typeof d.message !== 'string' || d.message.length === 0) && 'empty message',
      !files.includes(d.file) && 'unknown file',
      !(Number.isInteger(d.line) && d.line >= 1) && 'bad line',
      !(Number.isInteger(d.column) && d.column >= 1) && 'bad column',
      d.hint !== undefined && typeof d.hint !== 'string' && 'bad hint',
    ].filter((problem) => problem !== false);
    if (wrong.length > 0) problems.push(`${wrong.join(', ')}: ${JSON.stringify(d)}`);
  }
  expect(problems).toEqual([]);
}

const identifier = fc.oneof(
  fc.constantFrom('customer', 'order', 'ticket', 'contact', 'a', 'b'),
  fc.string({ maxLength: 8 }),
);
const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const constraints = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'minLength',
      'maxLength',
      'pattern',
      'enum',
      'min',
      'max',
      'referencedType',
      'items',
      'minItems',
      'maxItems',
    ),
    fc.string({ maxLength: 6 }),
  ),
  fc.oneof(
    fc.integer({ min: -5, max: 40000 }),
    fc.constantFrom('^[a-z]+$', '([', '2024-01-01', 'not a date', 'customer', 'order', 'user'),
    fc.array(scalar, { maxLength: 4 }),
    scalar,
  ),
  { maxKeys: 4 },
);

const { field } = fc.letrec((tie) => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        name: identifier,
        fieldtype: fc.oneof(fc.constantFrom(...FIELD_TYPES), fc.string({ maxLength: 6 }), scalar),
        required: fc.oneof(fc.boolean(), scalar),
        constraints: fc.oneof(constraints, scalar),
      },
      { requiredKeys: [] },
    ),
    fc.record({
      name: identifier,
      fieldtype: fc.constant('object'),
      constraints: fc.record({ items: fc.record({ fields: fc.array(tie('field'), { maxLength: 3 }) }) }),
    }),
    fc.record({
      name: identifier,
      fieldtype: fc.constant('list'),
      constraints: fc.record(
        { maxItems: fc.integer({ min: -1, max: 2000 }), items: tie('field') },
        { requiredKeys: [] },
      ),
    }),
    scalar,
  ),
}));

const schemaDocument = fc.oneof(
  {
    arbitrary: fc.record(
      {
        externalId: identifier,
        name: fc.oneof(fc.string({ maxLength: 5 }), scalar),
        status: fc.constantFrom('DRAFT', 'PUBLISHED', 'DEPRECATED', 'published', 3),
        fields: fc.array(field, { maxLength: 6 }),
        extra: scalar,
      },
      { requiredKeys: ['externalId', 'fields'] },
    ),
    weight: 8,
  },
  { arbitrary: fc.anything(), weight: 1 },
);

const fixtureTexts = (): string[] => {
  const texts: string[] = [];
  for (const folder of ['examples/catalog', 'examples/customer-infrastructure']) {
    for (const name of readdirSync(path.join(ROOT, folder)))
      texts.push(readFileSync(path.join(ROOT, folder, name), 'utf8'));
  }
  return texts;
};

describe('validation never throws', () => {
  it('on generated sets of schema documents, as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.array(schemaDocument, { minLength: 1, maxLength: 4 }), fc.boolean(), (values, asJson) => {
        const files = values.map((value, index): { name: string; text: string; format: 'yaml' | 'json' } => ({
          name: `s${index}.schema.${asJson ? 'json' : 'yaml'}`,
          text: asJson ? (JSON.stringify(value) ?? 'null') : (stringify(value) ?? ''),
          format: asJson ? 'json' : 'yaml',
        }));
        expectWellFormed(
          validateTexts(files),
          files.map((file) => file.name),
        );
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('on mutated texts of real schema files', () => {
    const texts = fixtureTexts();
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom(
          '\n',
          ': ',
          '- ',
          '&a ',
          '*a',
          '{',
          '[',
          '"',
          "'",
          '\t',
          '  ',
          '#',
          '---\n',
          '\u0000',
          '!!',
          '? ',
        ),
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (original, mutations) => {
          let text = original;
          for (const { at, remove, insert } of mutations) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          const files = [{ name: 'mutated.schema.yaml', text: Buffer.from(text, 'utf8'), format: 'yaml' as const }];
          expectWellFormed(validateTexts(files), ['mutated.schema.yaml']);
        },
      ),
      { numRuns: propertyRuns(150) },
    );
  });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('yaml', 'json'), (bytes, format) => {
        const files = [{ name: 'random', text: bytes, format }];
        expectWellFormed(validateTexts(files), ['random']);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
