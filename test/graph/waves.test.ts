import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReferenceGraph, type ReferenceGraph } from '../../src/graph/reference-graph.js';
import { deployWaves } from '../../src/graph/waves.js';
import { findCycles } from '../../src/graph/cycles.js';
import { propertyRuns } from '../support/property-runs.js';

function graphOf(edges: Record<string, string[]>): ReferenceGraph {
  return buildReferenceGraph(Object.entries(edges).map(([id, references]) => ({ id, references })));
}

describe('deployWaves', () => {
  it('puts each schema one wave after its last dependency, sorted within a wave', () => {
    const graph = graphOf({
      order: ['customer', 'product'],
      product: ['supplier'],
      customer: [],
      supplier: [],
      note: ['order'],
      tag: [],
    });
    expect(deployWaves(graph)).toEqual({
      waves: [['customer', 'supplier', 'tag'], ['product'], ['order'], ['note']],
      blocked: [],
    });
  });

  it('blocks schemas in a cycle and everything that depends on one, but not their dependencies', () => {
    const graph = graphOf({ a: ['b'], b: ['a', 'base'], base: [], user: ['a'], free: ['base'], self: ['self'] });
    expect(deployWaves(graph)).toEqual({ waves: [['base', 'self'], ['free']], blocked: ['a', 'b', 'user'] });
  });

  it('returns no waves for an empty graph', () => {
    expect(deployWaves(graphOf({}))).toEqual({ waves: [], blocked: [] });
  });

  it('orders every edge and blocks exactly what reaches a cycle, on random graphs', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const edge = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 14 }), (edges) => {
        const graph = buildReferenceGraph(
          ids.map((id) => ({ id, references: edges.filter(([from]) => from === id).map(([, to]) => to) })),
        );
        const { waves, blocked } = deployWaves(graph);
        const waveOf = new Map<string, number>();
        waves.forEach((wave, index) => wave.forEach((id) => waveOf.set(id, index)));
        expect([...waveOf.keys(), ...blocked].sort()).toEqual(ids);

        const inCycle = new Set(findCycles(graph).flat());
        const reachesCycle = (id: string, seen = new Set<string>()): boolean => {
          if (inCycle.has(id)) return true;
          seen.add(id);
          return [...(graph.edges.get(id) ?? [])].some((next) => !seen.has(next) && reachesCycle(next, seen));
        };
        expect(blocked).toEqual(ids.filter((id) => reachesCycle(id)));

        for (const [id, wave] of waveOf) {
          const deps = [...(graph.edges.get(id) ?? [])].map((dep) => waveOf.get(dep)!);
          // One wave after the last dependency: strictly after every one, and exactly one after the latest.
          expect(wave).toBe(deps.length === 0 ? 0 : Math.max(...deps) + 1);
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
