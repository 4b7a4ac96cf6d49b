/**
 * The drawings show one arrow per pair of schemas, labelled with every field that makes the reference
 * (the JSON output keeps one edge per field).
 */
import type { GraphReport } from '../../graph/graph-report.js';

export interface DrawnEdge {
  from: string;
  to: string;
  label: string;
  inCycle: boolean;
  external: boolean;
}

export function drawnEdges(report: GraphReport): DrawnEdge[] {
  const byPair = new Map<string, DrawnEdge & { fields: string[] }>();
  for (const edge of report.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    const known = byPair.get(key);
    if (known === undefined) {
      byPair.set(key, {
        from: edge.from,
        to: edge.to,
        label: '',
        inCycle: edge.inCycle,
        external: edge.external,
        fields: [edge.fieldPath],
      });
    } else {
      known.fields.push(edge.fieldPath);
    }
  }
  return [...byPair.values()].map(({ fields, ...edge }) => ({ ...edge, label: fields.join(', ') }));
}
