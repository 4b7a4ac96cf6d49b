/**
 * The directed graph of schemas: an edge a -> b means schema a has a field that references schema b, so b must
 * exist (and be published) before a can be. References to anything outside the given set (system objects,
 * schemas only in the org, typos) are not edges here: other layers report or draw them.
 */
export interface ReferenceGraph {
  /** Every schema id, sorted, each once. */
  readonly nodes: readonly string[];
  /** For every node (including those without references), the ids it references, self excluded. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Builds the graph. A node given twice contributes the union of its references. A self-reference is dropped:
 * the platform accepts a schema that references itself (API.md), so it is neither a cycle nor an ordering
 * constraint.
 */
export function buildReferenceGraph(nodes: Iterable<{ id: string; references: Iterable<string> }>): ReferenceGraph {
  const given: Array<{ id: string; references: Iterable<string> }> = [];
  const edges = new Map<string, Set<string>>();
  for (const node of nodes) {
    given.push(node);
    if (!edges.has(node.id)) edges.set(node.id, new Set());
  }
  for (const node of given) {
    const targets = edges.get(node.id);
    if (targets === undefined) continue;
    for (const target of node.references) {
      if (target !== node.id && edges.has(target)) targets.add(target);
    }
  }
  const sorted = [...edges.keys()].sort(compareIds);
  return { nodes: sorted, edges };
}

/** Code-unit order: stable across locales, and what every sorted list in this layer uses. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
