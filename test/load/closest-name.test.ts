import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/load/closest-name.js';

describe('closestName', () => {
  it('suggests close names, case-insensitively', () => {
    expect(closestName('fieldType', ['fieldtype', 'name'])).toBe('fieldtype');
    expect(closestName('datetime', ['dateTime', 'string'])).toBe('dateTime');
    expect(closestName('maxLenght', ['maxLength', 'minLength'])).toBe('maxLength');
    expect(closestName('schema', ['$schema', 'schemas'])).toBe('schemas');
  });

  it('stays quiet when nothing is close, or when the name is exact', () => {
    expect(closestName('colour', ['fieldtype', 'name'])).toBeUndefined();
    expect(closestName('name', ['name'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
