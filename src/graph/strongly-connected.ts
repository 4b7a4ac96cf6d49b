/**
 * Strongly connected components by id: a schema's component is the set of schemas it can reach and that can
 * reach it back, so any component of two or more schemas contains a reference cycle.
 */
import { componentIndices, indexGraph } from './indexed-graph.js';

export type Successors = (id: string) => Iterable<string>;

/**
 * The components of the subgraph induced by `nodes` (edges to ids outside `nodes` are ignored), in the order
 * Tarjan's algorithm completes them: a component comes before any component that references it.
 */
export function stronglyConnectedComponents(nodes: Iterable<string>, successors: Successors): string[][] {
  const graph = indexGraph([...new Set(nodes)], successors);
  return componentIndices(graph).map((component) => component.map((i) => graph.ids[i]!));
}
