/** The emulator's ids and correlation ids: version 4 UUIDs, none repeated, across many batches. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { randomUuid } from '../../src/emulator/random-uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('gives version 4 UUIDs, none twice, batch after batch', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 128 * 20 + 7; i++) {
      const id = randomUuid();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(128 * 20 + 7);
  });

  it('uses every hex digit in every random position', () => {
    // 4,000 ids: a digit a position never shows would be a chance of (15/16)^4000 there.
    const digits = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 4000; i++) [...randomUuid()].forEach((c, at) => digits[at]!.add(c));
    digits.forEach((set, at) => {
      if ([8, 13, 18, 23].includes(at)) expect([...set]).toEqual(['-']);
      else if (at === 14) expect([...set]).toEqual(['4']);
      else if (at === 19) expect([...set].sort()).toEqual(['8', '9', 'a', 'b']);
      else expect(set.size).toBe(16);
    });
  });

  it('keeps no more than its own text alive for an id that is kept', () => {
    // A slice of one string per batch would keep the batch's 4.6 KB alive for every stored id.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      kept.push(randomUuid());
      for (let skip = 0; skip < 127; skip++) randomUuid(); // the correlation ids drawn between two creates
    }
    gc();
    const perId = (process.memoryUsage().heapUsed - before) / kept.length;
    expect(kept).toHaveLength(2_000);
    expect(perId).toBeLessThan(1_000);
  });
});
