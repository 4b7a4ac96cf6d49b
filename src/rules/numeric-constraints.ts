/**
 * Reading numeric constraints leniently, with the platform's defaults filled in (docs/api-contract.md: unset maxLength
 * and maxItems have per-type defaults). Values of the wrong type read as absent: SCHEMA_STRUCTURE reports them.
 */
import { DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS } from '../model/field-types.js';
import type { FieldNode } from './field-walk.js';

export function integerConstraint(node: FieldNode, name: string): number | undefined {
  const value = node.constraints?.[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function numberConstraint(node: FieldNode, name: string): number | undefined {
  const value = node.constraints?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Whether the node's fieldtype accepts the constraint (false for an unknown fieldtype). */
export function accepts(node: FieldNode, constraint: string): boolean {
  return (
    node.fieldtype !== undefined &&
    (FIELD_TYPE_FACTS[node.fieldtype].constraints as readonly string[]).includes(constraint)
  );
}

/** maxLength as written, or the type's default when unset; undefined when neither applies. */
export function effectiveMaxLength(node: FieldNode): { value: number; implicit: boolean } | undefined {
  if (!accepts(node, 'maxLength')) return undefined;
  const explicit = integerConstraint(node, 'maxLength');
  if (explicit !== undefined) return { value: explicit, implicit: false };
  const fallback = node.fieldtype === undefined ? undefined : FIELD_TYPE_FACTS[node.fieldtype].defaultMaxLength;
  return fallback === undefined ? undefined : { value: fallback, implicit: true };
}

/** maxItems as written, or the platform's default of 100 for a list. */
export function effectiveMaxItems(node: FieldNode): { value: number; implicit: boolean } | undefined {
  if (node.fieldtype !== 'list') return undefined;
  const explicit = integerConstraint(node, 'maxItems');
  return explicit !== undefined ? { value: explicit, implicit: false } : { value: DEFAULT_MAX_ITEMS, implicit: true };
}
