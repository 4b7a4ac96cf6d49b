/**
 * One pair of versions for each compatibility rule a family can produce: the first version's fields, and the next
 * one's, whose only change is that rule. On custom objects they are the fixture pairs of the rule catalog
 * (test/fixtures/compat/<RULE_ID>/); the DataSchema families hold only their coretypes, so theirs are written here.
 */
import { COMPAT_RULE_IDS, type CompatRuleId } from '../../src/compat/index.js';
import type { Family } from '../../src/family/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import { loadFixture } from '../compat/compat-fixtures.js';

export interface BreakingChange {
  rule: CompatRuleId;
  before: SchemaField[];
  after: SchemaField[];
}

const text = (name: string, constraints?: SchemaField['constraints'], required?: true): SchemaField => ({
  name,
  fieldtype: 'string',
  ...(constraints === undefined ? {} : { constraints }),
  ...(required === undefined ? {} : { required }),
});
const tags = (constraints: SchemaField['constraints'] = {}): SchemaField => ({
  name: 'tags',
  fieldtype: 'list',
  constraints: { items: { fieldtype: 'string' }, ...constraints },
});
const count = (fieldtype: 'integer' | 'number', constraints: SchemaField['constraints'] = {}): SchemaField => ({
  name: 'quantity',
  fieldtype,
  constraints,
});

/** In the file's terms, each field one a coretype holds (docs/families.md). */
const ON_DATA_SCHEMA: Partial<Record<CompatRuleId, [SchemaField[], SchemaField[]]>> = {
  FIELD_TYPE_CHANGED: [[text('code')], [{ name: 'code', fieldtype: 'number' }]],
  REQUIRED_FIELD_REMOVED: [[text('orderid', undefined, true), text('note')], [text('note')]],
  FIELD_REMOVED: [[text('title'), text('nickname')], [text('title')]],
  REQUIRED_TO_OPTIONAL: [[text('email', undefined, true)], [text('email')]],
  OPTIONAL_TO_REQUIRED: [[text('email')], [text('email', undefined, true)]],
  REQUIRED_FIELD_ADDED: [[text('title')], [text('title'), text('region', undefined, true)]],
  MAX_LENGTH_DECREASED: [[text('title')], [text('title', { maxLength: 50 })]],
  MIN_LENGTH_INCREASED: [[text('code', { minLength: 1 })], [text('code', { minLength: 3 })]],
  MAX_DECREASED: [[count('integer', { max: 100 })], [count('integer', { max: 50 })]],
  MIN_INCREASED: [[count('number', { min: 0 })], [count('number', { min: 5 })]],
  MAX_ITEMS_DECREASED: [[tags()], [tags({ maxItems: 5 })]],
  ENUM_VALUE_REMOVED: [
    [text('tier', { enum: ['gold', 'silver', 'bronze'] })],
    [text('tier', { enum: ['gold', 'silver'] })],
  ],
  ENUM_VALUE_ADDED: [
    [text('tier', { enum: ['gold', 'silver'] })],
    [text('tier', { enum: ['gold', 'silver', 'bronze'] })],
  ],
  MAX_LENGTH_INCREASED: [[text('title', { maxLength: 50 })], [text('title')]],
  MIN_LENGTH_DECREASED: [[text('code', { minLength: 5 })], [text('code')]],
  MAX_INCREASED: [[count('number', { max: 10 })], [count('number')]],
  MIN_DECREASED: [[count('integer', { min: 0 })], [count('integer', { min: -10 })]],
  MAX_ITEMS_INCREASED: [[tags({ maxItems: 5 })], [tags()]],
  MIN_ITEMS_INCREASED: [[tags()], [tags({ minItems: 1 })]],
  MIN_ITEMS_DECREASED: [[tags({ minItems: 2 })], [tags({ minItems: 1 })]],
};

/**
 * The rules no pair of DataSchema versions produces, each because the catalog's own pair needs a field no coretype
 * holds (a pattern, a reference, a list of numbers: a tag's items are text and have no type of their own).
 */
export const NOT_ON_DATA_SCHEMA: readonly CompatRuleId[] = COMPAT_RULE_IDS.filter(
  (rule) => ON_DATA_SCHEMA[rule] === undefined,
);

/** Every rule the family can produce, with its pair. */
export function breakingChanges(family: Family): BreakingChange[] {
  if (family.api.kind === 'customobjects') {
    return COMPAT_RULE_IDS.map((rule) => {
      const { old, next } = loadFixture(rule);
      return { rule, before: old.fields, after: next.fields };
    });
  }
  return COMPAT_RULE_IDS.flatMap((rule) => {
    const pair = ON_DATA_SCHEMA[rule];
    return pair === undefined ? [] : [{ rule, before: pair[0], after: pair[1] }];
  });
}
