/**
 * Equality and copies of JSON data (what a file parses to, what the API answers), without building text.
 *
 * `sameJson(a, b)` decides what `canonicalJson(a) === canonicalJson(b)` decides (canonical-json.ts), by walking
 * both values side by side and stopping at the first difference: no string is built and nothing is copied, which
 * matters where every schema of a plan is compared with the org's version. It follows JSON.stringify's rules:
 * key order is ignored, an object member that is undefined, a function or a symbol is absent, such a value in an
 * array (or a number that is not finite) reads as null. What is not plain data (a value with toJSON, a bigint,
 * an object with an own `__proto__` key, which the canonical copy cannot hold as a key) is compared by its
 * canonical text, so the two never disagree (test/model/json-data.property.test.ts).
 */
import { canonicalJson } from './canonical-json.js';

export function sameJson(a: unknown, b: unknown): boolean {
  if (sameScalar(a, b)) return true;
  if (needsCanonicalText(a) || needsCanonicalText(b)) return canonicalJson(a) === canonicalJson(b);
  const x = asJsonScalar(a);
  const y = asJsonScalar(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) return Array.isArray(y) && sameItems(x, y);
  if (Array.isArray(y)) return false;
  return sameMembers(x as Record<string, unknown>, y as Record<string, unknown>);
}

/**
 * Whether two values are the same data written the same way: plain objects with the same keys in the same order,
 * arrays of the same length, and the same strings, numbers, booleans and nulls at each place. It implies sameJson
 * (and any answer computed from the data alone), and is cheaper to decide: it follows one order, normalises
 * nothing and looks up no key. What it cannot judge this way (NaN, undefined, a bigint, an own `__proto__` key,
 * an object or array with a prototype other than Object's or Array's, an array with its own toJSON) makes it
 * answer false, leaving the question to the full comparison. A schema read back from the org is usually written
 * as the file it came from, so a no-op plan decides most fields here.
 */
export function sameAsWritten(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return a === b && isTextScalar(a);
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length || !isPlainArray(a) || !isPlainArray(b)) return false;
    for (let i = 0; i < a.length; i++) if (!sameAsWritten(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!;
    if (key !== keysB[i] || key === '__proto__') return false;
    if (!sameAsWritten((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** An array with Array's prototype and no toJSON of its own (a subclass's or its own would change its JSON). */
function isPlainArray(value: unknown[]): boolean {
  return Object.getPrototypeOf(value) === Array.prototype && !Object.hasOwn(value, 'toJSON');
}

/** An object with Object's prototype or none: nothing it inherits (a toJSON) changes how JSON writes it. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A value JSON writes as itself: null, a string, a boolean or a finite number. */
function isTextScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Whether an object member of this value is left out of JSON (as JSON.stringify leaves it out). */
export function isAbsentMember(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Two object members, either of which may be absent: equal when both are absent or both say the same. */
export function sameMember(a: unknown, b: unknown): boolean {
  if (sameScalar(a, b)) return true;
  const absent = isAbsentMember(a);
  return absent === isAbsentMember(b) && (absent || sameJson(a, b));
}

/**
 * A deep copy of JSON data: arrays and plain objects member by member (undefined members kept), any other object
 * (a Date, a Map) through structuredClone. Several times faster than structuredClone on a schema's fields, which
 * a plan copies for every schema it lists. Unlike structuredClone it does not keep two references to one object
 * (a YAML alias) as one: each gets its own copy, which JSON cannot tell apart.
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copyJson(value[i] as unknown);
    return items as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copyJson((value as Record<string, unknown>)[key]);
    // An assignment to `__proto__` would set the copy's prototype instead of a member.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true });
    else copy[key] = member;
  }
  return copy as T;
}

/**
 * The usual case, decided first: the same string, number, boolean or undefined on both sides has one text. A
 * bigint has none (canonicalJson throws), and the same object twice is left to the walk, which finds what is in it
 * as canonicalJson does.
 */
function sameScalar(a: unknown, b: unknown): boolean {
  return a === b && typeof a !== 'object' && typeof a !== 'bigint';
}

function needsCanonicalText(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as { toJSON?: unknown }).toJSON === 'function' || Object.hasOwn(value, '__proto__');
}

/** A value as an array item or a whole value reads in JSON: null where it has no JSON form. */
function asJsonScalar(value: unknown): unknown {
  if (isAbsentMember(value)) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}

function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let present = 0;
  for (const key of Object.keys(a)) {
    const member = a[key];
    if (isAbsentMember(member)) continue;
    present++;
    if (!isOwnEnumerable(b, key) || !sameMember(member, b[key])) return false;
  }
  for (const key of Object.keys(b)) if (!isAbsentMember(b[key])) present--;
  return present === 0;
}

/** A member Object.keys lists: inherited ones (`toString`) are not members of JSON data. */
export function isOwnEnumerable(object: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(object, key);
}
