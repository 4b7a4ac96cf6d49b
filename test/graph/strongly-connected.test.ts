import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from '../../src/graph/strongly-connected.js';

describe('stronglyConnectedComponents', () => {
  const edges: Record<string, string[]> = {
    a: ['b'],
    b: ['c', 'outside'],
    c: ['a', 'd'],
    d: ['e'],
    e: ['d'],
    f: ['a'],
  };
  const successors = (id: string): string[] => edges[id] ?? [];

  it('groups mutually reachable nodes and ignores edges leaving the node set', () => {
    const components = stronglyConnectedComponents(Object.keys(edges), successors).map((c) => [...c].sort());
    expect([...components].sort()).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
  });

  it('completes a component before any component that references it', () => {
    const components = stronglyConnectedComponents(Object.keys(edges), successors);
    const indexOf = (id: string): number => components.findIndex((c) => c.includes(id));
    expect(indexOf('d')).toBeLessThan(indexOf('a'));
    expect(indexOf('a')).toBeLessThan(indexOf('f'));
  });

  it('works on a subset, and on a 50,000-node chain without overflowing the stack', () => {
    expect(stronglyConnectedComponents(['a', 'b'], successors)).toEqual([['b'], ['a']]);
    const n = 50_000;
    const chain = (id: string): string[] => (Number(id) + 1 < n ? [String(Number(id) + 1)] : ['0']);
    const components = stronglyConnectedComponents(
      Array.from({ length: n }, (_, i) => String(i)),
      chain,
    );
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
