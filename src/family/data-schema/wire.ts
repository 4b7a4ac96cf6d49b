/**
 * The DataSchema wire body (docs/targets.md "The DataSchema body") made from a schema in the domain's shape,
 * and back. Identity: the DataSchema `name` is the file's `name`, and the file's externalId is that name's
 * identifier form (identity.ts); `jsonSchema.title` is the schema's title (its name when it has none). Each field is
 * a property keyed `<name>_<coretype>`, typed by `allOf: [{"$ref": "#/definitions/<coretype>"}]`, titled with the
 * field's title (its name when it has none), each enum value with its title (the value when it has none) and
 * `_disabled` true for a value the field lists in `disabledValues`.
 */
import type { FieldConstraints, RemoteSchema, SchemaField, SchemaWriteBody } from '../../model/schema.js';
import { fromCoreField, isCoreType, toCoreField, type CoreType } from './core-fields.js';
import { identityOfName } from './identity.js';
import { explicitTitle } from '../../model/display-titles.js';

export interface DataSchemaBody {
  id?: string;
  name: string;
  version: number;
  appliesTo: string[];
  enabled: boolean;
  jsonSchema: {
    $schema: string;
    title: string;
    description?: string;
    type: 'object';
    required?: string[];
    properties: Record<string, Record<string, unknown>>;
  };
}

const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-04/schema#';

/** The body of a POST or PUT. Throws for a field no coretype holds: validate refuses those before anything is sent. */
export function toDataSchemaBody(body: SchemaWriteBody, appliesTo: string): DataSchemaBody {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  for (const field of body.fields) {
    const core = toCoreField(field);
    if (!core.ok) throw new TypeError(`field ${field.name}: ${core.problems.map((p) => p.message).join('; ')}`);
    const key = propertyKey(core.field.name, core.field.fieldtype);
    properties[key] = propertyOf(core.field);
    if (core.field.required === true) required.push(key);
  }
  const jsonSchema: DataSchemaBody['jsonSchema'] = {
    $schema: JSON_SCHEMA_DRAFT,
    title: body.title ?? body.name,
    type: 'object',
    // Draft-04, which `$schema` names, has `required` hold at least one key: an empty list is left out, as the
    // platform's own example leaves it out of a schema with nothing required (docs/targets.md).
    ...(required.length > 0 ? { required } : {}),
    properties,
  };
  if (body.description !== undefined) jsonSchema.description = body.description;
  return {
    name: body.name,
    version: body.version,
    appliesTo: [appliesTo],
    enabled: body.status !== 'DEPRECATED',
    jsonSchema,
  };
}

export function propertyKey(name: string, coretype: CoreType): string {
  return `${name}_${coretype}`;
}

/**
 * The key a record's `customFields` hold a field's value under: the field's property key, as the body above
 * writes it (docs/targets.md "Records"); undefined for a field no coretype holds, which has no property.
 */
export function recordKeyOf(field: SchemaField): string | undefined {
  const core = toCoreField(field);
  return core.ok ? propertyKey(core.field.name, core.field.fieldtype) : undefined;
}

function propertyOf(field: SchemaField & { fieldtype: CoreType }): Record<string, unknown> {
  const c: FieldConstraints = field.constraints ?? {};
  const property: Record<string, unknown> = {
    allOf: [{ $ref: `#/definitions/${field.fieldtype}` }],
    title: field.title ?? field.name,
  };
  if (field.description !== undefined) property['description'] = field.description;
  switch (field.fieldtype) {
    case 'enum': {
      const values = (c.enum ?? []).map(String);
      const disabled = new Set(field.disabledValues ?? []);
      property['enum'] = values;
      property['_enumProperties'] = Object.fromEntries(
        // Own keys only: a value named `constructor` or `toString` must not read a title off Object.prototype.
        values.map((value) => [
          value,
          { title: ownString(field.enumTitles, value) ?? value, _disabled: disabled.has(value) },
        ]),
      );
      break;
    }
    case 'integer':
    case 'number':
      if (c.min !== undefined) property['minimum'] = c.min;
      if (c.max !== undefined) property['maximum'] = c.max;
      break;
    case 'tag': {
      if (c.minItems !== undefined) property['minItems'] = c.minItems;
      if (c.maxItems !== undefined) property['maxItems'] = c.maxItems;
      property['uniqueItems'] = true;
      const items: Record<string, number> = {};
      if (c.minLength !== undefined) items['minLength'] = c.minLength;
      if (c.maxLength !== undefined) items['maxLength'] = c.maxLength;
      property['items'] = items;
      break;
    }
    default:
      if (c.minLength !== undefined) property['minLength'] = c.minLength;
      if (c.maxLength !== undefined) property['maxLength'] = c.maxLength;
  }
  return property;
}

/**
 * A DataSchema as the domain's RemoteSchema; undefined for a deleted one (a soft-deleted workitem schema counts
 * as absent) or a body that is not a DataSchema. Properties that name no coretype are kept out: cxschema
 * cannot manage them, and leaves the schema's other fields to plan.
 */
export function fromDataSchemaBody(resource: unknown): RemoteSchema | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const body = resource as Record<string, unknown>;
  if (body['deleted'] === true) return undefined;
  if (unreadableDataSchema(body) !== undefined) return undefined;
  if (typeof body['name'] !== 'string' || typeof body['version'] !== 'number') return undefined;
  const jsonSchema = body['jsonSchema'] as Record<string, unknown>;
  const required = new Set(
    Array.isArray(jsonSchema['required'])
      ? jsonSchema['required'].filter((key): key is string => typeof key === 'string')
      : [],
  );
  const properties = (
    typeof jsonSchema['properties'] === 'object' && jsonSchema['properties'] !== null ? jsonSchema['properties'] : {}
  ) as Record<string, unknown>;
  const fields: SchemaField[] = [];
  const unread: string[] = [];
  const readDifferently: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const field = fieldOf(key, value, required.has(key));
    if (field === undefined) unread.push(`${clipped(key)} (${unreadShape(value)})`);
    else fields.push(field);
    // cxschema writes a tag's items unique: one whose items may repeat is not what any file describes. The field is
    // read all the same, so it is not left out of a pulled file: it is in it, unlike the org's.
    if (
      field !== undefined &&
      coretypeOf(value as Record<string, unknown>) === 'tag' &&
      (value as Record<string, unknown>)['uniqueItems'] !== true
    ) {
      const entry = `${clipped(key)} (a tag whose items may repeat)`;
      unread.push(entry);
      readDifferently.push(entry);
    }
  }
  const dateCreated = typeof body['dateCreated'] === 'string' ? body['dateCreated'] : '';
  const remote: RemoteSchema = {
    id: typeof body['id'] === 'string' ? body['id'] : '',
    externalId: identityOfName(body['name']),
    name: body['name'],
    version: body['version'],
    status: body['enabled'] === false ? 'DEPRECATED' : 'PUBLISHED',
    fields,
    dateCreated,
    dateModified: dateCreated,
    selfUri: typeof body['selfUri'] === 'string' ? body['selfUri'] : '',
  };
  if (unread.length > 0) remote.unread = unread;
  if (readDifferently.length > 0) remote.readDifferently = readDifferently;
  const title = typeof jsonSchema['title'] === 'string' ? explicitTitle(jsonSchema['title'], body['name']) : undefined;
  if (title !== undefined) remote.title = title;
  if (typeof jsonSchema['description'] === 'string' && jsonSchema['description'] !== '')
    remote.description = jsonSchema['description'];
  return remote;
}

/**
 * Why a served DataSchema (not a deleted one) is not one cxschema can read: what it lacks, in a few words; undefined
 * when it can be read. A schema read without its jsonSchema, or with `properties` or `required` of another kind,
 * would be read as having no fields, or none required, and a write from a file would then take the org's away
 * unseen: so it is no schema, and the caller says which one and why. What the model leaves optional
 * (`properties`, `required`, `description`, null or absent) and what cxschema does not read (`createdBy`,
 * `additionalProperties`, keys it does not know) are no reason.
 */
export function unreadableDataSchema(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return 'an entry that is no object';
  const body = resource as Record<string, unknown>;
  if (typeof body['name'] !== 'string') return `a name that is ${shapeOf(body['name'])}`;
  const version = body['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    return `a version that is ${shapeOf(version)}, not a whole number of 1 or more`;
  const jsonSchema = body['jsonSchema'];
  if (!isRecord(jsonSchema)) return `a jsonSchema that is ${shapeOf(jsonSchema)}`;
  const properties = jsonSchema['properties'];
  if (properties !== undefined && properties !== null && !isRecord(properties))
    return `jsonSchema.properties that is ${shapeOf(properties)}, not an object`;
  const required = jsonSchema['required'];
  if (required !== undefined && required !== null && !Array.isArray(required))
    return `jsonSchema.required that is ${shapeOf(required)}, not a list`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value in a few words, never its whole text. */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fieldOf(key: string, value: unknown, required: boolean): SchemaField | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property = value as Record<string, unknown>;
  const coretype = coretypeOf(property);
  if (coretype === undefined || !key.endsWith(`_${coretype}`)) return undefined;
  const name = key.slice(0, -(coretype.length + 1));
  const constraints: FieldConstraints = {};
  let enumTitles: Record<string, string> = {};
  let disabledValues: string[] = [];
  const number = (name: string): number | undefined =>
    typeof property[name] === 'number' ? property[name] : undefined;
  switch (coretype) {
    case 'enum':
      if (Array.isArray(property['enum']))
        constraints.enum = property['enum'].filter((v): v is string => typeof v === 'string');
      enumTitles = enumTitlesOf(property['_enumProperties']);
      disabledValues = disabledValuesOf(property['_enumProperties']);
      break;
    case 'integer':
    case 'number':
      if (number('minimum') !== undefined) constraints.min = number('minimum')!;
      if (number('maximum') !== undefined) constraints.max = number('maximum')!;
      break;
    case 'tag': {
      if (number('minItems') !== undefined) constraints.minItems = number('minItems')!;
      if (number('maxItems') !== undefined) constraints.maxItems = number('maxItems')!;
      const items = (
        typeof property['items'] === 'object' && property['items'] !== null ? property['items'] : {}
      ) as Record<string, unknown>;
      if (typeof items['minLength'] === 'number') constraints.minLength = items['minLength'];
      if (typeof items['maxLength'] === 'number') constraints.maxLength = items['maxLength'];
      break;
    }
    case 'date':
    case 'datetime':
    case 'checkbox':
      break;
    default:
      if (number('minLength') !== undefined) constraints.minLength = number('minLength')!;
      if (number('maxLength') !== undefined) constraints.maxLength = number('maxLength')!;
  }
  const core: SchemaField & { fieldtype: CoreType } = { name, fieldtype: coretype };
  if (typeof property['title'] === 'string') core.title = property['title'];
  if (typeof property['description'] === 'string' && property['description'] !== '')
    core.description = property['description'];
  if (required) core.required = true;
  if (Object.keys(constraints).length > 0) core.constraints = constraints;
  if (Object.keys(enumTitles).length > 0) core.enumTitles = enumTitles;
  if (disabledValues.length > 0) core.disabledValues = disabledValues;
  // fromCoreField keeps only the titles that differ from their defaults, and the disabled values of the enum.
  return fromCoreField(core);
}

/** The title of each enum value from `_enumProperties` (`{"<value>": {"title": ..., "_disabled": ...}}`). */
function enumTitlesOf(enumProperties: unknown): Record<string, string> {
  if (typeof enumProperties !== 'object' || enumProperties === null) return {};
  const titles: Array<[string, string]> = [];
  for (const [value, entry] of Object.entries(enumProperties)) {
    const title = (entry as Record<string, unknown> | null)?.['title'];
    if (typeof title === 'string') titles.push([value, title]);
  }
  // fromEntries defines each key, so a value named `__proto__` stays a key rather than setting the prototype.
  return Object.fromEntries(titles);
}

/** The enum values whose `_enumProperties` entry says `"_disabled": true`; anything else is an enabled value. */
function disabledValuesOf(enumProperties: unknown): string[] {
  if (typeof enumProperties !== 'object' || enumProperties === null) return [];
  return Object.entries(enumProperties)
    .filter(([, entry]) => (entry as Record<string, unknown> | null)?.['_disabled'] === true)
    .map(([value]) => value);
}

/** `record[key]` when it is the record's own string, never an inherited member such as `constructor`. */
function ownString(record: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  if (record === undefined || !Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The org's text (a property key, a `$ref`) as an `unread` entry names it: its first 100 code points, well-formed.
 * Cut by UTF-16 units, a key could end in half a surrogate pair; and a lone surrogate, which a key may hold, is
 * written to a file as U+FFFD, so a pulled file that quoted it would never again read as what a pull writes.
 */
function clipped(text: string): string {
  return [...text]
    .slice(0, 100)
    .join('')
    .replace(/\p{Cs}/gu, '\uFFFD');
}

/** What a property that names no coretype cxschema knows is, in a few words: its `$ref` when it has one. */
function unreadShape(value: unknown): string {
  const allOf = (value as { allOf?: unknown } | null)?.allOf;
  const ref = Array.isArray(allOf) ? (allOf[0] as { $ref?: unknown } | null)?.$ref : undefined;
  return typeof ref === 'string' ? `$ref ${clipped(ref)}` : 'no coretype cxschema reads';
}

function coretypeOf(property: Record<string, unknown>): CoreType | undefined {
  const allOf = property['allOf'];
  if (!Array.isArray(allOf) || allOf.length !== 1) return undefined;
  const ref = (allOf[0] as Record<string, unknown> | null)?.['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return undefined;
  const name = ref.slice('#/definitions/'.length);
  return isCoreType(name) ? name : undefined;
}
