/**
 * sameJson answers as comparing canonical JSON texts does, sameAsWritten answers true only where those texts are
 * the same, and copyJson copies as structuredClone does, on generated values: random pairs from a small domain (so
 * that equal ones occur), a value against itself restated (keys in another order, absent members spelled as
 * undefined), and a value against itself changed in one place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/model/canonical-json.js';
import { copyJson, sameAsWritten, sameJson } from '../../src/model/json-data.js';
import { seededRandom, type Random } from '../../src/emulator/seeded-random.js';
import { propertyRuns } from '../support/property-runs.js';

/** Leaves that JSON tells apart or not (0 and -0, NaN and null, undefined in an array and null). */
const leaf = fc.constantFrom<unknown>(0, -0, 1, 1.5, '', 'a', 'b', '1', true, false, null, undefined, NaN, Infinity);
const key = fc.constantFrom('a', 'b', 'c', '1', '10', 'maxLength');

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));

/** The same value written another way: each object's keys in another order, absent members added as undefined. */
function restated(input: unknown, random: Random): unknown {
  if (Array.isArray(input)) return input.map((item) => restated(item, random));
  if (typeof input !== 'object' || input === null) return input;
  const entries = Object.entries(input).map(([k, v]) => [k, restated(v, random)] as const);
  if (random() < 0.5) entries.push(['absent', undefined]);
  entries.sort(() => random() - 0.5);
  return Object.fromEntries(entries);
}

/** The value with one place changed: a leaf replaced, a member or an item added or removed. */
function changedInOnePlace(input: unknown, random: Random, replacement: unknown): unknown {
  const isObject = typeof input === 'object' && input !== null;
  const children = isObject ? Object.keys(input) : [];
  if (!isObject || children.length === 0 || random() < 0.25) {
    if (Array.isArray(input)) return random() < 0.5 ? [...(input as unknown[]), replacement] : input.slice(1);
    if (isObject) {
      const copy = { ...(input as Record<string, unknown>) };
      if (children.length > 0 && random() < 0.5) delete copy[children[0]!];
      else copy['added'] = replacement;
      return copy;
    }
    return replacement;
  }
  const at = children[Math.floor(random() * children.length)]!;
  const next = changedInOnePlace((input as Record<string, unknown>)[at], random, replacement);
  if (Array.isArray(input)) return (input as unknown[]).map((item, index) => (String(index) === at ? next : item));
  return { ...(input as Record<string, unknown>), [at]: next };
}

function canonicalSame(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Every object and array reachable from a value. */
function containers(input: unknown, found: Set<unknown> = new Set()): Set<unknown> {
  if (typeof input !== 'object' || input === null) return found;
  found.add(input);
  for (const member of Object.values(input)) containers(member, found);
  return found;
}

describe('sameJson', () => {
  it('answers as canonical JSON texts compared do, on random pairs', () => {
    const outcomes = { same: 0, different: 0 };
    fc.assert(
      fc.property(value, value, (a, b) => {
        const expected = canonicalSame(a, b);
        outcomes[expected ? 'same' : 'different']++;
        return sameJson(a, b) === expected && sameJson(b, a) === expected;
      }),
      { numRuns: propertyRuns(3000) },
    );
    // The small domain gives both answers, so the property looked at each.
    expect(outcomes.same).toBeGreaterThan(0);
    expect(outcomes.different).toBeGreaterThan(0);
  });

  it('finds a value restated the same, and the same one changed in one place as canonical JSON does', () => {
    const outcomes = { same: 0, different: 0 };
    fc.assert(
      fc.property(value, fc.integer(), leaf, (original, seed, replacement) => {
        const random = seededRandom(seed);
        const restatement = restated(original, random);
        const changed = changedInOnePlace(original, random, replacement);
        const expected = canonicalSame(original, changed);
        outcomes[expected ? 'same' : 'different']++;
        return (
          canonicalSame(original, restatement) &&
          sameJson(original, restatement) &&
          sameJson(restatement, original) &&
          sameJson(original, changed) === expected &&
          sameJson(changed, restatement) === expected
        );
      }),
      { numRuns: propertyRuns(3000) },
    );
    expect(outcomes.different).toBeGreaterThan(outcomes.same);
  });

  it('compares what is not plain data (toJSON, an own __proto__ key) by its canonical text', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    expect(sameJson(date, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(sameJson({ when: date }, { when: '2026-01-02T00:00:00.000Z' })).toBe(false);
    const withProto = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown;
    expect(sameJson(withProto, { b: 2 })).toBe(canonicalSame(withProto, { b: 2 }));
    expect(sameJson(withProto, { b: 3 })).toBe(false);
  });
});

describe('sameAsWritten', () => {
  it('answers true only where canonical JSON texts are the same, and for a value and its copy', () => {
    const outcomes = { written: 0, restated: 0 };
    fc.assert(
      fc.property(value, value, fc.integer(), (a, b, seed) => {
        const restatement = restated(a, seededRandom(seed));
        // Never true where the texts differ, whatever the pair.
        for (const [x, y] of [
          [a, b],
          [a, restatement],
          [b, a],
        ] as const) {
          if (sameAsWritten(x, y) && !canonicalSame(x, y)) return false;
        }
        // A copy is the same data written the same way, unless something in it has no text of its own.
        const copy = copyJson(a);
        if (sameAsWritten(a, copy) !== !holdsNonText(a)) return false;
        if (sameAsWritten(a, copy)) outcomes.written++;
        if (canonicalSame(a, restatement) && !sameAsWritten(a, restatement)) outcomes.restated++;
        return true;
      }),
      { numRuns: propertyRuns(3000) },
    );
    // Both kinds of pair occurred: copies it decides, and restatements it leaves to the full comparison.
    expect(outcomes.written).toBeGreaterThan(0);
    expect(outcomes.restated).toBeGreaterThan(0);
  });

  it('leaves to the full comparison what it cannot judge in one order', () => {
    expect(sameAsWritten({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameAsWritten(NaN, NaN)).toBe(false);
    expect(sameAsWritten({ a: undefined }, { a: undefined })).toBe(false);
    expect(sameAsWritten(1n, 1n)).toBe(false);
    const date = new Date(0);
    expect(sameAsWritten(date, date)).toBe(false);
    const withProto = JSON.parse('{"__proto__": 1}') as unknown;
    expect(sameAsWritten(withProto, JSON.parse('{"__proto__": 1}'))).toBe(false);
    expect(sameAsWritten({ list: [1, 'a', null, true] }, { list: [1, 'a', null, true] })).toBe(true);
    expect(sameAsWritten({ list: [1, 'a'] }, { list: [1, 'a', null] })).toBe(false);
  });

  it('leaves to the full comparison an array that JSON writes through a toJSON', () => {
    const one = Object.assign(['a'], { toJSON: () => 'one' });
    const two = Object.assign(['a'], { toJSON: () => 'two' });
    expect(sameJson(one, two)).toBe(false);
    expect(sameAsWritten(one, two)).toBe(false);
    class Tagged extends Array<string> {
      toJSON(): string {
        return 'tagged';
      }
    }
    const tagged = Tagged.from(['a']);
    expect(sameJson(tagged, ['a'])).toBe(false);
    expect(sameAsWritten(tagged, ['a'])).toBe(false);
    expect(sameAsWritten(['a'], tagged)).toBe(false);
  });
});

/** Whether a value holds something JSON does not write as itself (undefined, NaN, an infinity). */
function holdsNonText(input: unknown): boolean {
  if (typeof input === 'object' && input !== null) return Object.values(input).some(holdsNonText);
  return input === undefined || (typeof input === 'number' && !Number.isFinite(input));
}

describe('copyJson', () => {
  it('copies as structuredClone does, sharing no object or array with the original', () => {
    fc.assert(
      fc.property(value, (original) => {
        const copy = copyJson(original);
        expect(copy).toStrictEqual(structuredClone(original));
        const shared = [...containers(copy)].filter((container) => containers(original).has(container));
        expect(shared).toEqual([]);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('keeps an own __proto__ key a member, and copies other objects with structuredClone', () => {
    const withProto = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>;
    const copy = copyJson(withProto);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    const date = new Date('2026-01-01T00:00:00Z');
    const copied = copyJson({ when: date });
    expect(copied.when).toBeInstanceOf(Date);
    expect(copied.when).not.toBe(date);
    expect(copied.when.getTime()).toBe(date.getTime());
  });
});
