/**
 * The mapping between the file format's field model and the DataSchema coretypes (docs/families.md), both ways.
 *
 * Towards the platform, `toCoreField` gives every field its coretype form: our types where a counterpart exists
 * (string -> text, longText -> longtext, url, number, boolean -> checkbox, dateTime -> datetime, a string with an
 * enum -> enum, a list of short strings -> tag), a coretype named directly as itself, and a refusal, with the
 * reason, for a type or constraint no coretype can hold. Back from the platform, `fromCoreField` names a coretype
 * by our type where there is one, so a pulled file reads like a written one; identifier, date and integer stay
 * as they are. Plan and equality compare the coretype forms, so `string` in a file and `text` in the org agree.
 */
import { characterCount } from '../../model/characters.js';
import { disabledEnumValues } from '../../model/disabled-values.js';
import { explicitEnumTitles, explicitTitle } from '../../model/display-titles.js';
import type { HoldProblem } from '../family.js';
import {
  ALL_FIELD_TYPES,
  isListItems,
  isNativeCoreType,
  type FieldConstraints,
  type FieldType,
  type NativeCoreType,
  type SchemaField,
} from '../../model/schema.js';

/** The eleven coretypes. */
export const CORE_TYPES = [
  'text',
  'longtext',
  'url',
  'identifier',
  'enum',
  'date',
  'datetime',
  'integer',
  'number',
  'checkbox',
  'tag',
] as const;
export type CoreType = (typeof CORE_TYPES)[number];

/**
 * Every fieldtype is known on a DataSchema family, so that one without a coretype (email, reference, object...)
 * gets its own diagnostic, with what to use instead, rather than "unknown".
 */
export const DATA_SCHEMA_FIELD_TYPES: readonly FieldType[] = ALL_FIELD_TYPES;

/** Which constraints (in the file's terms) each coretype holds. */
const CORE_CONSTRAINTS: Readonly<Record<CoreType, readonly (keyof FieldConstraints)[]>> = {
  text: ['minLength', 'maxLength'],
  longtext: ['minLength', 'maxLength'],
  url: ['minLength', 'maxLength'],
  identifier: ['minLength', 'maxLength'],
  enum: ['enum'],
  date: [],
  datetime: [],
  integer: ['min', 'max'],
  number: ['min', 'max'],
  checkbox: [],
  tag: ['minItems', 'maxItems', 'minLength', 'maxLength'],
};

export type CoreFieldProblem = HoldProblem;

export type CoreFieldResult =
  { ok: true; field: SchemaField & { fieldtype: CoreType } } | { ok: false; problems: CoreFieldProblem[] };

/** A field in its coretype form, or why no coretype can hold it. */
export function toCoreField(field: SchemaField): CoreFieldResult {
  const constraints = definedConstraints(field.constraints);
  const coretype = coretypeFor(field.fieldtype, constraints);
  if (typeof coretype !== 'string') return { ok: false, problems: [coretype] };

  let held: FieldConstraints = constraints;
  if (field.fieldtype === 'list') {
    // A list of strings becomes a tag: the item bounds become each tag's bounds.
    const items = constraints.items;
    const itemConstraints = isListItems(items) ? definedConstraints(items.constraints) : {};
    const problems = unheld('tag', itemConstraints, ['minLength', 'maxLength'], 'a list item');
    if (problems.length > 0) return { ok: false, problems };
    held = { ...withoutKey(constraints, 'items'), ...itemConstraints };
  }
  const problems = unheld(coretype, held, CORE_CONSTRAINTS[coretype], field.fieldtype);
  if (problems.length === 0) problems.push(...outOfRange(coretype, held));
  if (coretype === 'enum') {
    const values = held.enum ?? [];
    if (values.length === 0)
      problems.push({
        kind: 'constraint',
        constraint: 'enum',
        message: 'an enum field needs at least one value',
        hint: 'list its values under constraints.enum',
      });
    if (values.some((value) => typeof value !== 'string')) {
      problems.push({
        kind: 'constraint',
        constraint: 'enum',
        message: 'enum values are text on this family',
        hint: 'write the values as strings',
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const core: SchemaField & { fieldtype: CoreType } = { name: field.name, fieldtype: coretype };
  const title = explicitTitle(field.title, field.name);
  if (title !== undefined) core.title = title;
  if (field.description !== undefined) core.description = field.description;
  if (field.required === true) core.required = true;
  if (Object.keys(held).length > 0) core.constraints = held;
  const enumTitles =
    coretype === 'enum' ? explicitEnumTitles({ constraints: held, enumTitles: field.enumTitles ?? {} }) : undefined;
  if (enumTitles !== undefined) core.enumTitles = enumTitles;
  const disabled = coretype === 'enum' ? disabledEnumValues({ constraints: held, ...disabledOf(field) }) : undefined;
  if (disabled !== undefined) core.disabledValues = disabled;
  return { ok: true, field: core };
}

function coretypeFor(fieldtype: FieldType, constraints: FieldConstraints): CoreType | CoreFieldProblem {
  if (isNativeCoreType(fieldtype)) return fieldtype;
  switch (fieldtype) {
    case 'string':
      return constraints.enum === undefined ? 'text' : 'enum';
    case 'longText':
      return 'longtext';
    case 'url':
      return 'url';
    case 'number':
      return 'number';
    case 'boolean':
      return 'checkbox';
    case 'dateTime':
      return 'datetime';
    case 'list': {
      const items = constraints.items;
      if (
        isListItems(items) &&
        (items.fieldtype === 'string' || items.fieldtype === 'text') &&
        definedConstraints(items.constraints).enum === undefined
      )
        return 'tag';
      const of = isListItems(items)
        ? `a list of ${items.fieldtype}${items.fieldtype === 'string' ? ' values with an enum' : ''}`
        : 'a list without items';
      return {
        kind: 'type',
        message: `${of} has no coretype: only a list of short strings can be held, as a tag`,
        hint: 'make it a list of string (a tag), or split it into fields',
      };
    }
    case 'email':
    case 'phone':
      return {
        kind: 'type',
        message: `${fieldtype} has no coretype`,
        hint: 'use text (fieldtype: string), which holds it without the platform checking its form',
      };
    case 'reference':
      return {
        kind: 'type',
        message: 'reference has no coretype: these schemas cannot reference another schema',
        hint: 'hold the referenced id as an identifier field',
      };
    case 'file':
      return { kind: 'type', message: 'file has no coretype', hint: 'hold a link to the file as a url field' };
    case 'object':
      return {
        kind: 'type',
        message: 'object has no coretype: these schemas have no nested fields',
        hint: 'flatten its fields into the schema, prefixing their names',
      };
    default:
      // A fieldtype cxschema does not know (FIELD_TYPE_UNKNOWN, which a config may turn off) has none either.
      return {
        kind: 'type',
        message: `${String(fieldtype)} has no coretype: it is not a fieldtype cxschema knows`,
        hint: 'use one of the fieldtypes in docs/file-format.md',
      };
  }
}

/**
 * The published caps of the coretypes (docs/targets.md "Coretypes"): the longest value (each tag's, for a tag),
 * and a tag's most items. An org's /coretypes may give text and longtext others (the family's limits read them).
 */
export const CORETYPE_MAX_LENGTH: Readonly<Partial<Record<CoreType, number>>> = {
  text: 100,
  longtext: 1000,
  url: 200,
  identifier: 100,
  tag: 100,
};
export const TAG_MAX_ITEMS = 10;

/**
 * The published ranges of the coretypes' validation values that the file format's own rules do not already hold
 * a file to: the largest maxLength and the largest maxItems are checked by STRING_LENGTH_LIMIT and
 * CONSTRAINT_RANGE_INVALID with the org's limits, and what no value can meet (min over max, a negative length) by
 * CONSTRAINT_RANGE_INVALID.
 */
const ENUM_VALUES_CAP = 50;
const ENUM_VALUE_LENGTH_CAP = 100;

function outOfRange(coretype: CoreType, held: FieldConstraints): CoreFieldProblem[] {
  const problems: CoreFieldProblem[] = [];
  const refuse = (constraint: keyof FieldConstraints, message: string, hint: string): void => {
    problems.push({ kind: 'constraint', constraint, message, hint, outOfRange: true });
  };
  const cap = CORETYPE_MAX_LENGTH[coretype];
  const what = coretype === 'tag' ? 'each tag of the tag coretype' : `the ${coretype} coretype`;
  if (cap !== undefined) {
    if (typeof held.maxLength === 'number' && held.maxLength < 1)
      refuse(
        'maxLength',
        `maxLength ${held.maxLength} is below ${what}'s range (1..${cap})`,
        'set maxLength to 1 or more, or leave it out',
      );
    if (typeof held.minLength === 'number' && held.minLength > cap)
      refuse(
        'minLength',
        `minLength ${held.minLength} is over ${what}'s range (0..${cap})`,
        `set minLength to ${cap} or less`,
      );
  }
  if (coretype === 'tag') {
    if (typeof held.minItems === 'number' && held.minItems > TAG_MAX_ITEMS)
      refuse(
        'minItems',
        `minItems ${held.minItems} is over the tag coretype's range (0..${TAG_MAX_ITEMS} tags)`,
        `set minItems to ${TAG_MAX_ITEMS} or less`,
      );
    if (typeof held.maxItems === 'number' && held.maxItems < 1)
      refuse(
        'maxItems',
        `maxItems ${held.maxItems} is below the tag coretype's range (1..${TAG_MAX_ITEMS} tags)`,
        'set maxItems to 1 or more, or leave it out',
      );
  }
  if (coretype === 'enum' && Array.isArray(held.enum)) {
    if (held.enum.length > ENUM_VALUES_CAP)
      refuse(
        'enum',
        `${held.enum.length} enum values are over the enum coretype's ${ENUM_VALUES_CAP}`,
        `keep at most ${ENUM_VALUES_CAP} values`,
      );
    // Characters as the platform counts them, code points: an emoji is one, not two UTF-16 units.
    const long = held.enum.find((value) => typeof value === 'string' && characterCount(value) > ENUM_VALUE_LENGTH_CAP);
    if (typeof long === 'string')
      refuse(
        'enum',
        `enum value "${[...long].slice(0, 20).join('')}…" is ${characterCount(long)} characters, over the enum coretype's ${ENUM_VALUE_LENGTH_CAP}`,
        `keep each value to ${ENUM_VALUE_LENGTH_CAP} characters`,
      );
  }
  if (coretype === 'integer') {
    for (const bound of ['min', 'max'] as const) {
      const value = held[bound];
      if (typeof value === 'number' && !Number.isInteger(value))
        refuse(
          bound,
          `${bound} ${value} is not a whole number, which the integer coretype's bounds are`,
          `write ${bound} as a whole number`,
        );
    }
  }
  return problems;
}

function unheld(
  coretype: CoreType,
  constraints: FieldConstraints,
  held: readonly (keyof FieldConstraints)[],
  what: string,
): CoreFieldProblem[] {
  const problems: CoreFieldProblem[] = [];
  for (const key of Object.keys(constraints) as (keyof FieldConstraints)[]) {
    if (held.includes(key)) continue;
    problems.push({
      kind: 'constraint',
      constraint: key,
      message: `${key} on ${what} cannot be held by the ${coretype} coretype`,
      hint:
        held.length === 0
          ? `the ${coretype} coretype takes no constraints: remove it`
          : `the ${coretype} coretype holds ${held.join(', ')}: remove ${key}`,
    });
  }
  return problems;
}

/** A coretype field back in the file's words: our type where one says the same thing. */
export function fromCoreField(core: SchemaField & { fieldtype: CoreType }): SchemaField {
  const constraints = definedConstraints(core.constraints);
  const field: SchemaField = { name: core.name, fieldtype: core.fieldtype };
  let own: FieldConstraints = constraints;
  switch (core.fieldtype) {
    case 'text':
      field.fieldtype = 'string';
      break;
    case 'longtext':
      field.fieldtype = 'longText';
      break;
    case 'enum':
      field.fieldtype = 'string';
      break;
    case 'checkbox':
      field.fieldtype = 'boolean';
      break;
    case 'datetime':
      field.fieldtype = 'dateTime';
      break;
    case 'tag': {
      field.fieldtype = 'list';
      const { minLength, maxLength, ...rest } = constraints;
      const itemConstraints: FieldConstraints = {};
      if (minLength !== undefined) itemConstraints.minLength = minLength;
      if (maxLength !== undefined) itemConstraints.maxLength = maxLength;
      own = {
        ...rest,
        items:
          Object.keys(itemConstraints).length === 0
            ? { fieldtype: 'string' }
            : { fieldtype: 'string', constraints: itemConstraints },
      };
      break;
    }
    default:
      // url, number: the same name; identifier, date, integer: no counterpart, kept as coretypes.
      break;
  }
  const title = explicitTitle(core.title, core.name);
  if (title !== undefined) field.title = title;
  if (core.description !== undefined) field.description = core.description;
  if (core.required === true) field.required = true;
  if (Object.keys(own).length > 0) field.constraints = own;
  const enumTitles = core.fieldtype === 'enum' ? explicitEnumTitles(core) : undefined;
  if (enumTitles !== undefined) field.enumTitles = enumTitles;
  const disabled = core.fieldtype === 'enum' ? disabledEnumValues(core) : undefined;
  if (disabled !== undefined) field.disabledValues = disabled;
  return field;
}

/** The field's `disabledValues` when it has a list, for a spread (strict optional properties take no undefined). */
function disabledOf(field: SchemaField): Pick<SchemaField, 'disabledValues'> {
  return field.disabledValues === undefined ? {} : { disabledValues: field.disabledValues };
}

export function isCoreType(value: unknown): value is CoreType {
  return typeof value === 'string' && (CORE_TYPES as readonly string[]).includes(value);
}

export type { NativeCoreType };

function definedConstraints(constraints: FieldConstraints | undefined): FieldConstraints {
  const result: FieldConstraints = {};
  for (const [key, value] of Object.entries(constraints ?? {})) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

function withoutKey(constraints: FieldConstraints, key: keyof FieldConstraints): FieldConstraints {
  const copy = { ...constraints };
  delete copy[key];
  return copy;
}
