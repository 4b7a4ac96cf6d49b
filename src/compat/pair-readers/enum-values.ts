/**
 * The enum of each version of a field (string, number: docs/api-contract.md). An unset enum accepts any value of the
 * type, so adding an enum removes values and removing one adds values: the two enum rules cover those cases too.
 */
import { FIELD_TYPE_FACTS } from '../../model/field-types.js';
import type { FieldPair } from '../compat-rule.js';
import { sameTypePair } from './same-type-pair.js';

export type EnumValues = ReadonlyArray<string | number> | undefined;

export function enumPair(pair: FieldPair): { before: EnumValues; after: EnumValues } | undefined {
  const both = sameTypePair(pair);
  if (both === undefined || FIELD_TYPE_FACTS[both.before.fieldtype]?.constraints.includes('enum') !== true)
    return undefined;
  const read = (value: unknown): EnumValues => (Array.isArray(value) ? (value as Array<string | number>) : undefined);
  return { before: read(both.before.constraints?.enum), after: read(both.after.constraints?.enum) };
}

/** Values of `from` that `to` does not accept (every value is accepted by an unset enum). */
export function valuesMissing(from: EnumValues, to: EnumValues): Array<string | number> {
  if (from === undefined || to === undefined) return [];
  return from.filter((value) => !to.includes(value));
}

export function listValues(values: ReadonlyArray<string | number>): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}
