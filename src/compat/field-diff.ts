/**
 * A structural diff of two versions' fields, for people (the plan's `~ update` lines) and for portal events.
 * It says what changed, not whether it matters: the compatibility rules judge that. Values are compared as
 * written, so an unset maxLength and its default show as a change here.
 */
import { disabledEnumValues } from '../model/disabled-values.js';
import { explicitEnumTitles } from '../model/display-titles.js';
import { isListItems, isObjectItems, type ListItems, type SchemaField } from '../model/schema.js';
import { fieldsByName } from './fields-by-name.js';
import { sameValue } from './same-value.js';

export interface FieldDiffEntry {
  /** `name`, `address.street`, `tags[]`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** For `changed`: fieldtype, required, title, description, constraints.<name>, enumTitles, or disabledValues. */
  property?: string;
  before?: unknown;
  after?: unknown;
}

/** Constraints in the order people read them; unknown ones follow, alphabetically. */
const CONSTRAINT_ORDER = [
  'referencedType',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'min',
  'max',
  'minItems',
  'maxItems',
];

export function diffFields(before: readonly SchemaField[], after: readonly SchemaField[]): FieldDiffEntry[] {
  const entries: FieldDiffEntry[] = [];
  diffLevel(before, after, '', entries);
  return entries;
}

function diffLevel(before: unknown, after: unknown, prefix: string, entries: FieldDiffEntry[]): void {
  const old = fieldsByName(before);
  const next = fieldsByName(after);
  for (const [name, field] of old) {
    const path = prefix + name;
    const counterpart = next.get(name);
    if (counterpart === undefined) entries.push({ path, kind: 'removed', before: field });
    else diffValue(field, counterpart, path, false, entries);
  }
  for (const [name, field] of next) {
    if (!old.has(name)) entries.push({ path: prefix + name, kind: 'added', after: field });
  }
}

function diffValue(
  before: SchemaField | ListItems,
  after: SchemaField | ListItems,
  path: string,
  element: boolean,
  entries: FieldDiffEntry[],
): void {
  const change = (property: string, from: unknown, to: unknown): void => {
    if (sameValue(from, to)) return;
    const entry: FieldDiffEntry = { path, kind: 'changed', property };
    if (from !== undefined) entry.before = from;
    if (to !== undefined) entry.after = to;
    entries.push(entry);
  };
  change('fieldtype', before.fieldtype, after.fieldtype);
  if (!element) {
    const old = before as SchemaField;
    const next = after as SchemaField;
    // `required` defaults to false (docs/api-contract.md): absent and false are the same statement.
    change('required', old.required ?? false, next.required ?? false);
    // Display titles (docs/families.md "Titles"): a field's stands for its name, an enum value's for the value.
    change('title', old.title ?? old.name, next.title ?? next.name);
    change('description', old.description, next.description);
  }
  const oldConstraints = (before.constraints ?? {}) as Record<string, unknown>;
  const newConstraints = (after.constraints ?? {}) as Record<string, unknown>;
  for (const name of constraintNames(oldConstraints, newConstraints)) {
    change(`constraints.${name}`, oldConstraints[name], newConstraints[name]);
  }
  if (!element) {
    change('enumTitles', explicitEnumTitles(before), explicitEnumTitles(after));
    const disabled = disabledChange(before, after);
    if (disabled !== undefined) change('disabledValues', disabled.before, disabled.after);
  }

  const oldItems = oldConstraints['items'];
  const newItems = newConstraints['items'];
  if (
    before.fieldtype === after.fieldtype &&
    before.fieldtype === 'list' &&
    isListItems(oldItems) &&
    isListItems(newItems)
  ) {
    diffValue(oldItems, newItems, `${path}[]`, true, entries);
  } else if (
    before.fieldtype === after.fieldtype &&
    before.fieldtype === 'object' &&
    isObjectItems(oldItems) &&
    isObjectItems(newItems)
  ) {
    diffLevel(oldItems.fields, newItems.fields, `${path}.`, entries);
  } else {
    change('constraints.items', oldItems, newItems);
  }
}

function constraintNames(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  names.delete('items');
  const known = CONSTRAINT_ORDER.filter((name) => names.has(name));
  const unknown = [...names].filter((name) => !CONSTRAINT_ORDER.includes(name)).sort();
  return [...known, ...unknown];
}

/**
 * The disabled lists to show (docs/families.md "Disabled values"), or undefined when no value still in the enum
 * changed state. The lists are sets: both sides are written in the new enum's order, so a reordered enum with the
 * same values disabled is no change. A value that left the enum is left out of the old list (the enum change
 * reports it; `["boat"] -> []` would read as enabled again), while a value that arrives disabled is shown. None is
 * an empty list, so the line reads `[] -> ["car"]` when a first value is disabled.
 */
function disabledChange(
  before: SchemaField | ListItems,
  after: SchemaField | ListItems,
): { before: string[]; after: string[] } | undefined {
  const newValues = [...new Set((after.constraints?.enum ?? []).map(String))];
  const wasDisabled = new Set(disabledEnumValues(before) ?? []);
  const isDisabled = new Set(disabledEnumValues(after) ?? []);
  const old = newValues.filter((value) => wasDisabled.has(value));
  const next = newValues.filter((value) => isDisabled.has(value));
  return sameValue(old, next) ? undefined : { before: old, after: next };
}
