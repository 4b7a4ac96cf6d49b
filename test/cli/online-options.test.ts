import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { parsePositiveInteger } from '../../src/cli/online-options.js';

describe('parsePositiveInteger', () => {
  it('reads decimal digits as the number they write', () => {
    expect(parsePositiveInteger('1')).toBe(1);
    expect(parsePositiveInteger('300')).toBe(300);
    expect(parsePositiveInteger('02')).toBe(2);
    expect(parsePositiveInteger(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['0', '-1', '0x2', '1e0', '2.0', ' 2', '2 ', '+2', '00', '', '9999999999999999999', 'Infinity'])(
    'refuses %j',
    (text) => {
      expect(() => parsePositiveInteger(text)).toThrow(InvalidArgumentError);
    },
  );
});
