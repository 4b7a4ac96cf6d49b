/**
 * The DataSchemas in the `--data` file: a `dataSchemas` member beside the custom objects' `schemas`, present only
 * once a DataSchema exists (so a file of an org without any is unchanged). Read back with the same care as the
 * rest: an entry that is not what this emulator writes stops the start with a message naming it.
 */
import type { DataSchemaSnapshot, StoredDataSchema } from './data-schema-store.js';
import { FAMILY_NAMES } from './families.js';

function isVersion(value: unknown, index: number): boolean {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v['version'] === index + 1 &&
    typeof v['name'] === 'string' &&
    Array.isArray(v['appliesTo']) &&
    typeof v['enabled'] === 'boolean' &&
    typeof v['dateCreated'] === 'string' &&
    typeof v['jsonSchema'] === 'object' &&
    v['jsonSchema'] !== null
  );
}

function isStoredSchema(value: unknown): value is StoredDataSchema {
  const s = value as Partial<StoredDataSchema> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    typeof s.deleted === 'boolean' &&
    Array.isArray(s.versions) &&
    s.versions.length > 0 &&
    s.versions.every(isVersion)
  );
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
    const index = list.findIndex((entry) => !isStoredSchema(entry));
    if (index >= 0)
      return { problem: `the emulator data file has a malformed schema entry at dataSchemas.${family}[${index}]` };
    snapshot[family] = list as StoredDataSchema[];
  }
  return { snapshot };
}
