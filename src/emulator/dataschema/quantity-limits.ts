/**
 * `GET .../schemas/limits`: the SDK's SchemaQuantityLimits, per family (docs/targets.md "Limits"). The emulator
 * serves these and enforces them; tests and `--limits family.key=value` may change any of them.
 */
import type { FamilyName } from './families.js';
import { FAMILIES, FAMILY_NAMES } from './families.js';

export interface SchemaQuantityLimits {
  minFieldNameCharacters: number;
  maxFieldNameCharacters: number;
  minFieldTitleCharacters: number;
  maxFieldTitleCharacters: number;
  minFieldDescriptionCharacters: number;
  maxFieldDescriptionCharacters: number;
  minSchemaNameCharacters: number;
  maxSchemaNameCharacters: number;
  minSchemaDescriptionCharacters: number;
  maxSchemaDescriptionCharacters: number;
  maxNumberOfSchemasPerOrg: number;
  maxNumberOfFieldsPerSchema: number;
  maxNumberOfFieldsPerOrg: number;
}

export type DataSchemaLimits = Record<FamilyName, SchemaQuantityLimits>;

const TEXT_LIMITS = {
  minFieldNameCharacters: 1,
  maxFieldNameCharacters: 100,
  minFieldTitleCharacters: 1,
  maxFieldTitleCharacters: 100,
  minFieldDescriptionCharacters: 0,
  maxFieldDescriptionCharacters: 500,
  minSchemaNameCharacters: 1,
  maxSchemaNameCharacters: 100,
  minSchemaDescriptionCharacters: 0,
  maxSchemaDescriptionCharacters: 500,
};

export const DEFAULT_DATA_SCHEMA_LIMITS: Readonly<DataSchemaLimits> = {
  // "Up to a total of 20 contact and organization types", "up to 25 custom fields per type" (help center).
  contacts: {
    ...TEXT_LIMITS,
    maxNumberOfSchemasPerOrg: 20,
    maxNumberOfFieldsPerSchema: 25,
    maxNumberOfFieldsPerOrg: 500,
  },
  organizations: {
    ...TEXT_LIMITS,
    maxNumberOfSchemasPerOrg: 20,
    maxNumberOfFieldsPerSchema: 25,
    maxNumberOfFieldsPerOrg: 500,
  },
  // "Up to 100 schemas per organization", "a maximum of 50 custom attributes per schema" (help center).
  workitems: {
    ...TEXT_LIMITS,
    maxNumberOfSchemasPerOrg: 100,
    maxNumberOfFieldsPerSchema: 50,
    maxNumberOfFieldsPerOrg: 5000,
  },
};

export const LIMIT_KEYS = Object.keys(TEXT_LIMITS).concat([
  'maxNumberOfSchemasPerOrg',
  'maxNumberOfFieldsPerSchema',
  'maxNumberOfFieldsPerOrg',
]) as Array<keyof SchemaQuantityLimits>;

export type DataSchemaLimitOverrides = Partial<Record<FamilyName, Partial<SchemaQuantityLimits>>>;

/** The defaults with the overrides applied; throws a message naming the first bad value. */
export function resolveDataSchemaLimits(overrides: DataSchemaLimitOverrides | undefined): DataSchemaLimits {
  const limits = {} as DataSchemaLimits;
  for (const family of FAMILY_NAMES) {
    const resolved = {
      ...DEFAULT_DATA_SCHEMA_LIMITS[family],
      ...sharedSchemaCount(family, overrides),
      ...overrides?.[family],
    };
    for (const key of LIMIT_KEYS) {
      const value = resolved[key];
      if (!Number.isInteger(value) || value < 0)
        throw new Error(`limit ${family}.${key} must be a whole number of at least 0, not ${String(value)}`);
    }
    for (const [low, high] of [
      ['minFieldNameCharacters', 'maxFieldNameCharacters'],
      ['minFieldTitleCharacters', 'maxFieldTitleCharacters'],
      ['minFieldDescriptionCharacters', 'maxFieldDescriptionCharacters'],
      ['minSchemaNameCharacters', 'maxSchemaNameCharacters'],
      ['minSchemaDescriptionCharacters', 'maxSchemaDescriptionCharacters'],
    ] as const) {
      if (resolved[low] > resolved[high])
        throw new Error(
          `limit ${family}.${low} (${resolved[low]}) is greater than ${family}.${high} (${resolved[high]})`,
        );
    }
    limits[family] = resolved;
  }
  return limits;
}

/**
 * Families that count their schemas together (contacts and organizations: "up to a total of 20 contact and
 * organization types", docs/targets.md "Limits") are refused at one count, so each one's /limits answers the same
 * `maxNumberOfSchemasPerOrg`: an override given for one holds for the group, and two that differ are refused.
 */
function sharedSchemaCount(
  family: FamilyName,
  overrides: DataSchemaLimitOverrides | undefined,
): Partial<SchemaQuantityLimits> {
  const group = FAMILIES[family].countGroup;
  const given = group.filter((name) => overrides?.[name]?.maxNumberOfSchemasPerOrg !== undefined);
  const values = new Set(given.map((name) => overrides![name]!.maxNumberOfSchemasPerOrg));
  if (values.size > 1)
    throw new Error(
      `limit maxNumberOfSchemasPerOrg is one count for ${group.join(' and ')} together: give it once, not ${given.map((name) => `${name}.maxNumberOfSchemasPerOrg=${overrides![name]!.maxNumberOfSchemasPerOrg}`).join(' and ')}`,
    );
  const [value] = values;
  return value === undefined ? {} : { maxNumberOfSchemasPerOrg: value };
}
