/**
 * Walks two versions of a field list together and yields every pair of same-named fields, at every depth: a
 * list's element is a pair of its own (`tags[]`), an object's nested fields are paired by name
 * (`address.street`). Where a field's type changed or it was added or removed, the walk does not descend:
 * that one change says everything, and comparing constraints across types would only add noise.
 */
import { isListItems, isObjectItems, type ListItems, type SchemaField } from '../model/schema.js';
import type { FieldPair } from './compat-rule.js';
import { fieldsByName } from './fields-by-name.js';

export function pairFields(before: readonly SchemaField[], after: readonly SchemaField[]): FieldPair[] {
  const pairs: FieldPair[] = [];
  pairLevel(before, after, '', false, pairs);
  return pairs;
}

function pairLevel(before: unknown, after: unknown, prefix: string, insideItems: boolean, pairs: FieldPair[]): void {
  const old = fieldsByName(before);
  const next = fieldsByName(after);
  for (const [name, field] of old) {
    const counterpart = next.get(name);
    const pair: FieldPair = { path: prefix + name, before: field, element: false, insideItems };
    if (counterpart !== undefined) pair.after = counterpart;
    pairs.push(pair);
    if (counterpart !== undefined) descend(field, counterpart, pair.path, pairs);
  }
  for (const [name, field] of next) {
    if (!old.has(name)) pairs.push({ path: prefix + name, after: field, element: false, insideItems });
  }
}

/** Into a field's items when both versions agree on its type. */
function descend(
  before: SchemaField | ListItems,
  after: SchemaField | ListItems,
  path: string,
  pairs: FieldPair[],
): void {
  if (before.fieldtype !== after.fieldtype) return;
  const oldItems = before.constraints?.items;
  const newItems = after.constraints?.items;
  if (before.fieldtype === 'list' && isListItems(oldItems) && isListItems(newItems)) {
    const elementPath = `${path}[]`;
    pairs.push({ path: elementPath, before: oldItems, after: newItems, element: true, insideItems: true });
    descend(oldItems, newItems, elementPath, pairs);
  } else if (before.fieldtype === 'object' && isObjectItems(oldItems) && isObjectItems(newItems)) {
    pairLevel(oldItems.fields, newItems.fields, `${path}.`, true, pairs);
  }
}
