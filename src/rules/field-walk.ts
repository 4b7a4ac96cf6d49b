/**
 * Every typed value of a schema, at every depth, in document order: the fields, the nested fields of objects,
 * and the item description of each list (which has a fieldtype and constraints but no name). Rules that check
 * one field at a time walk this, so a list's items get the same checks as a field.
 */
import type { FieldType } from '../model/schema.js';
import { isLoose, type Loose, type SchemaView } from './schema-view.js';

export interface FieldNode {
  /** The field (or list item description) as written. */
  value: Loose;
  /** JSON Pointer of `value`. */
  pointer: string;
  /** For people: `address.street`, `tags[]`, `#3` for a field without a usable name. */
  path: string;
  /** The name when it is a string (undefined for list items). */
  name?: string;
  /** The fieldtype when it is one the schema's family knows. */
  fieldtype?: FieldType;
  /** The constraints when they are a mapping. */
  constraints?: Loose;
  /** Objects around it: 0 for a top-level field, 1 inside an object field, ... */
  depth: number;
  /** True for the item description of a list. */
  listItem: boolean;
}

export function walkFields(schema: SchemaView, visit: (node: FieldNode) => void): void {
  walkList(schema.fields, '/fields', '', 0, schema.fieldTypes, visit);
}

function walkList(
  fields: readonly unknown[],
  pointer: string,
  prefix: string,
  depth: number,
  known: ReadonlySet<string>,
  visit: (node: FieldNode) => void,
): void {
  fields.forEach((field, index) => {
    if (!isLoose(field)) return;
    const name = typeof field['name'] === 'string' ? field['name'] : undefined;
    walkNode(field, `${pointer}/${index}`, prefix + (name ?? `#${index}`), name, depth, false, known, visit);
  });
}

function walkNode(
  value: Loose,
  pointer: string,
  path: string,
  name: string | undefined,
  depth: number,
  listItem: boolean,
  known: ReadonlySet<string>,
  visit: (node: FieldNode) => void,
): void {
  const node: FieldNode = { value, pointer, path, depth, listItem };
  if (name !== undefined) node.name = name;
  const fieldtype = value['fieldtype'];
  if (typeof fieldtype === 'string' && known.has(fieldtype)) node.fieldtype = fieldtype as FieldType;
  const constraints = value['constraints'];
  if (isLoose(constraints)) node.constraints = constraints;
  visit(node);

  const items = node.constraints?.['items'];
  if (!isLoose(items)) return;
  if (node.fieldtype === 'list') {
    walkNode(items, `${pointer}/constraints/items`, `${path}[]`, undefined, depth, true, known, visit);
  } else if (node.fieldtype === 'object' && Array.isArray(items['fields'])) {
    walkList(items['fields'], `${pointer}/constraints/items/fields`, `${path}.`, depth + 1, known, visit);
  }
}
