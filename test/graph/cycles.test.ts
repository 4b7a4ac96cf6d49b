import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycles, findCyclesDetailed } from '../../src/graph/cycles.js';
import { buildReferenceGraph, type ReferenceGraph } from '../../src/graph/reference-graph.js';
import { propertyRuns } from '../support/property-runs.js';

function graphOf(edges: Record<string, string[]>): ReferenceGraph {
  return buildReferenceGraph(Object.entries(edges).map(([id, references]) => ({ id, references })));
}

/** Independent enumeration for small graphs: simple paths from each start through larger ids only, closed back. */
function bruteForceCycles(graph: ReferenceGraph): string[][] {
  const cycles: string[][] = [];
  for (const start of graph.nodes) {
    const extend = (path: string[]): void => {
      for (const next of graph.edges.get(path[path.length - 1]!) ?? []) {
        if (next === start) cycles.push([...path]);
        else if (next > start && !path.includes(next)) extend([...path, next]);
      }
    };
    extend([start]);
  }
  return cycles
    .map((c) => c.join('>'))
    .sort()
    .map((c) => c.split('>'));
}

describe('findCycles', () => {
  it('finds nothing in a DAG', () => {
    expect(findCycles(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('ignores self-references', () => {
    expect(findCycles(graphOf({ a: ['a'] }))).toEqual([]);
  });

  it('reports each cycle once, rotated to its smallest id, the list sorted', () => {
    const graph = graphOf({ d: ['b'], b: ['c'], c: ['d', 'a'], a: ['c'], x: ['y'], y: ['x'], z: [] });
    expect(findCycles(graph)).toEqual([
      ['a', 'c'],
      ['b', 'c', 'd'],
      ['x', 'y'],
    ]);
  });

  it('lists every elementary cycle of a complete graph', () => {
    // K4 has 6 two-cycles, 8 three-cycles and 6 four-cycles.
    const ids = ['a', 'b', 'c', 'd'];
    const graph = graphOf(Object.fromEntries(ids.map((id) => [id, ids])));
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(20);
    expect(cycles).toEqual(bruteForceCycles(graph));
  });

  it('stops at the limit and says so', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `n${i}`);
    const graph = graphOf(Object.fromEntries(ids.map((id) => [id, ids])));
    const limited = findCyclesDetailed(graph, { limit: 10 });
    expect(limited.cycles).toHaveLength(10);
    expect(limited.truncated).toBe(true);
    expect(findCycles(graph, { limit: 10 })).toEqual(limited.cycles);
    const exact = findCyclesDetailed(graphOf({ a: ['b'], b: ['a'] }), { limit: 1 });
    expect(exact).toEqual({ cycles: [['a', 'b']], truncated: false });
  });

  it('handles a single cycle through 20,000 schemas without overflowing the stack', () => {
    const n = 20_000;
    const id = (i: number): string => `s${String(i).padStart(5, '0')}`;
    const graph = buildReferenceGraph(
      Array.from({ length: n }, (_, i) => ({ id: id(i), references: [id((i + 1) % n)] })),
    );
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
    expect(cycles[0]![0]).toBe(id(0));
  });

  it('agrees with brute-force enumeration on random small graphs', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const edge = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 18 }), (edges) => {
        const graph = buildReferenceGraph(
          ids.map((id) => ({ id, references: edges.filter(([from]) => from === id).map(([, to]) => to) })),
        );
        expect(findCycles(graph)).toEqual(bruteForceCycles(graph));
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
