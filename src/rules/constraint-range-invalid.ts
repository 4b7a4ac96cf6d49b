/**
 * CONSTRAINT_RANGE_INVALID: constraints that no value can satisfy, or that the platform refuses: a negative
 * length or item count, minLength over maxLength (written or default), min over max (numbers, or dateTimes in
 * time order), minItems over maxItems, maxItems over the platform's 1000, a dateTime bound that is not in the
 * calendar (2023-02-29, month 13, hour 25).
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
import { ISO_DATE_TIME_PATTERN } from '../model/file-format.js';
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
    // dateTime: ISO-8601 strings, compared as instants; SCHEMA_STRUCTURE reports a malformed one. Its pattern
    // checks the shape only, and Date.parse rolls 2023-02-29 over to March 1st: a bound off the calendar is
    // told here, and not compared.
    let offCalendar = false;
    for (const name of ['min', 'max'] as const) {
      const value = node.constraints?.[name];
      const problem = typeof value === 'string' ? calendarProblem(value) : undefined;
      if (problem === undefined) continue;
      offCalendar = true;
      context.report(schema.document, `${node.pointer}/constraints/${name}`, `${name} ${value as string} ${problem}`, {
        field: node.path,
        hint: 'write a date of the calendar, e.g. 2024-01-31 or 2024-01-31T12:00:00Z',
      });
    }
    if (offCalendar) return;
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

const ISO_DATE_TIME = new RegExp(ISO_DATE_TIME_PATTERN);
const ISO_PARTS = /^([+-]?\d+)-(\d+)-(\d+)(?:T(\d+):(\d+)(?::(\d+)(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Why an ISO-8601 date or date-time of the right shape names no moment (RFC 3339's ranges), or undefined. */
function calendarProblem(value: string): string | undefined {
  if (!ISO_DATE_TIME.test(value)) return undefined;
  const parts = ISO_PARTS.exec(value);
  if (parts === null) return undefined;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (month! < 1 || month! > 12) return `is not a date: there is no month ${month}`;
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1]!;
  if (day! < 1) return `is not a date: there is no day ${day}`;
  if (day! > days) {
    const which = month === 2 ? `February ${year}` : MONTHS[month! - 1]!;
    return `is not a date: ${which} has ${days} days`;
  }
  if (hour !== undefined && hour > 23) return `is not a time of day: there is no hour ${hour}`;
  if (minute !== undefined && minute > 59) return `is not a time of day: there is no minute ${minute}`;
  if (second !== undefined && second > 59) return `is not a time of day: there is no second ${second}`;
  if ((offsetHour !== undefined && offsetHour > 23) || (offsetMinute !== undefined && offsetMinute > 59))
    return 'is not a time of day: its offset from UTC is out of range';
  return undefined;
}

/**
 * One without an offset is read as UTC (instants.ts): whether min is after max does not depend on the machine. A
 * text of another shape is SCHEMA_STRUCTURE's to report (JavaScript would read `202401-01-01` as a far year).
 */
function instant(value: unknown): number | undefined {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) ? instantOf(value) : undefined;
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
