/**
 * A dateTime's `min`/`max` are compared as instants wherever two of them meet: the compatibility rules, the
 * CONSTRAINT_RANGE_INVALID rule (min after max) and the emulator's body check. A date-time written without an
 * offset is read as UTC, as a date alone is, so that none of these answers depends on the time zone of the machine
 * that runs it: a plan made on a laptop in New York and one made in CI must agree.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectCompatChanges } from '../../src/compat/index.js';
import { checkBodyStructure } from '../../src/emulator/body-structure.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import { loadSchemaText } from '../../src/load/schema-loader.js';
import type { SchemaField } from '../../src/model/schema.js';
import { validateDocuments } from '../../src/rules/validate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo'];
const zoneBefore = process.env['TZ'];

afterEach(() => {
  if (zoneBefore === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zoneBefore;
});

/** What `run` answers in each time zone: the machine's zone is read afresh when TZ changes. */
function inEveryZone<T>(run: () => T): Record<string, T> {
  return Object.fromEntries(
    ZONES.map((zone) => {
      process.env['TZ'] = zone;
      return [zone, run()];
    }),
  );
}

const sameInEveryZone = <T>(value: T): Record<string, T> => Object.fromEntries(ZONES.map((zone) => [zone, value]));

const due = (constraints: NonNullable<SchemaField['constraints']>): SchemaField[] => [
  { name: 'due', fieldtype: 'dateTime', constraints },
];

function rulesBetween(
  before: NonNullable<SchemaField['constraints']>,
  after: NonNullable<SchemaField['constraints']>,
): string[] {
  return detectCompatChanges('s', due(before), due(after)).map((change) => change.rule);
}

describe('dateTime bounds without an offset', () => {
  it('are the same instants as the UTC ones to compatibility, wherever the plan runs', () => {
    expect(inEveryZone(() => rulesBetween({ min: '2024-01-01' }, { min: '2024-01-01T00:00:00' }))).toEqual(
      sameInEveryZone([]),
    );
    expect(inEveryZone(() => rulesBetween({ max: '2024-01-01T12:00' }, { max: '2024-01-01T12:00:00.000Z' }))).toEqual(
      sameInEveryZone([]),
    );
    expect(inEveryZone(() => rulesBetween({ min: '2024-01-01T00:00:00' }, { min: '2024-01-01T00:30:00Z' }))).toEqual(
      sameInEveryZone(['MIN_INCREASED']),
    );
  });

  it('are ordered as UTC instants by CONSTRAINT_RANGE_INVALID, wherever validate runs', () => {
    const findings = (): string[] => {
      const text = [
        'externalId: sample',
        'name: Sample',
        'fields:',
        '  - name: due',
        '    fieldtype: dateTime',
        '    constraints:',
        "      min: '2024-01-01T00:30:00'",
        "      max: '2024-01-01T09:00:00+09:00'",
      ].join('\n');
      const loaded = loadSchemaText('sample.schema.yaml', text, 'yaml');
      const documents = loaded.document === undefined ? [] : [loaded.document];
      return validateDocuments(documents, { config: defaultConfig(ROOT) }).diagnostics.map((d) => d.ruleId);
    };
    // 00:30 UTC is after 09:00 in Tokyo (00:00 UTC): no value can satisfy both.
    expect(inEveryZone(findings)).toEqual(sameInEveryZone(['CONSTRAINT_RANGE_INVALID']));
  });

  it('are ordered as UTC instants by the emulator, wherever it runs', () => {
    const body = {
      externalId: 'sample',
      name: 'Sample',
      version: 1,
      status: 'DRAFT',
      fields: due({ min: '2024-01-01T00:30:00', max: '2024-01-01T09:00:00+09:00' }),
    };
    const problems = (): string[] => {
      const result = checkBodyStructure(body);
      return 'problems' in result ? result.problems.map((problem) => problem.message) : [];
    };
    expect(inEveryZone(problems)).toEqual(sameInEveryZone(['min must not exceed max']));
  });
});
