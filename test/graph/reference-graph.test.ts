import { describe, expect, it } from 'vitest';
import { buildReferenceGraph } from '../../src/graph/reference-graph.js';
import { buildSchemaGraph } from '../../src/graph/schema-graph.js';

function edgesOf(graph: ReturnType<typeof buildReferenceGraph>): Record<string, string[]> {
  return Object.fromEntries(graph.nodes.map((node) => [node, [...(graph.edges.get(node) ?? [])].sort()]));
}

describe('buildReferenceGraph', () => {
  it('keeps only edges between given ids, drops self-references, sorts nodes', () => {
    const graph = buildReferenceGraph([
      { id: 'order', references: ['customer', 'contact', 'order', 'product'] },
      { id: 'customer', references: [] },
      { id: 'product', references: ['missing'] },
    ]);
    expect(graph.nodes).toEqual(['customer', 'order', 'product']);
    expect(edgesOf(graph)).toEqual({ customer: [], order: ['customer', 'product'], product: [] });
  });

  it('accepts a reference to a node given later, merges duplicate ids and consumes one-shot iterables', () => {
    function* once(...ids: string[]): Generator<string> {
      yield* ids;
    }
    const graph = buildReferenceGraph([
      { id: 'a', references: once('b') },
      { id: 'a', references: once('c') },
      { id: 'b', references: once() },
      { id: 'c', references: once('a') },
    ]);
    expect(edgesOf(graph)).toEqual({ a: ['b', 'c'], b: [], c: ['a'] });
  });
});

describe('edge sets', () => {
  const graph = buildReferenceGraph([
    { id: 'a', references: ['d', 'b', 'c', 'b', 'x'] },
    { id: 'b', references: [] },
    { id: 'c', references: [] },
    { id: 'd', references: [] },
  ]);
  const set = graph.edges.get('a')!;

  it('behave as read-only sets that iterate in id order', () => {
    expect(set.size).toBe(3);
    expect([...set]).toEqual(['b', 'c', 'd']);
    expect([...set.keys()]).toEqual(['b', 'c', 'd']);
    expect([...set.values()]).toEqual(['b', 'c', 'd']);
    expect([...set.entries()]).toEqual([
      ['b', 'b'],
      ['c', 'c'],
      ['d', 'd'],
    ]);
    const seen: string[] = [];
    set.forEach((value, key, owner) => {
      expect(owner).toBe(set);
      seen.push(`${value}=${key}`);
    });
    expect(seen).toEqual(['b=b', 'c=c', 'd=d']);
    expect(new Set(set)).toEqual(new Set(['b', 'c', 'd']));
  });

  it('sort long and short rows alike', () => {
    const targets = Array.from({ length: 100 }, (_, i) => `t${String((i * 37) % 100).padStart(3, '0')}`);
    const wide = buildReferenceGraph([
      { id: 'hub', references: targets },
      ...targets.map((id) => ({ id, references: [] })),
    ]);
    const members = [...wide.edges.get('hub')!];
    expect(members).toHaveLength(100);
    expect(members).toEqual([...targets].sort());
    expect(targets.every((id) => wide.edges.get('hub')!.has(id))).toBe(true);
  });

  it('answer has() for members, non-members and ids outside the graph', () => {
    expect(['a', 'b', 'c', 'd', 'x', ''].map((id) => set.has(id))).toEqual([false, true, true, true, false, false]);
    expect(graph.edges.get('b')!.has('a')).toBe(false);
    expect(graph.edges.get('b')!.size).toBe(0);
  });
});

describe('buildSchemaGraph', () => {
  it('builds the graph from definitions and keeps every reference, external ones included', () => {
    const { graph, references } = buildSchemaGraph([
      {
        externalId: 'order',
        fields: [{ name: 'buyer', fieldtype: 'reference', constraints: { referencedType: 'customer' } }],
      },
      {
        externalId: 'customer',
        fields: [{ name: 'contact', fieldtype: 'reference', constraints: { referencedType: 'contact' } }],
      },
    ]);
    expect(edgesOf(graph)).toEqual({ customer: [], order: ['customer'] });
    expect(references.get('customer')?.map((r) => r.target)).toEqual(['contact']);
  });
});
