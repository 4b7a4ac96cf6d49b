/**
 * A walk over every field of a well-formed schema body at every depth: the fields of an object, and the fields
 * of the objects a list holds. Paths are written the way ErrorBody's `fieldName` points into the body; the walk
 * gives a field's parent path and index, and `fieldPath` writes the field's own path only where one is needed (a
 * problem to report): every write walks its body three times, and a path string per field and walk was most of
 * what the checks allocated.
 */
import type { FieldConstraints, ListItems, ObjectItems, SchemaField } from '../model/schema.js';

/**
 * `field` is `fields[index]` of the list at `basePath`; depth is 1 at the top level, one more inside each object
 * (or list of objects). Return false to skip the field's children.
 */
export type FieldVisitor = (field: SchemaField, basePath: string, index: number, depth: number) => boolean | void;

/** A field's path, e.g. `fields[2].constraints.items.fields[0]`. */
export function fieldPath(basePath: string, index: number): string {
  return `${basePath}[${index}]`;
}

export function walkFields(fields: readonly SchemaField[], visit: FieldVisitor, basePath = 'fields', depth = 1): void {
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (visit(field, basePath, index, depth) === false) continue;
    const children = childFields(field);
    if (children) walkFields(children.fields, visit, `${fieldPath(basePath, index)}.${children.path}`, depth + 1);
  }
}

/** The fields nested directly under a field, and their path relative to it. */
export function childFields(field: SchemaField): { fields: SchemaField[]; path: string } | undefined {
  const items = field.constraints?.items;
  if (field.fieldtype === 'object' && items)
    return { fields: (items as ObjectItems).fields, path: 'constraints.items.fields' };
  if (field.fieldtype === 'list' && items) {
    const listItems = items as ListItems;
    const nested = listItems.constraints?.items as ObjectItems | undefined;
    if (listItems.fieldtype === 'object' && nested)
      return { fields: nested.fields, path: 'constraints.items.constraints.items.fields' };
  }
  return undefined;
}

/** The constraints of a list's items, when the field is a list. */
export function listItemConstraints(
  field: SchemaField,
): { fieldtype: string; constraints: FieldConstraints | undefined } | undefined {
  if (field.fieldtype !== 'list' || !field.constraints?.items) return undefined;
  const items = field.constraints.items as ListItems;
  return { fieldtype: items.fieldtype, constraints: items.constraints };
}
