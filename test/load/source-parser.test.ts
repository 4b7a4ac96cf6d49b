import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/source-parser.js';

function problems(
  text: string,
  format: 'yaml' | 'json' = 'yaml',
): Array<{ message: string; line: number; column: number }> {
  const parsed = parseSource(text, format);
  if (parsed.ok) return [];
  return parsed.problems.map((p) => ({ message: p.message, line: p.position.line, column: p.position.column }));
}

describe('parseSource', () => {
  it('parses YAML and locates values and keys by JSON Pointer', () => {
    const parsed = parseSource('externalId: a\nfields:\n  - name: x\n    constraints:\n      maxLength: 5\n', 'yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({ externalId: 'a', fields: [{ name: 'x', constraints: { maxLength: 5 } }] });
    expect(parsed.locate('')).toEqual({ line: 1, column: 1 });
    expect(parsed.locate('/externalId')).toEqual({ line: 1, column: 13 });
    expect(parsed.locate('/externalId', { key: true })).toEqual({ line: 1, column: 1 });
    expect(parsed.locate('/fields/0')).toEqual({ line: 3, column: 5 });
    expect(parsed.locate('/fields/0/constraints/maxLength')).toEqual({ line: 5, column: 18 });
    expect(parsed.locate('/fields/0/constraints/maxLength', { key: true })).toEqual({ line: 5, column: 7 });
    // Absent nodes: the nearest ancestor that exists.
    expect(parsed.locate('/fields/0/constraints/pattern')).toEqual({ line: 5, column: 7 });
    expect(parsed.locate('/fields/7/name')).toEqual({ line: 3, column: 3 });
  });

  it('locates through JSON Pointer escapes and aliases', () => {
    const parsed = parseSource('base: &b\n  "a/b": 1\n  "c~d": 2\ncopy: *b\n', 'yaml');
    if (!parsed.ok) throw new Error('expected a parse');
    expect(parsed.locate('/base/a~1b')).toEqual({ line: 2, column: 10 });
    expect(parsed.locate('/base/c~0d', { key: true })).toEqual({ line: 3, column: 3 });
    expect(parsed.locate('/copy/a~1b')).toEqual({ line: 2, column: 10 });
  });

  it('parses JSON with positions', () => {
    const parsed = parseSource('{\n  "externalId": "a",\n  "fields": [ { "name": "x" } ]\n}\n', 'json');
    if (!parsed.ok) throw new Error('expected a parse');
    expect(parsed.locate('/fields/0/name')).toEqual({ line: 3, column: 25 });
  });

  it('reports JSON syntax errors at the JSON position, even where YAML would accept the text', () => {
    expect(problems('{"a": 1,\n "b": }', 'json')).toEqual([expect.objectContaining({ line: 2, column: 7 })]);
    expect(problems("{a: 'yaml only'}", 'json')[0]?.message).toMatch(/^invalid JSON/);
    expect(problems('{"a": 1', 'json')[0]?.message).toMatch(/^invalid JSON/);
  });

  it('reports duplicate keys with the key and its position', () => {
    expect(problems('a: 1\nb: 2\na: 3\n')).toEqual([
      { message: "duplicate key 'a': a mapping's keys must be unique", line: 3, column: 1 },
    ]);
    expect(problems('{"a": 1, "a": 2}', 'json')[0]).toMatchObject({
      message: "duplicate key 'a': a mapping's keys must be unique",
      line: 1,
      column: 10,
    });
  });

  it('ends a line at a lone carriage return, as YAML 1.2 does, in YAML and in JSON', () => {
    const yaml = parseSource('externalId: a\rfields:\r  - name: x\r    constraints:\r      maxLength: 5\r', 'yaml');
    if (!yaml.ok) throw new Error('expected a parse');
    expect(yaml.value).toEqual({ externalId: 'a', fields: [{ name: 'x', constraints: { maxLength: 5 } }] });
    expect(yaml.locate('/fields/0/constraints/maxLength')).toEqual({ line: 5, column: 18 });
    const json = parseSource('{\r  "externalId": "a",\r  "fields": [ { "name": "x" } ]\r}\r', 'json');
    if (!json.ok) throw new Error('expected a parse');
    expect(json.locate('/fields/0/name')).toEqual({ line: 3, column: 25 });
    expect(problems('{\r  "a": 1,\r  "b": }', 'json')).toEqual([expect.objectContaining({ line: 3, column: 8 })]);
    expect(problems('a: 1\rb: 2\r  c: x\r')[0]).toMatchObject({ line: 2, column: 4 });
  });

  it('refuses tags rather than dropping them or building values JSON has no form for', () => {
    // A Map of constraints would have passed as no constraints at all.
    expect(problems('constraints: !!omap\n  - maxLength: 5000\n')).toEqual([
      {
        message: 'tag !!omap: cxschema reads plain values, which need no tag',
        line: 1,
        column: 14,
      },
    ]);
    expect(problems('a: !!binary aGk=\nb: !Ref x\nc: !!int x\nd: !!set { x }\n')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^tag !!binary:/) as unknown, line: 1, column: 4 }),
      expect.objectContaining({ message: expect.stringMatching(/^tag !Ref:/) as unknown, line: 2, column: 4 }),
      expect.objectContaining({ message: 'the value does not fit its tag !!int', line: 3, column: 4 }),
      expect.objectContaining({ message: expect.stringMatching(/^tag !!set:/) as unknown, line: 4, column: 4 }),
    ]);
    // Under %YAML 1.1 those types resolve, an unquoted date too: each is refused at its value.
    expect(problems('%YAML 1.1\n---\nmin: 2024-01-31\nname: !!binary aGk=\n')).toEqual([
      expect.objectContaining({
        message: '2024-01-31 reads as a date under %YAML 1.1, not as text',
        line: 3,
        column: 6,
      }),
      expect.objectContaining({ message: expect.stringMatching(/^tag !!binary:/) as unknown, line: 4, column: 16 }),
    ]);
    // The core schema's own tags build plain values.
    const plain = parseSource('a: !!str 5\nb: !!int 7\nc: !!map { d: !!seq [1] }\n', 'yaml');
    expect(plain.ok && plain.value).toEqual({ a: '5', b: 7, c: { d: [1] } });
  });

  it('reports empty files, comment-only files and several documents', () => {
    expect(problems('')[0]).toMatchObject({ message: 'empty file: no schema in it', line: 1, column: 1 });
    expect(problems('  \n\n')[0]?.message).toMatch(/empty file/);
    expect(problems('# nothing here\n')[0]?.message).toMatch(/only comments/);
    expect(problems('a: 1\n---\nb: 2\n')[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('reports YAML syntax errors with the parser position', () => {
    const found = problems('a:\n  - b\n - c\n');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.message).toMatch(/^invalid YAML/);
    expect(found[0]!.line).toBe(3);
  });

  it('refuses keys that are not scalars instead of stringifying them', () => {
    expect(problems('? [a, b]\n: 1\n').length).toBeGreaterThan(0);
  });

  it('refuses nesting deeper than 64 levels, in flow and block style', () => {
    expect(problems('['.repeat(70) + ']'.repeat(70))[0]?.message).toMatch(/nested more than 64 levels/);
    let block = '';
    for (let i = 0; i < 70; i++) block += ' '.repeat(i) + 'k:\n';
    const found = problems(block + ' '.repeat(70) + 'v');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/nested more than 64 levels/);
    expect(found[0]!.line).toBeGreaterThan(60);
    // Far deeper than the parser itself copes with: one problem, no crash.
    expect(problems('['.repeat(20000) + ']'.repeat(20000))).toHaveLength(1);
  });

  it('accepts 64 levels', () => {
    expect(parseSource('['.repeat(63) + ']'.repeat(63), 'yaml').ok).toBe(true);
  });

  it('refuses alias bombs and self-containing aliases', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    // Refused before expansion: a bomb that were expanded would not finish (its speed is bench/validate's concern).
    const found = problems(bomb);
    expect(found[0]).toMatchObject({ line: 2 });
    expect(found[0]!.message).toMatch(/aliases expand too much/);
    expect(problems('a: &x\n  b: *x\n')[0]).toMatchObject({
      message: expect.stringMatching(/contains it/) as unknown,
      line: 2,
      column: 6,
    });
  });

  it('tells an alias without an anchor as such, not as an alias bomb', () => {
    expect(problems('a: &base 1\nb: *bsae\n')).toEqual([
      { message: 'alias *bsae names no anchor: an anchor (&bsae) must come before its aliases', line: 2, column: 4 },
    ]);
    expect(problems('a: *later\nb: &later 1\n')[0]).toMatchObject({ line: 1, column: 4 });
  });

  it('keeps a few aliases working', () => {
    const parsed = parseSource('c: &c { maxLength: 5 }\nd: *c\n', 'yaml');
    expect(parsed.ok && parsed.value).toEqual({ c: { maxLength: 5 }, d: { maxLength: 5 } });
  });
});
