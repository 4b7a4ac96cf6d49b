/**
 * The reference graph with its ids replaced by array indices and its edges packed in compressed sparse rows.
 * The public graph is keyed by strings for its callers; the linear algorithms (SCCs, waves) run on this form,
 * which keeps them cache-friendly and allocation-free on graphs of tens of thousands of schemas.
 */
import { compareIds } from './compare-ids.js';
import type { ReferenceGraph } from './reference-graph.js';

export interface IndexedGraph {
  ids: readonly string[];
  /** Node i's successors are targets[offsets[i]] .. targets[offsets[i + 1] - 1]. */
  offsets: Int32Array;
  targets: Int32Array;
  /** `ids` are in compareIds order, so index order is id order. */
  sorted: boolean;
}

/** Indexes `ids` in their order; edges to ids outside the list are dropped. */
export function indexGraph(ids: readonly string[], successors: (id: string) => Iterable<string>): IndexedGraph {
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => indexOf.set(id, i));
  const offsets = new Int32Array(ids.length + 1);
  let targets = new Int32Array(Math.max(16, ids.length * 4));
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    offsets[i] = count;
    for (const target of successors(ids[i]!)) {
      const j = indexOf.get(target);
      if (j === undefined) continue;
      if (count === targets.length) {
        const grown = new Int32Array(targets.length * 2);
        grown.set(targets);
        targets = grown;
      }
      targets[count++] = j;
    }
  }
  offsets[ids.length] = count;
  const sorted = ids.every((id, i) => i === 0 || compareIds(ids[i - 1]!, id) < 0);
  return { ids, offsets, targets: targets.subarray(0, count), sorted };
}

/**
 * Graphs made by buildReferenceGraph, with the integer form built in the same pass. A ReferenceGraph is a value
 * nobody mutates (its types are read-only), so the cached form stays true for its lifetime.
 */
const indexedForms = new WeakMap<ReferenceGraph, IndexedGraph>();

export function rememberIndexedGraph(graph: ReferenceGraph, indexed: IndexedGraph): void {
  indexedForms.set(graph, indexed);
}

/** The integer form of a graph: cached for built graphs, computed for hand-made ones. */
export function indexReferenceGraph(graph: ReferenceGraph): IndexedGraph {
  const known = indexedForms.get(graph);
  if (known !== undefined) return known;
  const indexed = indexGraph(graph.nodes, (id) => graph.edges.get(id) ?? []);
  indexedForms.set(graph, indexed);
  return indexed;
}

/**
 * Tarjan's strongly connected components, iterative (a chain of thousands of schemas must not overflow the
 * call stack), linear in nodes + edges. Components are returned as index lists, in completion order: a
 * component comes before any component that references it.
 */
export function componentIndices(graph: IndexedGraph, options?: { minSize?: number }): number[][] {
  const minSize = options?.minSize ?? 1;
  const n = graph.ids.length;
  const { offsets, targets } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let stackSize = 0;
  // The explicit call stack: the node and the position of the next successor to look at.
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);

  let counter = 0;
  const components: number[][] = [];

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[stackSize++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callEdge[0] = offsets[root]!;
    let depth = 1;
    while (depth > 0) {
      const node = callNode[depth - 1]!;
      const edge = callEdge[depth - 1]!;
      if (edge < offsets[node + 1]!) {
        callEdge[depth - 1] = edge + 1;
        const target = targets[edge]!;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack[stackSize++] = target;
          onStack[target] = 1;
          callNode[depth] = target;
          callEdge[depth] = offsets[target]!;
          depth++;
        } else if (onStack[target] === 1 && index[target]! < low[node]!) {
          low[node] = index[target]!;
        }
        continue;
      }
      depth--;
      if (low[node] === index[node]) {
        // Singletons are most of an acyclic graph: skip building them when the caller does not want them.
        let bottom = stackSize - 1;
        while (stack[bottom] !== node) bottom--;
        for (let k = bottom; k < stackSize; k++) onStack[stack[k]!] = 0;
        if (stackSize - bottom >= minSize) components.push(Array.from(stack.subarray(bottom, stackSize)).reverse());
        stackSize = bottom;
      }
      if (depth > 0) {
        const parent = callNode[depth - 1]!;
        if (low[node]! < low[parent]!) low[parent] = low[node]!;
      }
    }
  }
  return components;
}
