/**
 * `customobjects.schema.incompatible` (docs/api-contract.md): an existing field's fieldtype changed, or a required
 * field removed. Fields are matched by name among their siblings at every depth; a list's items.fieldtype counts as
 * part of the field's type. Children are compared only where the parent kept its type.
 */
import type { ListItems, ObjectItems, SchemaField } from '../model/schema.js';
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';

function incompatible(fieldName: string, message: string, messageParams: Record<string, string>): Problem {
  return { code: CODES.incompatible, message, fieldName, messageParams };
}

function compareLists(
  before: readonly SchemaField[],
  after: readonly SchemaField[],
  path: string,
  prefix: string,
  problems: Problem[],
): void {
  const byName = new Map<string, { field: SchemaField; index: number }>();
  after.forEach((field, index) => byName.set(field.name, { field, index }));
  for (const old of before) {
    const name = `${prefix}${old.name}`;
    const hit = byName.get(old.name);
    if (!hit) {
      // A version read back from the data file is a plain object: `required` is read as its own (docs/targets.md).
      if (Object.hasOwn(old, 'required') && old.required === true)
        problems.push(incompatible(path, `Required field "${name}" cannot be removed`, { field: name }));
      continue;
    }
    const at = `${path}[${hit.index}]`;
    if (hit.field.fieldtype !== old.fieldtype) {
      problems.push(
        incompatible(
          `${at}.fieldtype`,
          `Field "${name}" cannot change fieldtype from ${old.fieldtype} to ${hit.field.fieldtype}`,
          { field: name, from: old.fieldtype, to: hit.field.fieldtype },
        ),
      );
      continue;
    }
    if (old.fieldtype === 'object') {
      const oldItems = old.constraints?.items as ObjectItems | undefined;
      const newItems = hit.field.constraints?.items as ObjectItems | undefined;
      if (oldItems && newItems)
        compareLists(oldItems.fields, newItems.fields, `${at}.constraints.items.fields`, `${name}.`, problems);
    } else if (old.fieldtype === 'list') {
      const oldItems = old.constraints?.items as ListItems | undefined;
      const newItems = hit.field.constraints?.items as ListItems | undefined;
      if (!oldItems || !newItems) continue;
      if (oldItems.fieldtype !== newItems.fieldtype) {
        problems.push(
          incompatible(
            `${at}.constraints.items.fieldtype`,
            `List "${name}" cannot change its items' fieldtype from ${oldItems.fieldtype} to ${newItems.fieldtype}`,
            { field: name, from: oldItems.fieldtype, to: newItems.fieldtype },
          ),
        );
      } else if (oldItems.fieldtype === 'object') {
        const oldNested = oldItems.constraints?.items as ObjectItems | undefined;
        const newNested = newItems.constraints?.items as ObjectItems | undefined;
        if (oldNested && newNested)
          compareLists(
            oldNested.fields,
            newNested.fields,
            `${at}.constraints.items.constraints.items.fields`,
            `${name}.`,
            problems,
          );
      }
    }
  }
}

export function checkSchemaCompatibility(current: readonly SchemaField[], next: readonly SchemaField[]): Problem[] {
  const problems: Problem[] = [];
  compareLists(current, next, 'fields', '', problems);
  return problems;
}
