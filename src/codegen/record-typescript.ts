/**
 * TypeScript record types: one module per schema with its record interface and its id type, an index that
 * re-exports them all, and a module for the shapes every schema shares. Required fields are required
 * properties, enums are unions of literals, objects and lists nest, a reference is the referenced record's id
 * type, and each property carries its description and constraints as a doc comment.
 */
import { GENERATED_HEADER } from './generated-marks.js';
import type { Family, FieldDefaults } from '../family/index.js';
import {
  isListItems,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type SchemaDefinition,
  type SchemaField,
} from '../model/schema.js';
import { familyOfSchema, recordKeyOf, type FamilyOf } from './generation-problems.js';
import { assignTypeNames, type TypeNames } from './type-names.js';

export interface GeneratedFile {
  /** Relative to the output folder. */
  path: string;
  text: string;
}

export const SHARED_MODULE = 'cxschema-types';

/** The barrel that re-exports every schema's types. */
const INDEX_MODULE = 'index';

/**
 * A schema's module: its externalId, but for a schema whose externalId is the barrel's name, which gets
 * `index-schema` (a `-` is in no externalId, so no other schema's module can take that name either).
 */
function schemaModuleName(externalId: string): string {
  return externalId === INDEX_MODULE ? `${INDEX_MODULE}-schema` : externalId;
}

const HEADER = GENERATED_HEADER;

/**
 * `familyOf` gives each schema the family it is deployed to, which keys its records (docs/codegen.md "How a record
 * is keyed") and gives the bounds its doc comments state where the file sets none; by default the file's own
 * `target`, or custom objects.
 */
export function recordTypeScript(
  schemas: readonly SchemaDefinition[],
  familyOf: FamilyOf = familyOfSchema,
): GeneratedFile[] {
  const names = assignTypeNames(schemas.map((schema) => schema.externalId));
  const files: GeneratedFile[] = [{ path: `${SHARED_MODULE}.ts`, text: sharedModule() }];
  const sorted = [...schemas].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  for (const schema of sorted)
    files.push({
      path: `${schemaModuleName(schema.externalId)}.ts`,
      text: schemaModule(schema, names, familyOf(schema)),
    });
  const index = sorted.map((schema) => {
    const { record, id } = names.get(schema.externalId)!;
    return `export type { ${record}, ${id} } from './${schemaModuleName(schema.externalId)}.js';\n`;
  });
  files.push({
    path: `${INDEX_MODULE}.ts`,
    text: HEADER + `export type { FileReference } from './${SHARED_MODULE}.js';\n` + index.join(''),
  });
  return files;
}

function sharedModule(): string {
  return (
    HEADER +
    "\n/** A file field's value: the stored file's id and its name. */\n" +
    'export interface FileReference {\n  id: string;\n  name: string;\n}\n'
  );
}

function schemaModule(schema: SchemaDefinition, names: ReadonlyMap<string, TypeNames>, family: Family): string {
  const own = names.get(schema.externalId)!;
  const context: Context = {
    names,
    own: schema.externalId,
    imports: new Set(),
    usesFile: false,
    defaults: family.fieldDefaults,
  };
  const body = objectBody(schema.fields, context, '', (field) => recordKeyOf(field, family));
  const lines = [HEADER];
  if (context.usesFile) lines.push(`import type { FileReference } from './${SHARED_MODULE}.js';`);
  for (const target of [...context.imports].sort())
    lines.push(`import type { ${names.get(target)!.id} } from './${schemaModuleName(target)}.js';`);
  if (lines.length > 1) lines.push('');
  lines.push(
    // Through docComment like every text from the file: a name holding `*/` would end the comment early.
    ...docComment([`The id of a ${schema.name} record (schema \`${schema.externalId}\`).`], ''),
    `export type ${own.id} = string & { readonly __schema?: '${schema.externalId}' };`,
    '',
    ...docComment(
      [
        schema.name + (schema.description === undefined ? '' : `: ${schema.description}`),
        `Schema \`${schema.externalId}\`.`,
        ...(family.api.kind === 'dataschema'
          ? ["The record's `customFields`, each keyed `<name>_<coretype>` as the platform keys it."]
          : []),
      ],
      '',
    ),
    `export interface ${own.record} ${body}`,
  );
  return lines.join('\n') + '\n';
}

interface Context {
  names: ReadonlyMap<string, TypeNames>;
  own: string;
  imports: Set<string>;
  usesFile: boolean;
  defaults: FieldDefaults;
}

/** An object type whose properties are keyed by `keyOf`: a nested object's by the fields' names. */
function objectBody(
  fields: readonly SchemaField[],
  context: Context,
  indent: string,
  keyOf: (field: SchemaField) => string = (field) => field.name,
): string {
  if (fields.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = ['{'];
  for (const field of fields) {
    lines.push(...docComment(fieldNotes(field, context.defaults), inner));
    const optional = field.required === true ? '' : '?';
    lines.push(`${inner}${keyOf(field)}${optional}: ${valueType(field.fieldtype, field.constraints, context, inner)};`);
  }
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function valueType(fieldtype: FieldType, constraints: FieldConstraints = {}, context: Context, indent: string): string {
  switch (fieldtype) {
    case 'text':
    case 'longtext':
    case 'identifier':
    case 'date':
    case 'datetime':
      return 'string';
    case 'enum':
      return constraints.enum === undefined ? 'string' : literalUnion(constraints.enum);
    case 'integer':
      return 'number';
    case 'checkbox':
      return 'boolean';
    case 'tag':
      return 'string[]';
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'longText':
      return constraints.enum === undefined ? 'string' : literalUnion(constraints.enum);
    case 'dateTime':
      return 'string';
    case 'number':
      return constraints.enum === undefined ? 'number' : literalUnion(constraints.enum);
    case 'boolean':
      return 'boolean';
    case 'reference': {
      const target = constraints.referencedType;
      const names = target === undefined ? undefined : context.names.get(target);
      if (target === undefined || names === undefined) return 'string';
      if (target !== context.own) context.imports.add(target);
      return names.id;
    }
    case 'file':
      context.usesFile = true;
      return 'FileReference';
    case 'list': {
      const items = constraints.items;
      if (!isListItems(items)) return 'unknown[]';
      const element = valueType(items.fieldtype, items.constraints, context, indent);
      return /^[A-Za-z0-9_]+$/.test(element) ? `${element}[]` : `Array<${element}>`;
    }
    case 'object': {
      const items = constraints.items;
      return objectBody(isObjectItems(items) ? items.fields : [], context, indent);
    }
  }
}

/** An empty enum (ENUM_INVALID lowered from error) holds no value: `never`, which only an absent field has. */
function literalUnion(values: ReadonlyArray<string | number>): string {
  if (values.length === 0) return 'never';
  return values.map((value) => (typeof value === 'string' ? quote(value) : String(value))).join(' | ');
}

/**
 * A string literal of exactly the text. What is not visible text is written as an escape, which TypeScript reads
 * as the same value: a control character (a NUL makes git take the file for binary, an ESC reaches the terminal of
 * whoever prints the file), a format character (a right-to-left override shows the code after it reordered, a
 * zero-width one shows nothing), a line or paragraph separator, and a lone surrogate, which UTF-8 cannot hold: the
 * file would get U+FFFD, a literal of another value.
 */
function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replace(UNPRINTABLE, escapeChar)}'`;
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** What a reader of the type needs to know that the type itself cannot say: the constraints, in words. */
function fieldNotes(field: SchemaField, defaults: FieldDefaults): string[] {
  const notes: string[] = [];
  if (field.description !== undefined) notes.push(field.description);
  const rules = constraintNotes(field.fieldtype, field.constraints ?? {}, defaults);
  if (rules.length > 0) notes.push(rules.join('; ') + '.');
  return notes;
}

function constraintNotes(fieldtype: FieldType, c: FieldConstraints, defaults: FieldDefaults): string[] {
  const notes: string[] = [];
  const defaultMax = defaults.maxLength(fieldtype);
  // A tag's lengths are each tag's, as a list's items' are each item's.
  const each = fieldtype === 'tag' ? 'each ' : '';
  if (c.minLength !== undefined) notes.push(`${each}minLength ${c.minLength}`);
  if (c.maxLength !== undefined)
    notes.push(fieldtype === 'file' ? `name at most ${c.maxLength} bytes` : `${each}maxLength ${c.maxLength}`);
  else if (defaultMax !== undefined) notes.push(`${each}maxLength ${defaultMax} (the default)`);
  if (c.pattern !== undefined) notes.push(`pattern \`${c.pattern}\``);
  if (c.min !== undefined) notes.push(`min ${String(c.min)}`);
  if (c.max !== undefined) notes.push(`max ${String(c.max)}`);
  if (fieldtype === 'dateTime') notes.push('an ISO-8601 date-time');
  if (fieldtype === 'email') notes.push('an email address');
  if (fieldtype === 'url') notes.push('a URL');
  if (fieldtype === 'reference' && c.referencedType !== undefined) notes.push(`the id of a \`${c.referencedType}\``);
  if (fieldtype === 'list' || fieldtype === 'tag') {
    if (c.minItems !== undefined) notes.push(`minItems ${c.minItems}`);
    notes.push(c.maxItems !== undefined ? `maxItems ${c.maxItems}` : `maxItems ${defaults.maxItems} (the default)`);
    if (defaults.uniqueItems) notes.push('items distinct');
    if (fieldtype === 'list' && isListItems(c.items))
      notes.push(
        ...constraintNotes(c.items.fieldtype, c.items.constraints ?? {}, defaults).map((note) => `each ${note}`),
      );
  }
  return notes;
}

/**
 * A comment holds text as written, but for `*\/`, which would end it, and what a reader would not see as written: a
 * control character (a tab aside), a bidirectional control (Trojan Source: the code after it shown reordered) and a
 * lone surrogate (which UTF-8 cannot hold) are shown as their escapes. A `\r`, a U+2028 or a U+2029 starts a line.
 */
function docComment(lines: readonly string[], indent: string): string[] {
  const text = lines
    .flatMap((line) => line.split(/\r\n|[\n\r\u2028\u2029]/))
    .map((line) => line.replaceAll('*/', '*\\/').replace(UNSEEN_IN_COMMENT, escapeChar));
  if (text.length === 0) return [];
  if (text.length === 1) return [`${indent}/** ${text[0]} */`];
  return [`${indent}/**`, ...text.map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

const UNSEEN_IN_COMMENT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\p{Cs}]/gu;
