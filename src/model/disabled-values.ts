/**
 * Disabled enum values (docs/families.md "Disabled values"): a value listed in a field's `disabledValues` stays in
 * the enum, so records that hold it keep it, but is offered no more for new ones. This gives the list its normal
 * form, the one plan, pull and the read-back compare: the enum's values that are disabled, in the enum's order,
 * each once, and nothing when none is, so that `disabledValues: []` and no list are the same statement.
 */
import type { SchemaField } from './schema.js';

/**
 * The field's disabled values in the enum's order; undefined when none is. A listed value the enum does not hold
 * is not part of the field (ENUM_INVALID reports it in a file).
 */
export function disabledEnumValues(field: Pick<SchemaField, 'constraints' | 'disabledValues'>): string[] | undefined {
  const listed = field.disabledValues;
  if (!Array.isArray(listed) || listed.length === 0) return undefined;
  const disabled = new Set(listed.map(String));
  const values = [...new Set((field.constraints?.enum ?? []).map(String))].filter((value) => disabled.has(value));
  return values.length === 0 ? undefined : values;
}
