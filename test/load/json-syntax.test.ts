import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/load/json-syntax.js';
import { propertyRuns } from '../support/property-runs.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 8, /trailing comma/],
    ['[1, 2,]', 6, /trailing comma/],
    ['{"a" 1}', 5, /':'/],
    ["{'a': 1}", 1, /double quotes/],
    ['{"a": tru}', 6, /a value/],
    ['{"a": 1', 7, /',' or '}'/],
    ['[1 2]', 3, /',' or '\]'/],
    ['{"a": "x', 8, /unterminated/],
    ['{"a": "\\x"}', 7, /escape/],
    ['{"a": "\t"}', 7, /control character/],
    ['{} {}', 3, /end of the file/],
    ['', 0, /a value/],
    ['-', 0, /a value/],
    ['01', 1, /end of the file/],
  ])('%j fails at offset %i', (text, offset, message) => {
    const error = findJsonSyntaxError(text);
    expect(error?.offset).toBe(offset);
    expect(error?.message).toMatch(message);
  });

  it('accepts deep nesting without recursion', () => {
    expect(findJsonSyntaxError('['.repeat(100000) + ']'.repeat(100000))).toBeUndefined();
  });

  it('agrees with JSON.parse on what is JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(findJsonSyntaxError(text)).toBeUndefined();
      }),
      { numRuns: propertyRuns(100) },
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', ' '), (text, at, insert) => {
        const position = at % (text.length + 1);
        const mutated = text.slice(0, position) + insert + text.slice(position);
        let valid = true;
        try {
          JSON.parse(mutated);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(mutated) === undefined).toBe(valid);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
