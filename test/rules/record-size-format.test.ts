import { describe, expect, it } from 'vitest';
import { formatSize } from '../../src/rules/record-size-limit.js';

describe('record sizes in messages', () => {
  it('uses the unit that keeps the number readable', () => {
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(102_400)).toBe('100.0 KB');
    expect(formatSize(75_376_537)).toBe('71.9 MB');
  });
});
