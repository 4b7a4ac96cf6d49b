/**
 * The directed graph of schemas: an edge a -> b means schema a has a field that references schema b, so b must
 * exist (and be published) before a can be. References to anything outside the given set (system objects,
 * schemas only in the org, typos) are not edges here: other layers report or draw them.
 */
import { compareIds } from './compare-ids.js';
import { PackedIdSet } from './id-set.js';
import { rememberIndexedGraph } from './indexed-graph.js';

export { compareIds };

/**
 * Sorts targets[start..end) ascending. Rows are short (a schema references a handful of others): insertion sort
 * in place beats a library sort call per row; a long row takes the typed array's own numeric sort.
 */
function sortRow(targets: Int32Array, start: number, end: number): void {
  if (end - start > 32) {
    targets.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const value = targets[i]!;
    let j = i - 1;
    while (j >= start && targets[j]! > value) {
      targets[j + 1] = targets[j]!;
      j--;
    }
    targets[j + 1] = value;
  }
}

export interface ReferenceGraph {
  /** Every schema id, sorted, each once. */
  readonly nodes: readonly string[];
  /** For every node (including those without references), the ids it references, self excluded. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Builds the graph. A node given twice contributes the union of its references. A self-reference is dropped:
 * the platform accepts a schema that references itself (docs/api-contract.md), so it is neither a cycle nor an ordering
 * constraint. Edge sets iterate in id order.
 *
 * One hash look-up per reference, then integer work only: the edges are packed into one array of indices
 * (compressed rows) that the edge sets read and that the cycle and wave algorithms run on (indexed-graph.ts),
 * so nothing hashes every edge a second time and no per-node structure is allocated beyond its set view.
 */
export function buildReferenceGraph(nodes: Iterable<{ id: string; references: Iterable<string> }>): ReferenceGraph {
  const given = Array.isArray(nodes) ? (nodes as Array<{ id: string; references: Iterable<string> }>) : [...nodes];
  // The default sort compares UTF-16 code units, as compareIds does, without a call per comparison.
  const ids = [...new Set(given.map((node) => node.id))].sort();
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.set(id, i));

  // The given nodes in id order (a counting sort), so that a node given twice is read as one row.
  const n = ids.length;
  const givenStart = new Int32Array(n + 1);
  const givenFrom = new Int32Array(given.length);
  given.forEach((node, i) => {
    const from = position.get(node.id)!;
    givenFrom[i] = from;
    givenStart[from + 1]!++;
  });
  for (let i = 0; i < n; i++) givenStart[i + 1]! += givenStart[i]!;
  const givenOrder = new Int32Array(given.length);
  const fill = givenStart.slice(0, n);
  for (let i = 0; i < given.length; i++) givenOrder[fill[givenFrom[i]!]!++] = i;

  const offsets = new Int32Array(n + 1);
  let targets = new Int32Array(Math.max(16, given.length * 4));
  let count = 0;
  // seenFrom[to] === from: the edge from -> to is already in the row (duplicates across fields and inputs).
  const seenFrom = new Int32Array(n).fill(-1);
  for (let from = 0; from < n; from++) {
    offsets[from] = count;
    for (let k = givenStart[from]!; k < givenStart[from + 1]!; k++) {
      for (const reference of given[givenOrder[k]!]!.references) {
        const to = position.get(reference);
        if (to === undefined || to === from || seenFrom[to] === from) continue;
        seenFrom[to] = from;
        if (count === targets.length) {
          const grown = new Int32Array(targets.length * 2);
          grown.set(targets);
          targets = grown;
        }
        targets[count++] = to;
      }
    }
    sortRow(targets, offsets[from]!, count);
  }
  offsets[n] = count;
  targets = targets.slice(0, count);

  const edges = new Map<string, ReadonlySet<string>>();
  for (let i = 0; i < n; i++) edges.set(ids[i]!, new PackedIdSet(ids, position, targets, offsets[i]!, offsets[i + 1]!));
  const graph: ReferenceGraph = { nodes: ids, edges };
  rememberIndexedGraph(graph, { ids, offsets, targets, sorted: true });
  return graph;
}
