/**
 * One behaviour, twelve ids (as ajv's limitLength serves both maxLength and minLength): a numeric bound moved
 * between versions. Each line of the table names its constraint, which way it moved, the directions that breaks
 * and why it matters; the check is the same for all of them.
 */
import { FIELD_TYPE_FACTS } from '../../model/field-types.js';
import { defineCompatRule, type CompatDirection, type CompatRule } from '../compat-rule.js';
import { describeBound, effectiveBound, type BoundConstraint } from '../pair-readers/bounds.js';
import { sameTypePair } from '../pair-readers/same-type-pair.js';

interface BoundChange {
  description: string;
  breaks: readonly CompatDirection[];
  constraint: BoundConstraint;
  change: 'increased' | 'decreased';
  /** Why it matters, completing "<constraint> <change> from A to B: ...". */
  consequence: string;
}

const BOUND_CHANGES = {
  MAX_LENGTH_DECREASED: {
    description: 'maxLength decreased (an unset maxLength counts as the type default).',
    breaks: ['BACKWARD'],
    constraint: 'maxLength',
    change: 'decreased',
    consequence: 'stored values longer than the new maximum would no longer be valid',
  },
  MAX_LENGTH_INCREASED: {
    description: 'maxLength increased (an unset maxLength counts as the type default).',
    breaks: ['FORWARD'],
    constraint: 'maxLength',
    change: 'increased',
    consequence: 'new values may be longer than consumers on the old version accept',
  },
  MIN_LENGTH_INCREASED: {
    description: 'minLength increased (an unset minLength counts as 0).',
    breaks: ['BACKWARD'],
    constraint: 'minLength',
    change: 'increased',
    consequence: 'stored values shorter than the new minimum would no longer be valid',
  },
  MIN_LENGTH_DECREASED: {
    description: 'minLength decreased or removed.',
    breaks: ['FORWARD'],
    constraint: 'minLength',
    change: 'decreased',
    consequence: 'new values may be shorter than consumers on the old version accept',
  },
  MAX_DECREASED: {
    description: 'max decreased or added (number, dateTime).',
    breaks: ['BACKWARD'],
    constraint: 'max',
    change: 'decreased',
    consequence: 'stored values above the new maximum would no longer be valid',
  },
  MAX_INCREASED: {
    description: 'max increased or removed (number, dateTime).',
    breaks: ['FORWARD'],
    constraint: 'max',
    change: 'increased',
    consequence: 'new values may be above what consumers on the old version accept',
  },
  MIN_INCREASED: {
    description: 'min increased or added (number, dateTime).',
    breaks: ['BACKWARD'],
    constraint: 'min',
    change: 'increased',
    consequence: 'stored values below the new minimum would no longer be valid',
  },
  MIN_DECREASED: {
    description: 'min decreased or removed (number, dateTime).',
    breaks: ['FORWARD'],
    constraint: 'min',
    change: 'decreased',
    consequence: 'new values may be below what consumers on the old version accept',
  },
  MAX_ITEMS_DECREASED: {
    description: "A list's maxItems decreased (an unset maxItems counts as 100).",
    breaks: ['BACKWARD'],
    constraint: 'maxItems',
    change: 'decreased',
    consequence: 'stored lists longer than the new maximum would no longer be valid',
  },
  MAX_ITEMS_INCREASED: {
    description: "A list's maxItems increased (an unset maxItems counts as 100).",
    breaks: ['FORWARD'],
    constraint: 'maxItems',
    change: 'increased',
    consequence: 'new lists may be longer than consumers on the old version accept',
  },
  MIN_ITEMS_INCREASED: {
    description: "A list's minItems increased (an unset minItems counts as 0).",
    breaks: ['BACKWARD'],
    constraint: 'minItems',
    change: 'increased',
    consequence: 'stored lists shorter than the new minimum would no longer be valid',
  },
  MIN_ITEMS_DECREASED: {
    description: "A list's minItems decreased or removed.",
    breaks: ['FORWARD'],
    constraint: 'minItems',
    change: 'decreased',
    consequence: 'new lists may be shorter than consumers on the old version accept',
  },
} as const satisfies Record<string, BoundChange>;

export type BoundChangeRuleId = keyof typeof BOUND_CHANGES;

/** Every id of the table, for the registry's test to check that each is registered. */
export const BOUND_CHANGE_RULE_IDS = Object.keys(BOUND_CHANGES) as BoundChangeRuleId[];

/** The rule of one line of the table. */
export function boundChangeRule<Id extends BoundChangeRuleId>(id: Id): CompatRule<Id> {
  const { description, breaks, constraint, change, consequence }: BoundChange = BOUND_CHANGES[id];
  return defineCompatRule({
    id,
    description,
    breaks,
    detect(pair) {
      const both = sameTypePair(pair);
      if (both === undefined) return undefined;
      const facts = FIELD_TYPE_FACTS[both.before.fieldtype];
      if (facts === undefined || !facts.constraints.includes(constraint)) return undefined;
      const before = effectiveBound(both.before, constraint);
      const after = effectiveBound(both.after, constraint);
      if (before === undefined || after === undefined) return undefined;
      const moved = change === 'decreased' ? after.order < before.order : after.order > before.order;
      if (!moved) return undefined;
      const type = both.before.fieldtype;
      return {
        before: before.shown,
        after: after.shown,
        message: `${constraint} ${change} from ${describeBound(before, type)} to ${describeBound(after, type)}: ${consequence}`,
      };
    },
  });
}
