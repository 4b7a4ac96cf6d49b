/**
 * A canonical JSON serialization: object keys sorted by code unit, no whitespace, `undefined` members left out
 * (as JSON.stringify does). Two equal values always serialize to the same bytes, so a hash over this text is a
 * hash of the value, whatever order its keys were built in. For the values cxschema hashes (strings, integers,
 * booleans, plain objects and arrays) this matches RFC 8785 (JCS).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // JSON.stringify(undefined) is undefined; a top-level undefined has no JSON form.
    return text === undefined ? 'null' : text;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
