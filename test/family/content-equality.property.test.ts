/**
 * The custom objects family's content equality walks both schemas instead of serialising their normal forms: on
 * generated pairs it answers exactly as comparing `normalizeSchema` of each side as canonical JSON does. Pairs
 * are random (from a small domain, so that equal ones occur), a schema against itself restated (what the
 * platform's defaults stand for spelled out or left out, fields and keys in another order, server-owned
 * properties added), and a schema against itself changed in one nested place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../src/emulator/seeded-random.js';
import { canonicalJson } from '../../src/model/canonical-json.js';
import {
  normalizeSchema,
  sameSchemaContent,
  type ComparableSchema,
} from '../../src/family/custom-objects/content-equality.js';
import { propertyRuns } from '../support/property-runs.js';

/** Generated schemas are looser than the types say (a member set to undefined, items of no known kind). */
type Loose = { [key: string]: unknown };

/** What plan compared until the walk replaced it. */
function normalFormsEqual(a: Loose, b: Loose): boolean {
  return (
    canonicalJson(normalizeSchema(a as unknown as ComparableSchema)) ===
    canonicalJson(normalizeSchema(b as unknown as ComparableSchema))
  );
}

function walkEqual(a: Loose, b: Loose): boolean {
  return sameSchemaContent(a as unknown as ComparableSchema, b as unknown as ComparableSchema);
}

// Types with a maxLength default (string 255, email 254), list (maxItems 100), object, and types without defaults.
const fieldtype = fc.constantFrom('string', 'email', 'list', 'object', 'number', 'text');
const DEFAULT_MAX_LENGTH: Loose = { string: 255, email: 254 };

const { field } = fc.letrec<{ field: Loose; constraints: Loose | undefined; items: unknown }>((tie) => ({
  field: fc.record(
    {
      name: fc.constantFrom('a', 'b', 'c'),
      fieldtype,
      description: fc.constantFrom('', 'described'),
      required: fc.boolean(),
      constraints: tie('constraints'),
    },
    { requiredKeys: ['name', 'fieldtype'] },
  ),
  constraints: fc.option(
    fc.record(
      {
        maxLength: fc.constantFrom(255, 254, 40),
        maxItems: fc.constantFrom(100, 10),
        enum: fc.constantFrom(['x', 'y'], ['y', 'x'], ['x']),
        // A member set to undefined, which the normal form leaves out.
        pattern: fc.constantFrom('^a', undefined),
        items: tie('items'),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
  items: fc.oneof(
    { depthSize: 'small' },
    fc.record({ fieldtype, constraints: tie('constraints') }, { requiredKeys: ['fieldtype'] }),
    fc.record({ fields: fc.array(tie('field'), { maxLength: 2 }) }),
    // Neither object nor list items: normalizeConstraints keeps these as they are.
    fc.constantFrom<unknown>({ other: 1 }, null, 'items'),
  ),
}));

const schema: fc.Arbitrary<Loose> = fc.record(
  {
    externalId: fc.constantFrom('customer', 'order'),
    name: fc.constantFrom('Customer', 'Order'),
    description: fc.constantFrom('', 'described'),
    status: fc.constantFrom('PUBLISHED', 'DRAFT'),
    fields: fc.array(field, { maxLength: 4 }),
  },
  { requiredKeys: ['externalId', 'name', 'fields'] },
);

function pick<T>(random: Random, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)]!;
}

function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of object items, or undefined for anything else. */
function objectItemsFields(field: Loose): Loose[] | undefined {
  const constraints = field['constraints'];
  const items = isLoose(constraints) ? constraints['items'] : undefined;
  return isLoose(items) && Array.isArray(items['fields']) ? (items['fields'] as Loose[]) : undefined;
}

/** The keys of an object in another order, a member that is undefined added now and then. */
function reordered(value: Loose, random: Random): Loose {
  const entries = Object.entries(value);
  if (random() < 0.3) entries.push(['unset', undefined]);
  entries.sort(() => random() - 0.5);
  return Object.fromEntries(entries);
}

/** Spelled out or left out at random: a member whose absence stands for `standsFor`. */
function restateDefault(object: Loose, key: string, standsFor: unknown, random: Random): void {
  if (standsFor === undefined || random() < 0.5) return;
  if (object[key] === standsFor) delete object[key];
  else if (object[key] === undefined) object[key] = standsFor;
}

/** The same field as the platform would read it: defaults spelled out or left out, keys in another order. */
function restatedField(input: Loose, random: Random): Loose {
  const out: Loose = { ...input };
  restateDefault(out, 'required', false, random);
  restateDefault(out, 'description', '', random);
  const constraints = restatedConstraints(String(out['fieldtype']), out['constraints'], random);
  if (constraints === undefined) delete out['constraints'];
  else out['constraints'] = constraints;
  return reordered(out, random);
}

function restatedConstraints(fieldtype: string, input: unknown, random: Random): Loose | undefined {
  if (input !== undefined && !isLoose(input)) return input as Loose;
  const out: Loose = { ...input };
  restateDefault(out, 'maxLength', DEFAULT_MAX_LENGTH[fieldtype], random);
  if (fieldtype === 'list') restateDefault(out, 'maxItems', 100, random);
  const items = out['items'];
  if (isLoose(items) && Array.isArray(items['fields'])) {
    out['items'] = { fields: restatedFields(items['fields'] as Loose[], random) };
  } else if (isLoose(items) && typeof items['fieldtype'] === 'string') {
    const inner = restatedConstraints(items['fieldtype'], items['constraints'], random);
    out['items'] = reordered(
      inner === undefined ? { fieldtype: items['fieldtype'] } : { ...items, constraints: inner },
      random,
    );
  }
  if (Object.keys(out).length === 0 && random() < 0.5) return undefined;
  return reordered(out, random);
}

/** Fields in another order, where fields of one name keep theirs (their order is part of the contents). */
function restatedFields(fields: readonly Loose[], random: Random): Loose[] {
  const rank = new Map(['a', 'b', 'c'].map((name) => [name, random()]));
  const rankOf = (f: Loose): number => rank.get(String(f['name'])) ?? 0;
  return [...fields].sort((x, y) => rankOf(x) - rankOf(y)).map((f) => restatedField(f, random));
}

function restated(input: Loose, random: Random): Loose {
  const out: Loose = {
    ...input,
    fields: restatedFields(input['fields'] as Loose[], random),
    id: 'server-owned',
    version: 7,
    selfUri: '/api/v2/customobjects/schemas/x',
  };
  restateDefault(out, 'status', 'PUBLISHED', random);
  restateDefault(out, 'description', '', random);
  return reordered(out, random);
}

/** Every list of fields in the schema: the top level and each object items' fields, at any depth. */
function fieldLists(fields: Loose[]): Loose[][] {
  const lists = [fields];
  for (const f of fields) {
    const inner = objectItemsFields(f);
    if (inner !== undefined) lists.push(...fieldLists(inner));
  }
  return lists;
}

/** The fields with the list `from` (found by identity) replaced by `to`, copying only the path down to it. */
function replaceList(fields: Loose[], from: Loose[], to: Loose[]): Loose[] {
  if (fields === from) return to;
  return fields.map((f) => {
    const inner = objectItemsFields(f);
    if (inner === undefined) return f;
    const next = replaceList(inner, from, to);
    return next === inner ? f : { ...f, constraints: { ...(f['constraints'] as Loose), items: { fields: next } } };
  });
}

/** Items of another kind, or list items of another type or with one constraint changed. */
function changedItems(constraints: unknown, random: Random): Loose {
  const out: Loose = isLoose(constraints) ? { ...constraints } : {};
  const items = out['items'];
  if (isLoose(items) && typeof items['fieldtype'] === 'string' && random() < 0.3) {
    out['items'] = { ...items, fieldtype: pick(random, ['string', 'email', 'number']) };
  } else if (isLoose(items) && typeof items['fieldtype'] === 'string' && random() < 0.7) {
    const inner: Loose = isLoose(items['constraints']) ? { ...items['constraints'] } : {};
    inner[pick(random, ['maxLength', 'maxItems', 'enum'])] = pick(random, [255, 254, 100, 40, undefined, ['x']]);
    out['items'] = { ...items, constraints: inner };
  } else {
    out['items'] = pick(random, [{ other: 1 }, { other: 2 }, null, 'items', undefined, { fieldtype: 'string' }]);
  }
  return out;
}

/** One property of a field somewhere in the schema (nested items included) changed, a field removed or added. */
function changedInOnePlace(input: Loose, random: Random): Loose {
  const fields = input['fields'] as Loose[];
  const list = pick(random, fieldLists(fields));
  const index = Math.floor(random() * (list.length + 1));
  const target = list[index];
  const change = pick(random, [
    'name',
    'fieldtype',
    'required',
    'description',
    'constraint',
    'items',
    'remove',
    'add',
    'top',
  ]);
  if (change === 'top' || (target === undefined && change !== 'add')) {
    const key = pick(random, ['externalId', 'name', 'description', 'status']);
    return { ...input, [key]: pick(random, ['customer', 'Customer', '', 'DRAFT', 'PUBLISHED', 'other']) };
  }
  let replaced: Loose[];
  if (change === 'add') {
    const added = { name: pick(random, ['a', 'b', 'd']), fieldtype: 'number' };
    replaced = [...list.slice(0, index), added, ...list.slice(index)];
  } else if (change === 'remove') {
    replaced = list.filter((_, i) => i !== index);
  } else {
    const changed: Loose = { ...target };
    if (change === 'name') changed['name'] = pick(random, ['a', 'b', 'c', 'd']);
    if (change === 'fieldtype') changed['fieldtype'] = pick(random, ['string', 'email', 'list', 'number']);
    if (change === 'required') changed['required'] = pick(random, [true, false, undefined]);
    if (change === 'description') changed['description'] = pick(random, ['', 'other', undefined]);
    if (change === 'constraint') {
      const constraints: Loose = isLoose(changed['constraints']) ? { ...changed['constraints'] } : {};
      const key = pick(random, ['maxLength', 'maxItems', 'enum', 'minLength']);
      constraints[key] = pick(random, [255, 254, 100, undefined, ['y', 'x'], ['x', 'y']]);
      changed['constraints'] = constraints;
    }
    if (change === 'items') changed['constraints'] = changedItems(changed['constraints'], random);
    replaced = list.map((f, i) => (i === index ? changed : f));
  }
  return { ...input, fields: replaceList(fields, list, replaced) };
}

describe('sameSchemaContent against the normal forms compared as canonical JSON', () => {
  it('answers alike on random pairs', () => {
    const outcomes = { same: 0, different: 0 };
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        const expected = normalFormsEqual(a, b);
        outcomes[expected ? 'same' : 'different']++;
        return walkEqual(a, b) === expected && walkEqual(b, a) === expected;
      }),
      { numRuns: propertyRuns(2000) },
    );
    expect(outcomes.same).toBeGreaterThan(0);
    expect(outcomes.different).toBeGreaterThan(0);
  });

  it('finds a schema restated the same, and answers alike for one changed in one nested place', () => {
    const outcomes = { same: 0, different: 0 };
    fc.assert(
      fc.property(schema, fc.integer(), (original, seed) => {
        const random = seededRandom(seed);
        const restatement = restated(original, random);
        const changed = changedInOnePlace(original, random);
        const expected = normalFormsEqual(original, changed);
        outcomes[expected ? 'same' : 'different']++;
        return (
          normalFormsEqual(original, restatement) &&
          walkEqual(original, restatement) &&
          walkEqual(restatement, original) &&
          walkEqual(original, changed) === expected &&
          walkEqual(changed, restatement) === expected &&
          walkEqual(restatement, changed) === expected
        );
      }),
      { numRuns: propertyRuns(2000) },
    );
    // Most one-place changes are changes; some (a default spelled out, a name swapped for itself) are not.
    expect(outcomes.different).toBeGreaterThan(outcomes.same);
    expect(outcomes.same).toBeGreaterThan(0);
  });

  it('treats a constraints object with an own __proto__ key as its normal form does', () => {
    const base: Loose = { externalId: 'x', name: 'X', fields: [{ name: 'a', fieldtype: 'string' }] };
    const odd = JSON.parse(
      '{"externalId":"x","name":"X","fields":[{"name":"a","fieldtype":"string","constraints":{"__proto__":{"maxLength":9}}}]}',
    ) as Loose;
    expect(walkEqual(odd, base)).toBe(normalFormsEqual(odd, base));
    expect(walkEqual(base, odd)).toBe(normalFormsEqual(base, odd));
  });
});
