/**
 * Every place a schema's fields name another schema (or a system object): `reference` fields, lists whose items
 * are references, and the nested fields of objects, at any depth. The graph, the reference rules and the plan's
 * ordering all start from this one walk, so that they agree on what a reference is.
 */
import type { SchemaField } from '../model/schema.js';

export interface SchemaReference {
  /** The referencedType: another schema's externalId or a system object type. */
  target: string;
  /** Where the reference sits, for people: `owner`, `address.owner`, `tags[]`, `lines[].product`. */
  fieldPath: string;
  /** JSON Pointer (RFC 6901) of the referencedType value, for locating it in the file. */
  pointer: string;
}

/**
 * Collects the references in `fields`, in document order. The input may come from a file that has not passed
 * the structural check, so anything malformed (a field that is not an object, missing constraints, items of the
 * wrong shape) is skipped rather than thrown on: reporting it is the structural rule's job.
 */
export function collectReferences(fields: readonly SchemaField[], basePointer = '/fields'): SchemaReference[] {
  const found: SchemaReference[] = [];
  walkFields(fields, basePointer, '', found);
  return found;
}

function walkFields(fields: unknown, pointer: string, pathPrefix: string, found: SchemaReference[]): void {
  if (!Array.isArray(fields)) return;
  for (let index = 0; index < fields.length; index++) {
    const field: unknown = fields[index];
    // Most fields name nothing: their pointer and path are built only for those that may (a plan walks every
    // field of every schema to order its steps, and building two strings a field was most of that walk).
    if (!isRecord(field) || !mayReference(field)) continue;
    const name = typeof field['name'] === 'string' ? field['name'] : `#${index}`;
    walkValue(field, `${pointer}/${index}`, pathPrefix + name, found);
  }
}

/** Whether walkValue can find a reference in this value: one of the three types that hold one, with constraints. */
function mayReference(value: Record<string, unknown>): boolean {
  const fieldtype = value['fieldtype'];
  return (
    (fieldtype === 'reference' || fieldtype === 'list' || fieldtype === 'object') && isRecord(value['constraints'])
  );
}

/**
 * One typed value: a field, or a list's item description (which has a fieldtype and constraints but no name).
 * `path` is the path of the value itself.
 */
function walkValue(value: Record<string, unknown>, pointer: string, path: string, found: SchemaReference[]): void {
  const constraints = value['constraints'];
  if (!isRecord(constraints)) return;
  const constraintsPointer = `${pointer}/constraints`;
  switch (value['fieldtype']) {
    case 'reference': {
      const target = constraints['referencedType'];
      if (typeof target === 'string' && target !== '') {
        found.push({ target, fieldPath: path, pointer: `${constraintsPointer}/referencedType` });
      }
      return;
    }
    case 'list': {
      const items = constraints['items'];
      if (isRecord(items)) walkValue(items, `${constraintsPointer}/items`, `${path}[]`, found);
      return;
    }
    case 'object': {
      const items = constraints['items'];
      if (isRecord(items)) walkFields(items['fields'], `${constraintsPointer}/items/fields`, `${path}.`, found);
      return;
    }
    default:
      return;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
