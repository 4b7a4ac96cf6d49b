/**
 * A canonical JSON serialization: object keys sorted by code unit, no whitespace, `undefined` members left out
 * (as JSON.stringify does). Two equal values always serialize to the same bytes, so a hash over this text is a
 * hash of the value, whatever order its keys were built in. For the values cxschema hashes (strings, integers,
 * booleans, plain objects and arrays) this matches RFC 8785 (JCS).
 *
 * The usual path copies the value with its keys inserted in sorted order and hands it to JSON.stringify once
 * (verify hashes every entry of a log, so this is the hot loop). JavaScript objects list integer-like keys
 * ("7", "10") first and in numeric order whatever the insertion order, so a value with such a key takes the
 * member-by-member path instead.
 */
const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;

class IntegerKeyFound extends Error {}
const INTEGER_KEY_FOUND = new IntegerKeyFound();

export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value)) ?? 'null';
  } catch (error) {
    if (error !== INTEGER_KEY_FOUND) throw error;
    return memberByMember(value);
  }
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return sortedCopy(withToJson.toJSON());
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (INTEGER_KEY.test(key)) throw INTEGER_KEY_FOUND;
    copy[key] = sortedCopy(record[key]);
  }
  return copy;
}

function memberByMember(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; a top-level undefined has no JSON form.
    return JSON.stringify(value) ?? 'null';
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return memberByMember(withToJson.toJSON());
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : memberByMember(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    members.push(`${JSON.stringify(key)}:${memberByMember(member)}`);
  }
  return `{${members.join(',')}}`;
}
