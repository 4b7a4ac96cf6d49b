/**
 * The generated corpus the validate and plan benchmarks read: schemas of 25 fields whose references form a DAG
 * (each references up to three lower-numbered schemas and the contact system object), plus, on request, pairs of
 * schemas that reference each other (two-schema cycles). Seeded, so every run reads the same files.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/emulator/seeded-random.js';

export const FIELDS = 25;

export const id = (i: number): string => `schema_${String(i).padStart(5, '0')}`;

function schemaText(index: number, next: () => number, cycle: { forward?: number; back?: number }): string {
  const lines = [
    `# yaml-language-server: $schema=../schema/cxschema.schema.json`,
    `externalId: ${id(index)}`,
    `name: Generated schema ${index}`,
    `description: Schema number ${index} of the benchmark corpus.`,
    'fields:',
  ];
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
  lines.push(
    '  - name: tags',
    '    fieldtype: list',
    '    constraints:',
    '      maxItems: 10',
    '      items: { fieldtype: string, constraints: { maxLength: 40 } }',
  );
  lines.push('  - name: address', '    fieldtype: object', '    constraints:', '      items:', '        fields:');
  for (const part of ['street', 'city', 'postcode'])
    lines.push(`          - { name: ${part}, fieldtype: string, constraints: { maxLength: 100 } }`);
  count += 5;
  for (let f = 0; count < FIELDS; f++, count++) {
    switch (f % 6) {
      case 0:
        lines.push(
          `  - name: text_${f}`,
          '    fieldtype: string',
          '    required: true',
          '    constraints:',
          '      maxLength: 120',
          '      pattern: "^[A-Za-z0-9 ]+$"',
        );
        break;
      case 1:
        lines.push(
          `  - name: tier_${f}`,
          '    fieldtype: string',
          '    constraints:',
          '      enum: [standard, premium, enterprise]',
        );
        break;
      case 2:
        lines.push(`  - name: amount_${f}`, '    fieldtype: number', '    constraints: { min: 0, max: 1000000 }');
        break;
      case 3:
        lines.push(`  - name: flag_${f}`, '    fieldtype: boolean');
        break;
      case 4:
        lines.push(
          `  - name: when_${f}`,
          '    fieldtype: dateTime',
          '    constraints: { min: "2000-01-01T00:00:00Z" }',
        );
        break;
      default:
        lines.push(`  - name: email_${f}`, '    fieldtype: email', '    description: Where to write to');
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * `schemas` files `schema_NNNNN.schema.yaml` in `folder`, and `cycles` two-schema cycles among the highest-numbered.
 */
export function generateCorpus(folder: string, schemas: number, cycles = 0): void {
  const next = seededRandom(42);
  // Cycles: pairs of top schemas reference each other (the upper one down, as in the DAG; the lower one up).
  const loops = new Map<number, { forward?: number; back?: number }>();
  for (let c = 0; c < cycles; c++) {
    const low = schemas - 2 - c * 2;
    loops.set(low, { forward: low + 1 });
    loops.set(low + 1, { back: low });
  }
  for (let i = 0; i < schemas; i++) {
    writeFileSync(path.join(folder, `${id(i)}.schema.yaml`), schemaText(i, next, loops.get(i) ?? {}));
  }
}
