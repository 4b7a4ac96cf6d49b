/**
 * What makes a DataSchema request body valid (docs/targets.md "The DataSchema body"): its structure, the
 * `<name>_<coretype>` keys typed by `allOf`, titles and descriptions within the family's /limits, and each
 * property's validation fields within its coretype's ranges. Every problem is `dynamic.schema.invalid` with the
 * path of the value at fault; the checks go on after a problem so that one answer lists them all. Every property is
 * read as the body's own (`own`): one the body lacks is absent, even in a process whose Object.prototype has
 * gained one of that name.
 */
import type { Problem } from '../error-body.js';
import type { CoretypeFacts, Range } from './coretypes.js';
import { coretype, splitPropertyKey } from './coretypes.js';
import type { Family } from './families.js';
import type { SchemaQuantityLimits } from './quantity-limits.js';

export const INVALID = 'dynamic.schema.invalid';

/** What a valid body is kept as: the parts the store serves back. */
export interface DataSchemaWrite {
  name: string;
  version: number;
  appliesTo: string[];
  enabled: boolean;
  jsonSchema: Record<string, unknown>;
}

/** Read-only properties of the resource: accepted in a body (a client may send back what it read) and ignored. */
const READ_ONLY = new Set(['id', 'dateCreated', 'createdBy', 'selfUri', 'deleted']);
const TOP_LEVEL = new Set(['name', 'version', 'appliesTo', 'enabled', 'jsonSchema', ...READ_ONLY]);
const JSON_SCHEMA_KEYS = new Set([
  'id',
  '$schema',
  'title',
  'description',
  'type',
  'required',
  'properties',
  'additionalProperties',
]);
const NAME_PART = /^[A-Za-z][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A property the object itself holds, else undefined: never one inherited from Object.prototype. Allocates
 * nothing, and asks whether the property is the object's own only when the look-up found a value.
 */
function own(object: Json, key: string): unknown {
  const value = object[key];
  return value === undefined || Object.hasOwn(object, key) ? value : undefined;
}

function length(text: string): number {
  return [...text].length;
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** A short list of strings as written (`["a","b"]`); anything else as `describe` says it, never its whole text. */
function quoteList(value: unknown): string {
  if (
    Array.isArray(value) &&
    value.length <= 10 &&
    value.every((item) => typeof item === 'string' && item.length <= 100)
  )
    return JSON.stringify(value);
  return describe(value);
}

class Checker {
  readonly problems: Problem[] = [];

  constructor(
    private readonly family: Family,
    private readonly limits: SchemaQuantityLimits,
  ) {}

  invalid(fieldName: string, message: string): void {
    this.problems.push({ code: INVALID, message, fieldName });
  }

  /** A string `min`..`max` code points long; false (with a problem) otherwise. */
  text(value: unknown, path: string, what: string, min: number, max: number): value is string {
    if (typeof value !== 'string') {
      this.invalid(
        path,
        value === undefined ? `${what} is required` : `${what} must be a string, not ${describe(value)}`,
      );
      return false;
    }
    const n = length(value);
    if (n < min || n > max) {
      this.invalid(path, `${what} must be ${min} to ${max} characters, not ${n}`);
      return false;
    }
    return true;
  }

  /** A number within `range` (whole when asked); false (with a problem) otherwise. */
  inRange(value: unknown, path: string, range: Range, whole: boolean): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
      this.invalid(
        path,
        `${path.slice(path.lastIndexOf('.') + 1)} must be ${whole ? 'a whole number' : 'a number'}, not ${describe(value)}`,
      );
      return false;
    }
    if (value < range.min || value > range.max) {
      this.invalid(
        path,
        `${path.slice(path.lastIndexOf('.') + 1)} must be from ${range.min} to ${range.max}, not ${value}`,
      );
      return false;
    }
    return true;
  }

  /** `low` ≤ `high` when both are numbers. */
  ordered(low: unknown, high: unknown, path: string, lowName: string, highName: string): void {
    if (typeof low === 'number' && typeof high === 'number' && low > high)
      this.invalid(`${path}.${lowName}`, `${lowName} (${low}) is greater than ${highName} (${high})`);
  }

  body(value: unknown): DataSchemaWrite | undefined {
    if (!isObject(value)) {
      this.invalid('', `the body must be a DataSchema object, not ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) if (!TOP_LEVEL.has(key)) this.invalid(key, `unknown property ${key}`);
    const name = own(value, 'name');
    const version = own(value, 'version');
    const appliesTo = own(value, 'appliesTo');
    const enabled = own(value, 'enabled');
    const jsonSchema = own(value, 'jsonSchema');
    this.text(name, 'name', 'name', this.limits.minSchemaNameCharacters, this.limits.maxSchemaNameCharacters);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      this.invalid('version', `version must be a whole number of at least 1, not ${describe(version)}`);
    if (
      appliesTo !== undefined &&
      !(Array.isArray(appliesTo) && appliesTo.length === 1 && appliesTo[0] === this.family.appliesTo)
    ) {
      this.invalid(
        'appliesTo',
        `appliesTo must be ["${this.family.appliesTo}"] for ${this.family.name} schemas, not ${quoteList(appliesTo)}`,
      );
    }
    if (enabled !== undefined && typeof enabled !== 'boolean')
      this.invalid('enabled', `enabled must be true or false, not ${describe(enabled)}`);
    if (!isObject(jsonSchema)) this.invalid('jsonSchema', `jsonSchema must be an object, not ${describe(jsonSchema)}`);
    else this.jsonSchema(jsonSchema);
    if (this.problems.length > 0) return undefined;
    return {
      name: name as string,
      version: version as number,
      appliesTo: [this.family.appliesTo],
      enabled: enabled !== false,
      jsonSchema: jsonSchema as Json,
    };
  }

  jsonSchema(schema: Json): void {
    for (const key of Object.keys(schema))
      if (!JSON_SCHEMA_KEYS.has(key)) this.invalid(`jsonSchema.${key}`, `unknown property jsonSchema.${key}`);
    const title = own(schema, 'title');
    if (title !== undefined && typeof title !== 'string')
      this.invalid('jsonSchema.title', `jsonSchema.title must be a string, not ${describe(title)}`);
    const $schema = own(schema, '$schema');
    if ($schema !== undefined && typeof $schema !== 'string')
      this.invalid('jsonSchema.$schema', `jsonSchema.$schema must be a string, not ${describe($schema)}`);
    // Kept as sent and served back: values of a known, flat type only, so that no nesting is stored.
    const id = own(schema, 'id');
    if (id !== undefined && typeof id !== 'string')
      this.invalid('jsonSchema.id', `jsonSchema.id must be a string, not ${describe(id)}`);
    const additionalProperties = own(schema, 'additionalProperties');
    if (additionalProperties !== undefined && typeof additionalProperties !== 'boolean')
      this.invalid(
        'jsonSchema.additionalProperties',
        `jsonSchema.additionalProperties must be true or false, not ${describe(additionalProperties)}`,
      );
    const type = own(schema, 'type');
    if (type !== undefined && type !== 'object')
      this.invalid('jsonSchema.type', `jsonSchema.type must be "object", not ${describe(type)}`);
    const description = own(schema, 'description');
    if (description !== undefined) {
      this.text(
        description,
        'jsonSchema.description',
        'jsonSchema.description',
        this.limits.minSchemaDescriptionCharacters,
        this.limits.maxSchemaDescriptionCharacters,
      );
    }
    const properties = own(schema, 'properties');
    if (!isObject(properties)) {
      this.invalid(
        'jsonSchema.properties',
        `jsonSchema.properties must be an object of properties keyed <name>_<coretype>, not ${describe(properties)}`,
      );
      return;
    }
    const coretypeOfName = new Map<string, string>();
    for (const [key, property] of Object.entries(properties)) {
      const path = `jsonSchema.properties.${key}`;
      const parts = splitPropertyKey(key);
      if (!parts) {
        this.invalid(
          path,
          `property key ${key} must be <name>_<coretype>, with a coretype among text, longtext, url, identifier, enum, date, datetime, integer, number, checkbox, tag`,
        );
        continue;
      }
      if (!NAME_PART.test(parts.name))
        this.invalid(path, `the name part of ${key} must start with a letter and hold only letters, digits and _`);
      else {
        const n = length(parts.name);
        if (n < this.limits.minFieldNameCharacters || n > this.limits.maxFieldNameCharacters) {
          this.invalid(
            path,
            `the name part of ${key} must be ${this.limits.minFieldNameCharacters} to ${this.limits.maxFieldNameCharacters} characters, not ${n}`,
          );
        }
      }
      const other = coretypeOfName.get(parts.name);
      if (other !== undefined)
        this.invalid(path, `field ${parts.name} is defined twice, as ${other} and as ${parts.coretype}`);
      coretypeOfName.set(parts.name, parts.coretype);
      this.property(property, path, coretype(parts.coretype) as CoretypeFacts);
    }
    const required = own(schema, 'required');
    if (required !== undefined) {
      if (!Array.isArray(required))
        this.invalid(
          'jsonSchema.required',
          `jsonSchema.required must be an array of property keys, not ${describe(required)}`,
        );
      else {
        const seen = new Set<unknown>();
        required.forEach((entry: unknown, index) => {
          const path = `jsonSchema.required[${index}]`;
          if (typeof entry !== 'string' || !Object.hasOwn(properties, entry))
            this.invalid(
              path,
              `jsonSchema.required[${index}] (${describe(entry)}) is not a key of jsonSchema.properties`,
            );
          else if (seen.has(entry)) this.invalid(path, `${entry} is listed twice in jsonSchema.required`);
          seen.add(entry);
        });
      }
    }
  }

  property(property: unknown, path: string, facts: CoretypeFacts): void {
    if (!isObject(property)) {
      this.invalid(path, `a property must be an object, not ${describe(property)}`);
      return;
    }
    // Read in the pass over the property's own keys: this runs for every property of every write.
    let allOf: unknown, title: unknown, description: unknown;
    for (const key of Object.keys(property)) {
      if (key === 'allOf') allOf = property['allOf'];
      else if (key === 'title') title = property['title'];
      else if (key === 'description') description = property['description'];
      else if (!facts.validationFields.includes(key)) {
        this.invalid(
          `${path}.${key}`,
          `${key} is not a validation field of the ${facts.name} coretype${facts.validationFields.length > 0 ? ` (it takes ${facts.validationFields.join(', ')})` : ' (it takes none)'}`,
        );
      }
    }
    const ref =
      Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && Object.keys(allOf[0]).length === 1
        ? own(allOf[0], '$ref')
        : undefined;
    if (ref !== `#/definitions/${facts.name}`)
      this.invalid(
        `${path}.allOf`,
        `allOf must be [{"$ref": "#/definitions/${facts.name}"}], the coretype the key names`,
      );
    this.text(
      title,
      `${path}.title`,
      'title',
      this.limits.minFieldTitleCharacters,
      this.limits.maxFieldTitleCharacters,
    );
    if (description !== undefined) {
      this.text(
        description,
        `${path}.description`,
        'description',
        this.limits.minFieldDescriptionCharacters,
        this.limits.maxFieldDescriptionCharacters,
      );
    }
    if (facts.name === 'enum') this.enumValues(property, path, facts);
    else if (facts.name === 'tag') this.tag(property, path, facts);
    else this.bounds(property, path, facts);
  }

  /** minLength/maxLength or minimum/maximum within the coretype's ranges, low ≤ high. */
  bounds(property: Json, path: string, facts: CoretypeFacts): void {
    for (const [field, range] of Object.entries(facts.validationLimits)) {
      const value = own(property, field);
      if (value !== undefined) this.inRange(value, `${path}.${field}`, range, facts.name !== 'number');
    }
    this.ordered(own(property, 'minLength'), own(property, 'maxLength'), path, 'minLength', 'maxLength');
    this.ordered(own(property, 'minimum'), own(property, 'maximum'), path, 'minimum', 'maximum');
  }

  enumValues(property: Json, path: string, facts: CoretypeFacts): void {
    const values = own(property, 'enum');
    const count = facts.validationLimits.maxItems ?? { min: 1, max: 50 };
    const each = facts.itemValidationLimits?.maxLength ?? { min: 1, max: 100 };
    if (!Array.isArray(values) || values.length < count.min || values.length > count.max) {
      this.invalid(
        `${path}.enum`,
        `enum must be an array of ${count.min} to ${count.max} values, not ${Array.isArray(values) ? `${values.length} values` : describe(values)}`,
      );
      return;
    }
    const seen = new Set<string>();
    values.forEach((value: unknown, index) => {
      if (!this.text(value, `${path}.enum[${index}]`, `enum[${index}]`, each.min, each.max)) return;
      if (seen.has(value))
        this.invalid(`${path}.enum[${index}]`, `enum value ${JSON.stringify(value)} is listed twice`);
      seen.add(value);
    });
    const titles = own(property, '_enumProperties');
    // Absent is allowed: the platform's own example of a DataSchema has an enum without it (docs/targets.md).
    if (titles === undefined) return;
    if (!isObject(titles)) {
      this.invalid(
        `${path}._enumProperties`,
        `_enumProperties must be an object with one {"title"} per enum value, not ${describe(titles)}`,
      );
      return;
    }
    for (const key of Object.keys(titles))
      if (!seen.has(key)) this.invalid(`${path}._enumProperties.${key}`, `_enumProperties.${key} is not an enum value`);
    const seenTitles = new Set<string>();
    for (const value of seen) {
      const entryPath = `${path}._enumProperties.${value}`;
      const entry = own(titles, value);
      if (!isObject(entry)) {
        this.invalid(entryPath, `enum value ${JSON.stringify(value)} needs an entry {"title": ...} in _enumProperties`);
        continue;
      }
      let title: unknown, disabled: unknown;
      for (const key of Object.keys(entry)) {
        if (key === 'title') title = entry['title'];
        else if (key === '_disabled') disabled = entry['_disabled'];
        else this.invalid(`${entryPath}.${key}`, `unknown property ${key} (an enum value takes title and _disabled)`);
      }
      if (this.text(title, `${entryPath}.title`, 'title', 1, each.max)) {
        if (seenTitles.has(title))
          this.invalid(`${entryPath}.title`, `enum title ${JSON.stringify(title)} is used twice`);
        seenTitles.add(title);
      }
      if (disabled !== undefined && typeof disabled !== 'boolean')
        this.invalid(`${entryPath}._disabled`, `_disabled must be true or false, not ${describe(disabled)}`);
    }
  }

  tag(property: Json, path: string, facts: CoretypeFacts): void {
    this.bounds(property, path, facts);
    this.ordered(own(property, 'minItems'), own(property, 'maxItems'), path, 'minItems', 'maxItems');
    const uniqueItems = own(property, 'uniqueItems');
    if (uniqueItems !== undefined && typeof uniqueItems !== 'boolean')
      this.invalid(`${path}.uniqueItems`, `uniqueItems must be true or false, not ${describe(uniqueItems)}`);
    const items = own(property, 'items');
    if (items === undefined) return;
    if (!isObject(items)) {
      this.invalid(`${path}.items`, `items must be {"minLength", "maxLength"}, not ${describe(items)}`);
      return;
    }
    const limits = facts.itemValidationLimits;
    for (const key of Object.keys(items)) {
      if (key !== 'minLength' && key !== 'maxLength')
        this.invalid(
          `${path}.items.${key}`,
          `${key} is not a validation field of a tag's items (they take minLength, maxLength)`,
        );
      else if (limits) this.inRange(items[key], `${path}.items.${key}`, limits[key], true);
    }
    this.ordered(own(items, 'minLength'), own(items, 'maxLength'), `${path}.items`, 'minLength', 'maxLength');
  }
}

/** The body as the store keeps it, or the problems found (each `dynamic.schema.invalid`). */
export function checkDataSchemaBody(
  value: unknown,
  family: Family,
  limits: SchemaQuantityLimits,
): { write: DataSchemaWrite } | { problems: Problem[] } {
  const checker = new Checker(family, limits);
  const write = checker.body(value);
  return write ? { write } : { problems: checker.problems };
}

/** The number of properties of a stored jsonSchema (its fields). */
export function fieldCount(jsonSchema: Record<string, unknown>): number {
  const properties = jsonSchema['properties'];
  return isObject(properties) ? Object.keys(properties).length : 0;
}
