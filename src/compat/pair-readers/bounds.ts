/**
 * The bound a constraint puts on a value, with the platform's meaning of an unset constraint filled in, so that
 * "unset" and "set to the default" compare equal (docs/api-contract.md: unset maxLength and maxItems have defaults; an
 * unset minimum is no minimum).
 */
import { DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS } from '../../model/field-types.js';
import { instantOf } from '../../model/instants.js';
import type { ListItems, SchemaField } from '../../model/schema.js';

export type BoundConstraint = 'minLength' | 'maxLength' | 'min' | 'max' | 'minItems' | 'maxItems';

export interface EffectiveBound {
  /** Comparable number; ±Infinity when there is no bound. */
  order: number;
  /** What to show: the value as written, or the default it stands for; undefined for no bound. */
  shown: number | string | undefined;
  /** True when the constraint is unset and `shown` is the platform default. */
  isDefault: boolean;
}

/** The effective bound, or undefined when the value cannot be compared (malformed: the structural rules report it). */
export function effectiveBound(
  field: SchemaField | ListItems,
  constraint: BoundConstraint,
): EffectiveBound | undefined {
  const raw: unknown = field.constraints?.[constraint];
  if (raw === undefined || raw === null) return defaultBound(field, constraint);
  if (typeof raw === 'number' && Number.isFinite(raw)) return { order: raw, shown: raw, isDefault: false };
  // dateTime bounds are ISO-8601 strings (docs/api-contract.md), one without an offset read as UTC (instants.ts).
  if (typeof raw === 'string' && (constraint === 'min' || constraint === 'max')) {
    const time = instantOf(raw);
    return time === undefined ? undefined : { order: time, shown: raw, isDefault: false };
  }
  return undefined;
}

function defaultBound(field: SchemaField | ListItems, constraint: BoundConstraint): EffectiveBound {
  switch (constraint) {
    case 'maxLength': {
      const fallback = FIELD_TYPE_FACTS[field.fieldtype]?.defaultMaxLength;
      return fallback === undefined
        ? { order: Infinity, shown: undefined, isDefault: true }
        : { order: fallback, shown: fallback, isDefault: true };
    }
    case 'maxItems':
      return { order: DEFAULT_MAX_ITEMS, shown: DEFAULT_MAX_ITEMS, isDefault: true };
    case 'minLength':
    case 'minItems':
      return { order: 0, shown: 0, isDefault: true };
    case 'min':
      return { order: -Infinity, shown: undefined, isDefault: true };
    case 'max':
      return { order: Infinity, shown: undefined, isDefault: true };
  }
}

export function describeBound(bound: EffectiveBound, fieldtype: string): string {
  if (bound.shown === undefined) return 'none';
  return bound.isDefault ? `${bound.shown} (the ${fieldtype} default)` : String(bound.shown);
}
