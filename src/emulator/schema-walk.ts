/**
 * A walk over every field of a well-formed schema body at every depth: the fields of an object, and the fields
 * of the objects a list holds. Paths are written the way ErrorBody's `fieldName` points into the body.
 */
import type { FieldConstraints, ListItems, ObjectItems, SchemaField } from '../model/schema.js';

export interface VisitedField {
  field: SchemaField;
  /** e.g. `fields[2].constraints.items.fields[0]`. */
  path: string;
  /** 1 at the top level, one more inside each object (or list of objects). */
  depth: number;
}

/** Return false from `visit` to skip a field's children. */
export function walkFields(
  fields: readonly SchemaField[],
  visit: (visited: VisitedField) => boolean | void,
  basePath = 'fields',
  depth = 1,
): void {
  fields.forEach((field, index) => {
    const path = `${basePath}[${index}]`;
    if (visit({ field, path, depth }) === false) return;
    const children = childFields(field);
    if (children) walkFields(children.fields, visit, `${path}.${children.path}`, depth + 1);
  });
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
