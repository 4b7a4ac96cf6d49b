/**
 * A dateTime bound written without an offset (`2024-01-01T12:00`) is read as UTC by the compatibility check and
 * the rules (src/model/instants.ts); the generated JSON Schema states it so, with its `Z`, so that a validator
 * holds a record to the same instant wherever it runs (test/codegen/generated-records.test.ts checks that under
 * Ajv in several time zones).
 */
import { describe, expect, it } from 'vitest';
import { asDateTime, recordJsonSchema } from '../../src/codegen/record-json-schema.js';
import type { SchemaDefinition } from '../../src/model/schema.js';

const meeting: SchemaDefinition = {
  externalId: 'meeting',
  name: 'Meeting',
  fields: [{ name: 'start', fieldtype: 'dateTime', constraints: { min: '2024-01-01T12:00', max: '2024-01-02' } }],
};

describe('a dateTime bound in the generated JSON Schema', () => {
  it('is written as the UTC instant the rest of cxschema reads', () => {
    const start = (recordJsonSchema(meeting) as { properties: Record<string, unknown> }).properties['start'];
    expect(start).toMatchObject({ formatMinimum: '2024-01-01T12:00Z', formatMaximum: '2024-01-02T00:00:00Z' });
  });

  it('keeps an offset it was given', () => {
    expect(asDateTime('2024-01-01T12:00:00+09:00')).toBe('2024-01-01T12:00:00+09:00');
    expect(asDateTime('2024-01-01T12:00:00.250Z')).toBe('2024-01-01T12:00:00.250Z');
    expect(asDateTime('2024-01-01T12:00:00.250')).toBe('2024-01-01T12:00:00.250Z');
  });
});
