/**
 * What plan says the custom objects platform refuses is what the emulator refuses: on generated histories of
 * field trees (scalars, lists of scalars, objects, lists of objects, from a small domain of names so that fields
 * meet again across versions, with their types and `required` changed), in every mode, a violation whose hint says
 * the platform refuses it in any mode appears exactly when the emulator's compatibility check refuses the write,
 * which compares it with the current version alone (docs/api-contract.md "References, status, compatibility,
 * delete").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/index.js';
import { checkSchemaCompatibility } from '../../src/emulator/schema-compatibility.js';
import { CUSTOM_OBJECTS_FAMILY } from '../../src/family/index.js';
import { COMPATIBILITY_MODES, type SchemaField } from '../../src/model/schema.js';
import { propertyRuns } from '../support/property-runs.js';

const name = fc.constantFrom('a', 'b', 'c');
const scalar = fc.constantFrom('string', 'number', 'boolean');

const field: fc.Memo<SchemaField> = fc.memo((depth) => {
  const scalarField = fc.record({ name, fieldtype: scalar, required: fc.boolean() }) as fc.Arbitrary<SchemaField>;
  const listOfScalars = fc
    .record({ name, required: fc.boolean(), element: scalar })
    .map(({ element, ...rest }): SchemaField => ({
      ...rest,
      fieldtype: 'list',
      constraints: { items: { fieldtype: element } },
    }));
  if (depth <= 1) return fc.oneof(scalarField, listOfScalars);
  const nested = fc.uniqueArray(field(depth - 1), { selector: (f) => f.name, maxLength: 3 });
  const object = fc
    .record({ name, required: fc.boolean(), fields: nested })
    .map(({ fields, ...rest }): SchemaField => ({ ...rest, fieldtype: 'object', constraints: { items: { fields } } }));
  const listOfObjects = fc
    .record({ name, required: fc.boolean(), fields: nested })
    .map(({ fields, ...rest }): SchemaField => ({
      ...rest,
      fieldtype: 'list',
      constraints: { items: { fieldtype: 'object', constraints: { items: { fields } } } },
    }));
  return fc.oneof(scalarField, listOfScalars, object, listOfObjects);
});

const fields = fc.uniqueArray(field(3), { selector: (f) => f.name, maxLength: 3 });

const REFUSED = /^the platform refuses this change in any mode/;

describe('custom objects: what plan says the platform refuses', () => {
  it('is what the emulator refuses, in every mode and against any history', () => {
    fc.assert(
      fc.property(
        fc.array(fields, { minLength: 1, maxLength: 3 }),
        fields,
        fc.constantFrom(...COMPATIBILITY_MODES),
        (versions, next, mode) => {
          const history = versions.map((fieldsOf, index) => ({ version: index + 1, fields: fieldsOf }));
          const verdict = checkCompatibility({
            schema: 's',
            mode,
            history,
            next,
            neverAllowed: CUSTOM_OBJECTS_FAMILY.neverAllowed,
          });
          const saysRefused = verdict.violations.some((violation) => REFUSED.test(violation.hint));
          const refused = checkSchemaCompatibility(versions[versions.length - 1]!, next).length > 0;
          expect({ mode, saysRefused }).toEqual({ mode, saysRefused: refused });
        },
      ),
      { numRuns: propertyRuns(2000) },
    );
  });
});
