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

describe('buildSchemaGraph', () => {
  it('builds the graph from definitions and keeps every reference, external ones included', () => {
    const { graph, references } = buildSchemaGraph([
      { externalId: 'order', fields: [{ name: 'buyer', fieldtype: 'reference', constraints: { referencedType: 'customer' } }] },
      { externalId: 'customer', fields: [{ name: 'contact', fieldtype: 'reference', constraints: { referencedType: 'contact' } }] },
    ]);
    expect(edgesOf(graph)).toEqual({ customer: [], order: ['customer'] });
    expect(references.get('customer')?.map((r) => r.target)).toEqual(['contact']);
  });
});
