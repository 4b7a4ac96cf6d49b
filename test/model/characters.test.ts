import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterCount, nonAsciiNote } from '../../src/model/characters.js';

describe('characterCount', () => {
  it('counts code points: an emoji is one, a lone surrogate one', () => {
    expect(characterCount('')).toBe(0);
    expect(characterCount('abc')).toBe(3);
    expect(characterCount('a😀b')).toBe(3);
    expect(characterCount('\ud83d')).toBe(1);
    expect(characterCount('x\ude00\ud83d')).toBe(3);
  });

  it('agrees with a spread over any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(characterCount(text)).toBe([...text].length);
      }),
    );
  });
});

describe('nonAsciiNote', () => {
  it('names the first character outside printable ASCII by its code point', () => {
    expect(nonAsciiNote('customer_id')).toBeUndefined();
    expect(nonAsciiNote('\u0430bc')).toMatch(/^character 1 is U\+0430, not ASCII/);
    expect(nonAsciiNote('cust\u200bomer')).toMatch(/^character 5 is U\+200B/);
    expect(nonAsciiNote('a\u{1d5ba}b')).toMatch(/^character 2 is U\+1D5BA/);
  });
});
