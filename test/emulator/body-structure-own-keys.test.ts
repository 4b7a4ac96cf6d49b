/**
 * The body check reads a body's own properties only: an emulator running in a process whose Object.prototype
 * carries an enumerable property (a library that adds one) still takes a valid body.
 */
import { describe, expect, it } from 'vitest';
import { checkBodyStructure } from '../../src/emulator/body-structure.js';
import { nestedFields, schemaBody } from './emulator-fixtures.js';

describe('checkBodyStructure', () => {
  it('ignores enumerable properties a body inherits', () => {
    const body = JSON.parse(
      JSON.stringify(
        schemaBody('inherits', {
          fields: [
            ...nestedFields(2),
            { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string' } } },
          ],
        }),
      ),
    ) as unknown;
    expect(checkBodyStructure(body).ok).toBe(true);
    const prototype = Object.prototype as Record<string, unknown>;
    prototype['extra'] = 1;
    try {
      expect(checkBodyStructure(body)).toMatchObject({ ok: true });
    } finally {
      delete prototype['extra'];
    }
  });
});
