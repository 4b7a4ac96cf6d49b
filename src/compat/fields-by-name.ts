/**
 * A level of fields by name, for pairing two versions. The first of a repeated name wins and entries without a
 * name or fieldtype are skipped: those are the structural rules' findings, not a difference between versions.
 */
import type { SchemaField } from '../model/schema.js';

export function fieldsByName(fields: unknown): Map<string, SchemaField> {
  const map = new Map<string, SchemaField>();
  if (!Array.isArray(fields)) return map;
  for (const field of fields as unknown[]) {
    if (typeof field !== 'object' || field === null) continue;
    const candidate = field as SchemaField;
    if (typeof candidate.name === 'string' && typeof candidate.fieldtype === 'string' && !map.has(candidate.name)) {
      map.set(candidate.name, candidate);
    }
  }
  return map;
}
