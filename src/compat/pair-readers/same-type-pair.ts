/** The common precondition of the constraint rules: the field exists in both versions with the same type. */
import type { ListItems, SchemaField } from '../../model/schema.js';
import type { FieldPair } from '../compat-rule.js';

export function sameTypePair(
  pair: FieldPair,
): { before: SchemaField | ListItems; after: SchemaField | ListItems } | undefined {
  const { before, after } = pair;
  if (before === undefined || after === undefined || before.fieldtype !== after.fieldtype) return undefined;
  return { before, after };
}
