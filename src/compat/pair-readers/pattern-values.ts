/** The pattern of each version of a field, when the field's type takes one (string, phone: docs/api-contract.md). */
import { FIELD_TYPE_FACTS } from '../../model/field-types.js';
import type { FieldPair } from '../compat-rule.js';
import { sameTypePair } from './same-type-pair.js';

export function patternPair(pair: FieldPair): { before: string | undefined; after: string | undefined } | undefined {
  const both = sameTypePair(pair);
  if (both === undefined || FIELD_TYPE_FACTS[both.before.fieldtype]?.constraints.includes('pattern') !== true)
    return undefined;
  const read = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { before: read(both.before.constraints?.pattern), after: read(both.after.constraints?.pattern) };
}
