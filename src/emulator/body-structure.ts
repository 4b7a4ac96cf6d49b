/**
 * The structural check of a POST/PUT body: does it have the resource's structure and types (docs/api-contract.md "The
 * schema resource")? Every problem found is reported as `customobjects.schema.invalid` with a path into the body; the
 * check does not stop at the first one. Limits, references, transitions and compatibility are later checks that
 * only run on a body that passed this one. The one other answer it gives: fields nested past what it reads
 * (MAX_READ_DEPTH), `limit.exceeded` at the first such field of each branch, when nothing is `invalid`.
 * The body is what JSON.parse made of the request: plain objects, whose own properties `for...in` lists in the
 * order Object.keys would, without the array Object.keys allocates. Every property is read as the body's own: a
 * property the body lacks is absent, even in a process whose Object.prototype has gained one of that name, so that
 * the prototype can neither make a valid body invalid nor an invalid one valid. The body's and each field's
 * properties are read in the one pass over their own keys that also finds the unknown ones; the few others by
 * `own`. The body it returns, and its fields, constraints and items, have no prototype: the later checks and the
 * store read them with plain property access, which then finds only what the body holds.
 */
import { instantOf } from '../model/instants.js';
import type { SchemaWriteBody } from '../model/schema.js';
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';
import {
  ACCEPTED_CONSTRAINTS,
  EMULATOR_FIELD_TYPES,
  IDENTIFIER,
  READ_ONLY_PROPERTIES,
  SCHEMA_DESCRIPTION_MAX,
  SCHEMA_NAME_MAX,
  STATUSES,
} from './contract-facts.js';

const FIELD_TYPES: ReadonlySet<string> = new Set(EMULATOR_FIELD_TYPES);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

export type StructureResult = { ok: true; body: SchemaWriteBody } | { ok: false; problems: Problem[] };

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A property the object itself holds, else undefined: never one inherited from Object.prototype. Allocates
 * nothing, and asks whether the property is the object's own only when the look-up found a value.
 */
function own(object: Obj, key: string): unknown {
  const value = object[key];
  return value === undefined || Object.hasOwn(object, key) ? value : undefined;
}

/**
 * The object, its prototype taken away: the checked body, its fields, constraints and items, so that every later
 * read of them (limits, compatibility, the stored resource) finds only what the body holds. Their own properties,
 * their order and their JSON are unchanged; the parse made them and nothing else holds them.
 */
function withoutPrototype<T extends object>(object: T): T {
  return Object.setPrototypeOf(object, null) as T;
}

/** Optional properties may be absent or null (the platform reads null as absent). */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * How deep the check reads nested fields (a top-level field is at depth 1): far past any nesting a platform limit
 * allows, and far short of the depth at which walking a body would exhaust the stack (some 1,000 levels, which a
 * body of 1 MiB can hold). A body nested deeper is refused as too deep (docs/api-contract.md "Limits").
 */
export const MAX_READ_DEPTH = 64;

class StructureCheck {
  readonly problems: Problem[] = [];
  /** Fields nested past MAX_READ_DEPTH, reported (`limit.exceeded`) only when the body has no `invalid` problem. */
  readonly tooDeep: Problem[] = [];
  /** The depth of the fields being read: 1 for the body's own. */
  private depth = 1;

  invalid(fieldName: string, message: string): void {
    this.problems.push({ code: CODES.invalid, message, fieldName });
  }

  /** The body typed and stripped of read-only properties, or undefined when it has a problem. */
  body(value: unknown): SchemaWriteBody | undefined {
    if (!isObject(value)) {
      this.invalid('', `The request body must be a JSON object, not ${describe(value)}`);
      return undefined;
    }
    let externalId: unknown, name: unknown, description: unknown, version: unknown, status: unknown, fields: unknown;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      switch (key) {
        case 'externalId':
          externalId = value.externalId;
          break;
        case 'name':
          name = value.name;
          break;
        case 'description':
          description = value.description;
          break;
        case 'version':
          version = value.version;
          break;
        case 'status':
          status = value.status;
          break;
        case 'fields':
          fields = value.fields;
          break;
        default:
          if (!READ_ONLY_PROPERTIES.has(key)) this.invalid(key, `Unknown property "${key}"`);
      }
    }
    if (typeof externalId !== 'string') this.invalid('externalId', 'externalId is required and must be a string');
    else if (!IDENTIFIER.test(externalId))
      this.invalid('externalId', `externalId "${externalId}" must match ${IDENTIFIER.source}`);
    if (typeof name !== 'string') this.invalid('name', 'name is required and must be a string');
    else if (name.length < 1 || codePointsOver(name, SCHEMA_NAME_MAX))
      this.invalid('name', `name must be 1 to ${SCHEMA_NAME_MAX} characters`);
    if (!isAbsent(description)) {
      if (typeof description !== 'string') this.invalid('description', 'description must be a string');
      else if (codePointsOver(description, SCHEMA_DESCRIPTION_MAX))
        this.invalid('description', `description must be at most ${SCHEMA_DESCRIPTION_MAX} characters`);
    }
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      this.invalid('version', 'version is required and must be an integer of at least 1');
    if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status))
      this.invalid('status', `status is required and must be one of ${STATUSES.join(', ')}`);
    if (!Array.isArray(fields)) this.invalid('fields', 'fields is required and must be an array');
    else this.fieldList(fields, 'fields');
    if (this.problems.length > 0 || this.tooDeep.length > 0) return undefined;
    const body = withoutPrototype({
      externalId: externalId as string,
      name: name as string,
      version: version as number,
      status: status as SchemaWriteBody['status'],
      fields: withoutNulls(fields) as SchemaWriteBody['fields'],
    }) as SchemaWriteBody;
    if (!isAbsent(description)) body.description = description as string;
    return body;
  }

  fieldList(fields: unknown[], path: string): void {
    const seen = new Set<string>();
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index];
      const fieldPath = `${path}[${index}]`;
      const name = this.field(field, fieldPath);
      if (name !== undefined) {
        if (seen.has(name)) this.invalid(`${fieldPath}.name`, `Duplicate field name "${name}"`);
        seen.add(name);
      }
    }
  }

  /** Checks one field; its name when it has a string one. */
  field(field: unknown, path: string): string | undefined {
    if (!isObject(field)) {
      this.invalid(path, `A field must be an object, not ${describe(field)}`);
      return undefined;
    }
    let name: unknown, fieldtype: unknown, description: unknown, required: unknown, constraints: unknown;
    for (const key in field) {
      if (!Object.hasOwn(field, key)) continue;
      switch (key) {
        case 'name':
          name = field.name;
          break;
        case 'fieldtype':
          fieldtype = field.fieldtype;
          break;
        case 'description':
          description = field.description;
          break;
        case 'required':
          required = field.required;
          break;
        case 'constraints':
          constraints = field.constraints;
          break;
        default:
          this.invalid(`${path}.${key}`, `Unknown field property "${key}"`);
      }
    }
    withoutPrototype(field);
    if (typeof name !== 'string') this.invalid(`${path}.name`, 'A field name is required and must be a string');
    else if (!IDENTIFIER.test(name))
      this.invalid(`${path}.name`, `Field name "${name}" must match ${IDENTIFIER.source}`);
    if (!isAbsent(description) && typeof description !== 'string')
      this.invalid(`${path}.description`, 'description must be a string');
    if (!isAbsent(required) && typeof required !== 'boolean')
      this.invalid(`${path}.required`, 'required must be a boolean');
    if (typeof fieldtype !== 'string' || !FIELD_TYPES.has(fieldtype))
      this.invalid(`${path}.fieldtype`, `fieldtype must be one of ${EMULATOR_FIELD_TYPES.join(', ')}`);
    else this.constraints(fieldtype, constraints, `${path}.constraints`);
    return typeof name === 'string' ? name : undefined;
  }

  constraints(fieldtype: string, constraints: unknown, path: string): void {
    if (isAbsent(constraints)) {
      this.requiredConstraints(fieldtype, {}, path);
      return;
    }
    if (!isObject(constraints)) {
      this.invalid(path, 'constraints must be an object');
      return;
    }
    withoutPrototype(constraints);
    const accepted = ACCEPTED_CONSTRAINTS[fieldtype] ?? [];
    for (const key in constraints) {
      if (!Object.hasOwn(constraints, key)) continue;
      if (!accepted.includes(key)) {
        this.invalid(`${path}.${key}`, `Constraint "${key}" does not apply to fieldtype ${fieldtype}`);
        continue;
      }
      const value = constraints[key];
      if (isAbsent(value)) continue;
      this.constraint(fieldtype, key, value, `${path}.${key}`);
    }
    this.requiredConstraints(fieldtype, constraints, path);
    this.ordered(constraints, 'minLength', 'maxLength', path);
    this.ordered(constraints, 'minItems', 'maxItems', path);
    this.ordered(constraints, 'min', 'max', path);
  }

  requiredConstraints(fieldtype: string, constraints: Obj, path: string): void {
    if (fieldtype === 'reference' && isAbsent(own(constraints, 'referencedType')))
      this.invalid(`${path}.referencedType`, 'A reference field needs constraints.referencedType');
    if ((fieldtype === 'list' || fieldtype === 'object') && isAbsent(own(constraints, 'items')))
      this.invalid(`${path}.items`, `A ${fieldtype} field needs constraints.items`);
  }

  constraint(fieldtype: string, key: string, value: unknown, at: string): void {
    switch (key) {
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
        if (!isCount(value)) this.invalid(at, `${key} must be an integer of at least 0`);
        return;
      case 'pattern':
        if (typeof value !== 'string') this.invalid(at, 'pattern must be a string');
        else if (!compiles(value)) this.invalid(at, `pattern "${value}" is not a valid regular expression`);
        return;
      case 'enum':
        if (!Array.isArray(value) || value.length === 0) this.invalid(at, 'enum must be a non-empty array');
        else if (
          fieldtype === 'number'
            ? !value.every((v) => typeof v === 'number' && Number.isFinite(v))
            : !value.every((v) => typeof v === 'string')
        ) {
          this.invalid(
            at,
            `enum values of a ${fieldtype} field must all be ${fieldtype === 'number' ? 'numbers' : 'strings'}`,
          );
        }
        return;
      case 'min':
      case 'max':
        if (fieldtype === 'number' && !(typeof value === 'number' && Number.isFinite(value)))
          this.invalid(at, `${key} must be a number`);
        if (fieldtype === 'dateTime' && !isIsoDate(value))
          this.invalid(at, `${key} must be an ISO-8601 date-time string`);
        return;
      case 'referencedType':
        if (typeof value !== 'string' || value.length === 0)
          this.invalid(at, 'referencedType must be a non-empty string');
        return;
      case 'items':
        if (fieldtype === 'list') this.listItems(value, at);
        else this.objectItems(value, at);
        return;
    }
  }

  listItems(items: unknown, path: string): void {
    if (!isObject(items)) {
      this.invalid(path, 'items of a list must be an object with a fieldtype');
      return;
    }
    for (const key in items) {
      if (!Object.hasOwn(items, key)) continue;
      if (key !== 'fieldtype' && key !== 'constraints')
        this.invalid(`${path}.${key}`, `Unknown property "${key}" in list items`);
    }
    withoutPrototype(items);
    const fieldtype = own(items, 'fieldtype');
    if (typeof fieldtype !== 'string' || !FIELD_TYPES.has(fieldtype) || fieldtype === 'list') {
      this.invalid(`${path}.fieldtype`, 'items.fieldtype must be a fieldtype other than list');
      return;
    }
    this.constraints(fieldtype, own(items, 'constraints'), `${path}.constraints`);
  }

  objectItems(items: unknown, path: string): void {
    if (!isObject(items)) {
      this.invalid(path, 'items of an object must be an object with fields');
      return;
    }
    for (const key in items) {
      if (!Object.hasOwn(items, key)) continue;
      if (key !== 'fields') this.invalid(`${path}.${key}`, `Unknown property "${key}" in object items`);
    }
    withoutPrototype(items);
    const fields = own(items, 'fields');
    if (!Array.isArray(fields)) {
      this.invalid(`${path}.fields`, 'items.fields must be an array of fields');
      return;
    }
    if (this.depth >= MAX_READ_DEPTH) {
      if (fields.length > 0)
        this.tooDeep.push({
          code: CODES.limitExceeded,
          message: `Fields are nested more than ${MAX_READ_DEPTH} levels deep; nothing deeper is read`,
          fieldName: `${path}.fields[0]`,
          messageParams: { depth: String(this.depth + 1), max: String(MAX_READ_DEPTH) },
        });
      return;
    }
    this.depth++;
    this.fieldList(fields, `${path}.fields`);
    this.depth--;
  }

  ordered(constraints: Obj, lowKey: string, highKey: string, path: string): void {
    const a = comparable(own(constraints, lowKey));
    const b = comparable(own(constraints, highKey));
    if (a !== undefined && b !== undefined && a > b)
      this.invalid(`${path}.${lowKey}`, `${lowKey} must not exceed ${highKey}`);
  }
}

/**
 * A bound as a number: itself, or an ISO-8601 date-time's instant (one without an offset read as UTC, so that
 * the answer does not depend on the machine's time zone: instants.ts); undefined for anything else.
 */
function comparable(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && isIsoDate(value)
      ? instantOf(value)
      : undefined;
}

/** More than `max` characters (code points): a string of at most `max` UTF-16 units has no more code points. */
function codePointsOver(text: string, max: number): boolean {
  return text.length > max && [...text].length > max;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value));
}

/** Check a parsed POST/PUT body; on success, the body typed and stripped of read-only properties. */
export function checkBodyStructure(value: unknown): StructureResult {
  const check = new StructureCheck();
  const body = check.body(value);
  if (body === undefined) return { ok: false, problems: check.problems.length > 0 ? check.problems : check.tooDeep };
  return { ok: true, body };
}

/**
 * The value without null-valued properties, so that a stored version never holds `null` for an absent property.
 * Most bodies hold no null: they are kept as parsed (the parse made them, nothing else holds them), and only a
 * body with a null is copied.
 */
function withoutNulls(value: unknown): unknown {
  return holdsNull(value) ? copyWithoutNulls(value) : value;
}

function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNull);
  for (const key in value) if (Object.hasOwn(value, key) && holdsNull((value as Obj)[key])) return true;
  return false;
}

function copyWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyWithoutNulls);
  if (!isObject(value)) return value;
  const copy: Obj = withoutPrototype({});
  for (const [key, item] of Object.entries(value)) if (item !== null) copy[key] = copyWithoutNulls(item);
  return copy;
}
