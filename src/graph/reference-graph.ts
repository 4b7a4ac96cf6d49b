/**
 * The directed graph of schemas: an edge a -> b means schema a has a field that references schema b, so b must
 * exist (and be published) before a can be. References to anything outside the given set (system objects,
 * schemas only in the org, typos) are not edges here: other layers report or draw them.
 */
import { PackedIdSet } from './id-set.js';
import { rememberIndexedGraph } from './indexed-graph.js';

export interface ReferenceGraph {
  /** Every schema id, sorted, each once. */
  readonly nodes: readonly string[];
  /** For every node (including those without references), the ids it references, self excluded. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Builds the graph. A node given twice contributes the union of its references. A self-reference is dropped:
 * the platform accepts a schema that references itself (API.md), so it is neither a cycle nor an ordering
 * constraint. Edge sets iterate in id order.
 *
 * One hash look-up per reference, then integer work only: the same pass packs the rows that the cycle and
 * wave algorithms run on (indexed-graph.ts), so nothing hashes every edge a second time.
 */
export function buildReferenceGraph(nodes: Iterable<{ id: string; references: Iterable<string> }>): ReferenceGraph {
  const given: Array<{ id: string; references: Iterable<string> }> = [];
  const unique = new Set<string>();
  for (const node of nodes) {
    given.push(node);
    unique.add(node.id);
  }
  const ids = [...unique].sort(compareIds);
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.set(id, i));

  // Group the inputs by node, so that a node given twice is one row and duplicates are caught by a marker.
  const inputs: Array<Array<Iterable<string>>> = ids.map(() => []);
  for (const node of given) inputs[position.get(node.id)!]!.push(node.references);

  const seenFrom = new Int32Array(ids.length).fill(-1);
  const rows: Int32Array[] = [];
  const buffer: number[] = [];
  for (let from = 0; from < ids.length; from++) {
    buffer.length = 0;
    for (const references of inputs[from]!) {
      for (const reference of references) {
        const to = position.get(reference);
        if (to === undefined || to === from || seenFrom[to] === from) continue;
        seenFrom[to] = from;
        buffer.push(to);
      }
    }
    rows.push(Int32Array.from(buffer).sort());
  }

  const edges = new Map<string, ReadonlySet<string>>();
  ids.forEach((id, i) => edges.set(id, new PackedIdSet(ids, position, rows[i]!)));
  const graph: ReferenceGraph = { nodes: ids, edges };
  rememberIndexedGraph(graph, ids, rows);
  return graph;
}

/** Code-unit order: stable across locales, and what every sorted list in this layer uses. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
