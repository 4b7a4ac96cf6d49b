/**
 * The DataSchemas in the `--data` file: a `dataSchemas` member beside the custom objects' `schemas`, present only
 * once a DataSchema exists (so a file of an org without any is unchanged). Read back with the same care as the
 * rest: an entry that is not what this emulator writes stops the start with a message naming it.
 */
import { checkDataSchemaBody } from './body-checks.js';
import type { DataSchemaSnapshot, StoredDataSchema } from './data-schema-store.js';
import { FAMILIES, FAMILY_NAMES, type FamilyName } from './families.js';
import type { SchemaQuantityLimits } from './quantity-limits.js';

/**
 * Limits that hold any stored text: the file may have been written under other `--limits` than this start's, and
 * what it holds was checked against those when it was written. Only its structure is checked here.
 */
const ANY_LENGTH: SchemaQuantityLimits = {
  minFieldNameCharacters: 0,
  maxFieldNameCharacters: Number.MAX_SAFE_INTEGER,
  minFieldTitleCharacters: 0,
  maxFieldTitleCharacters: Number.MAX_SAFE_INTEGER,
  minFieldDescriptionCharacters: 0,
  maxFieldDescriptionCharacters: Number.MAX_SAFE_INTEGER,
  minSchemaNameCharacters: 0,
  maxSchemaNameCharacters: Number.MAX_SAFE_INTEGER,
  minSchemaDescriptionCharacters: 0,
  maxSchemaDescriptionCharacters: Number.MAX_SAFE_INTEGER,
  maxNumberOfSchemasPerOrg: Number.MAX_SAFE_INTEGER,
  maxNumberOfFieldsPerSchema: Number.MAX_SAFE_INTEGER,
  maxNumberOfFieldsPerOrg: Number.MAX_SAFE_INTEGER,
};

/**
 * What is wrong with one stored version, or undefined: its own parts, and what a request body holds checked as
 * a request body is (body-checks.ts), so that a hand-edited file cannot start an emulator that then fails on it.
 */
function versionProblem(value: unknown, index: number, family: FamilyName): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object';
  const v = value as Record<string, unknown>;
  if (v['version'] !== index + 1) return `its version is not ${index + 1}`;
  if (typeof v['name'] !== 'string') return 'name is not a string';
  if (!Array.isArray(v['appliesTo'])) return 'appliesTo is not a list';
  if (typeof v['enabled'] !== 'boolean') return 'enabled is not true or false';
  if (typeof v['dateCreated'] !== 'string') return 'dateCreated is not a string';
  const checked = checkDataSchemaBody(value, FAMILIES[family], ANY_LENGTH);
  if (!('problems' in checked)) return undefined;
  const [first] = checked.problems;
  return first === undefined ? 'it is malformed' : `${first.fieldName ? `${first.fieldName}: ` : ''}${first.message}`;
}

function schemaProblem(value: unknown, family: FamilyName): string | undefined {
  const s = value as Partial<StoredDataSchema> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.id !== 'string' ||
    typeof s.deleted !== 'boolean' ||
    !Array.isArray(s.versions) ||
    s.versions.length === 0
  )
    return '';
  for (let v = 0; v < s.versions.length; v++) {
    const problem = versionProblem(s.versions[v], v, family);
    if (problem !== undefined) return ` (${JSON.stringify(s.id)}), version ${v + 1} (versions[${v}]): ${problem}`;
  }
  return undefined;
}

/** The snapshot, or a message naming the first malformed entry (e.g. `dataSchemas.workitems[2]`). */
export function parseDataSchemaState(value: unknown): { snapshot: DataSchemaSnapshot } | { problem: string } {
  const snapshot = {} as DataSchemaSnapshot;
  const state = value as Record<string, unknown> | null;
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    return { problem: 'dataSchemas is not an object of families' };
  for (const key of Object.keys(state))
    if (!(FAMILY_NAMES as readonly string[]).includes(key))
      return { problem: `dataSchemas has an unknown family "${key}"` };
  for (const family of FAMILY_NAMES) {
    const list = state[family] ?? [];
    if (!Array.isArray(list)) return { problem: `dataSchemas.${family} is not a list` };
    for (let index = 0; index < list.length; index++) {
      const problem = schemaProblem(list[index], family);
      if (problem !== undefined)
        return {
          problem: `the emulator data file has a malformed schema entry at dataSchemas.${family}[${index}]${problem}`,
        };
    }
    snapshot[family] = list as StoredDataSchema[];
  }
  return { snapshot };
}
