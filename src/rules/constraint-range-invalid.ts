/**
 * CONSTRAINT_RANGE_INVALID: constraints that no value can satisfy, or that the platform refuses: a negative
 * length or item count, minLength over maxLength (written or default), min over max (numbers, or dateTimes in
 * time order), minItems over maxItems, maxItems over the platform's 1000.
 */
import { instantOf } from '../model/instants.js';
import { walkFields, type FieldNode } from './field-walk.js';
import { aFieldOf } from './field-type-words.js';
import {
  accepts,
  effectiveMaxItems,
  effectiveMaxLength,
  integerConstraint,
  numberConstraint,
} from './numeric-constraints.js';
import type { CheckedRule, RuleContext } from './rule.js';
import type { SchemaView } from './schema-view.js';

export const constraintRangeInvalid: CheckedRule = {
  id: 'CONSTRAINT_RANGE_INVALID',
  defaultSeverity: 'error',
  description:
    'Constraints no value can meet: minLength > maxLength, min > max, minItems > maxItems, negative lengths, maxItems over 1000.',
  example: `externalId: order
name: Order
fields:
  - name: quantity
    fieldtype: number
    constraints:
      min: 10
      max: 1
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        if (node.fieldtype === undefined || node.constraints === undefined) return;
        checkLengths(context, schema, node);
        checkBounds(context, schema, node);
        checkItems(context, schema, node);
      });
    }
  },
};

function checkLengths(context: RuleContext, schema: SchemaView, node: FieldNode): void {
  const report = (name: string, message: string, hint?: string): void =>
    context.report(schema.document, `${node.pointer}/constraints/${name}`, message, {
      field: node.path,
      ...(hint ? { hint } : {}),
    });
  const minLength = accepts(node, 'minLength') ? integerConstraint(node, 'minLength') : undefined;
  const maxLength = accepts(node, 'maxLength') ? integerConstraint(node, 'maxLength') : undefined;
  if (minLength !== undefined && minLength < 0) report('minLength', `minLength ${minLength} is negative`);
  if (maxLength !== undefined && maxLength < 0) report('maxLength', `maxLength ${maxLength} is negative`);
  const effective = effectiveMaxLength(node);
  if (minLength === undefined || effective === undefined || effective.value < 0 || minLength <= effective.value) return;
  if (effective.implicit) {
    report(
      'minLength',
      `minLength ${minLength} is over the default maxLength of ${aFieldOf(node.fieldtype ?? '')} (${effective.value})`,
      'set maxLength explicitly',
    );
  } else {
    report('minLength', `minLength ${minLength} is over maxLength ${effective.value}: no value can satisfy both`);
  }
}

function checkBounds(context: RuleContext, schema: SchemaView, node: FieldNode): void {
  if (!accepts(node, 'min') || !accepts(node, 'max')) return;
  let min: number | undefined;
  let max: number | undefined;
  if (node.fieldtype === 'number') {
    min = numberConstraint(node, 'min');
    max = numberConstraint(node, 'max');
  } else {
    // dateTime: ISO-8601 strings, compared as instants; SCHEMA_STRUCTURE reports a malformed one.
    min = instant(node.constraints?.['min']);
    max = instant(node.constraints?.['max']);
  }
  if (min === undefined || max === undefined || min <= max) return;
  context.report(
    schema.document,
    `${node.pointer}/constraints/min`,
    `min ${String(node.constraints?.['min'])} is after max ${String(node.constraints?.['max'])}: no value can satisfy both`,
    { field: node.path, hint: 'swap them, or fix the one that is wrong' },
  );
}

/** One without an offset is read as UTC (instants.ts): whether min is after max does not depend on the machine. */
function instant(value: unknown): number | undefined {
  return typeof value === 'string' ? instantOf(value) : undefined;
}

function checkItems(context: RuleContext, schema: SchemaView, node: FieldNode): void {
  if (node.fieldtype !== 'list') return;
  const report = (name: string, message: string, hint?: string): void =>
    context.report(schema.document, `${node.pointer}/constraints/${name}`, message, {
      field: node.path,
      ...(hint ? { hint } : {}),
    });
  const minItems = integerConstraint(node, 'minItems');
  const maxItems = integerConstraint(node, 'maxItems');
  const cap = schema.limits.maxListItems;
  if (minItems !== undefined && minItems < 0) report('minItems', `minItems ${minItems} is negative`);
  if (maxItems !== undefined && maxItems < 0) report('maxItems', `maxItems ${maxItems} is negative`);
  if (maxItems !== undefined && maxItems > cap) {
    report(
      'maxItems',
      `maxItems ${maxItems} is over the ${cap} items a list may have`,
      'lower maxItems (limits.maxListItems in the config if your org allows more)',
    );
  }
  const effective = effectiveMaxItems(node);
  if (minItems === undefined || effective === undefined || effective.value < 0 || minItems <= effective.value) return;
  if (effective.implicit) {
    report(
      'minItems',
      `minItems ${minItems} is over the default maxItems of a list (${effective.value})`,
      'set maxItems explicitly',
    );
  } else {
    report('minItems', `minItems ${minItems} is over maxItems ${effective.value}: no list can satisfy both`);
  }
}
