/**
 * TypeScript names for schemas: `purchase_order` becomes `PurchaseOrder` (the record) and `PurchaseOrderId` (its
 * id). Two externalIds can fold to one name (`a_b` and `a__b` both give `AB`): the later one in id order gets
 * a number, so every generated name is unique and stable across runs.
 */
export interface TypeNames {
  record: string;
  id: string;
}

export function pascalCase(identifier: string): string {
  const words = identifier.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  if (joined === '') return 'Schema';
  return /^[0-9]/.test(joined) ? `Schema${joined}` : joined;
}

export function assignTypeNames(externalIds: Iterable<string>): Map<string, TypeNames> {
  const names = new Map<string, TypeNames>();
  const taken = new Set<string>(RESERVED);
  for (const externalId of [...new Set(externalIds)].sort()) {
    const base = pascalCase(externalId);
    let record = base;
    for (let n = 2; taken.has(record) || taken.has(`${record}Id`); n++) record = `${base}${n}`;
    taken.add(record);
    taken.add(`${record}Id`);
    names.set(externalId, { record, id: `${record}Id` });
  }
  return names;
}

/** Names the generated code declares itself, or that would shadow a global type. */
const RESERVED = [
  'FileReference',
  'SystemObjectId',
  'Array',
  'Record',
  'String',
  'Number',
  'Boolean',
  'Object',
  'Date',
  'Partial',
];
