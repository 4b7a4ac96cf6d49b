import { describe, expect, it } from 'vitest';
import { limitsFrom } from '../../src/genesys/data-schema-target.js';
import { CONTACTS_FAMILY, WORKITEMS_FAMILY } from '../../src/family/index.js';
import { DEFAULT_DATA_SCHEMA_LIMITS } from '../../src/emulator/dataschema/quantity-limits.js';
import { DEFAULT_QUANTITY_LIMITS } from '../../src/model/quantity-limits.js';

describe("a DataSchema org's limits", () => {
  it('come from /limits and /coretypes, in the terms offline validation uses', () => {
    const limits = limitsFrom(
      CONTACTS_FAMILY,
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
    const { org, ...counts } = limitsFrom(WORKITEMS_FAMILY, { maxNumberOfFieldsPerSchema: 'many' }, []);
    expect(counts).toEqual(WORKITEMS_FAMILY.defaultLimits);
    expect(org!.values).toEqual(DEFAULT_QUANTITY_LIMITS.workitems);
    expect(WORKITEMS_FAMILY.defaultLimits).toMatchObject({
      maxFieldsPerSchema: 50,
      maxSchemasPerOrg: 100,
      maxStringLength: 100,
    });
    expect(CONTACTS_FAMILY.defaultLimits).toMatchObject({ maxFieldsPerSchema: 25, maxSchemasPerOrg: 20 });
  });

  it('hold the whole /limits answer, each value checked, and name where they were read', () => {
    const answer = {
      ...DEFAULT_QUANTITY_LIMITS.workitems,
      maxSchemaNameCharacters: 50,
      minFieldTitleCharacters: -1,
      maxFieldNameCharacters: 2.5,
      minSchemaDescriptionCharacters: 600,
      maxNumberOfSchemasPerOrg: -3,
    } as Record<string, unknown>;
    delete answer['maxNumberOfFieldsPerOrg'];
    const limits = limitsFrom(WORKITEMS_FAMILY, answer, []);
    expect(limits.org).toEqual({
      source: 'GET /api/v2/taskmanagement/workitems/schemas/limits',
      values: { ...DEFAULT_QUANTITY_LIMITS.workitems, maxSchemaNameCharacters: 50 },
      defaulted: [
        'maxFieldNameCharacters (2.5)',
        'minFieldTitleCharacters (-1)',
        'maxNumberOfSchemasPerOrg (-3)',
        'maxNumberOfFieldsPerOrg (absent)',
        'minSchemaDescriptionCharacters 600 over maxSchemaDescriptionCharacters 500',
      ],
    });
    expect(limits.maxSchemasPerOrg).toBe(100);
  });

  it('never throw, whatever the org answers', () => {
    for (const body of [undefined, null, 'limits', [1, 2], { maxSchemaNameCharacters: null }, 42])
      expect(limitsFrom(CONTACTS_FAMILY, body, []).org!.values).toEqual(DEFAULT_QUANTITY_LIMITS.contacts);
  });

  it("default to what the emulator's /limits answers", () => {
    expect(DEFAULT_QUANTITY_LIMITS).toEqual(DEFAULT_DATA_SCHEMA_LIMITS);
  });
});
