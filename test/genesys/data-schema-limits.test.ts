import { describe, expect, it } from 'vitest';
import { limitsFrom } from '../../src/genesys/data-schema-target.js';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';

describe("a DataSchema org's limits", () => {
  it('come from /limits and /coretypes, in the terms offline validation uses', () => {
    const limits = limitsFrom(
      CONTACTS_FAMILY.defaultLimits,
      { maxNumberOfFieldsPerSchema: 12, maxNumberOfSchemasPerOrg: 7, maxFieldNameCharacters: 100 },
      [
        { name: 'text', validationLimits: { maxLength: { min: 1, max: 60 } } },
        { name: 'longtext', validationLimits: { maxLength: { min: 1, max: 700 } } },
        { name: 'tag', validationLimits: { maxItems: { min: 1, max: 6 } } },
      ],
    );
    expect(limits).toMatchObject({
      maxFieldsPerSchema: 12,
      maxSchemasPerOrg: 7,
      maxStringLength: 60,
      maxLongTextLength: 700,
      maxListItems: 6,
    });
  });

  it("fall back to the family's own when the org says nothing usable", () => {
    expect(limitsFrom(WORKITEMS_FAMILY.defaultLimits, { maxNumberOfFieldsPerSchema: 'many' }, [])).toEqual(
      WORKITEMS_FAMILY.defaultLimits,
    );
    expect(WORKITEMS_FAMILY.defaultLimits).toMatchObject({
      maxFieldsPerSchema: 50,
      maxSchemasPerOrg: 100,
      maxStringLength: 100,
    });
    expect(CONTACTS_FAMILY.defaultLimits).toMatchObject({ maxFieldsPerSchema: 25, maxSchemasPerOrg: 20 });
  });
});
