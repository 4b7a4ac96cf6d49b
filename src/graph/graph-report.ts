/**
 * Everything `cxschema graph` shows, as data: the schemas and what they reference (system objects and unknown
 * targets included, as external nodes), each reference with its field path, the deploy waves, the cycles and
 * the blocked schemas. The CLI draws it as Mermaid or DOT, or prints it as JSON.
 */
import type { SchemaField } from '../model/schema.js';
import { findCyclesDetailed } from './cycles.js';
import { compareIds } from './compare-ids.js';
import { buildSchemaGraph } from './schema-graph.js';
import { deployWaves } from './waves.js';

export type GraphNodeKind = 'schema' | 'system' | 'unknown';

export interface GraphReportNode {
  id: string;
  /** schema: defined in the files; system: a system object type; unknown: neither (validate reports it). */
  kind: GraphNodeKind;
  /** Files defining the schema (more than one when an externalId is repeated). */
  files?: string[];
  /** The schema's deploy wave, when it can be deployed. */
  wave?: number;
  /** In a cycle or depending on one. */
  blocked?: boolean;
}

export interface GraphReportEdge {
  from: string;
  to: string;
  fieldPath: string;
  /** The target is not one of the schemas (a system object or unknown). */
  external: boolean;
  /** A self-reference: allowed by the platform, no ordering constraint. */
  self: boolean;
  /** The edge lies on a reported cycle. */
  inCycle: boolean;
}

export interface GraphReport {
  nodes: GraphReportNode[];
  edges: GraphReportEdge[];
  waves: string[][];
  cycles: string[][];
  /** More cycles exist than were listed. */
  cyclesTruncated: boolean;
  blocked: string[];
}

export interface GraphReportSchema {
  externalId: string;
  fields: readonly SchemaField[];
  file?: string;
}

export function buildGraphReport(
  schemas: readonly GraphReportSchema[],
  options: { systemObjects: readonly string[] },
): GraphReport {
  const { graph, references } = buildSchemaGraph(schemas);
  const { cycles, truncated } = findCyclesDetailed(graph);
  const { waves, blocked } = deployWaves(graph);

  const waveOf = new Map<string, number>();
  waves.forEach((wave, index) => wave.forEach((id) => waveOf.set(id, index)));
  const blockedSet = new Set(blocked);
  const files = new Map<string, string[]>();
  for (const schema of schemas) {
    if (schema.file === undefined) continue;
    const list = files.get(schema.externalId) ?? [];
    if (!list.includes(schema.file)) list.push(schema.file);
    files.set(schema.externalId, list);
  }

  const nodes: GraphReportNode[] = graph.nodes.map((id) => {
    const node: GraphReportNode = { id, kind: 'schema' };
    const defined = files.get(id);
    if (defined !== undefined) node.files = defined;
    const wave = waveOf.get(id);
    if (wave !== undefined) node.wave = wave;
    if (blockedSet.has(id)) node.blocked = true;
    return node;
  });

  const cycleEdges = new Set<string>();
  for (const cycle of cycles) {
    cycle.forEach((id, i) => cycleEdges.add(edgeKey(id, cycle[(i + 1) % cycle.length]!)));
  }
  const system = new Set(options.systemObjects);
  const external = new Map<string, GraphNodeKind>();
  const edges: GraphReportEdge[] = [];
  for (const from of graph.nodes) {
    for (const reference of references.get(from) ?? []) {
      const isSchema = graph.edges.has(reference.target);
      if (!isSchema) external.set(reference.target, system.has(reference.target) ? 'system' : 'unknown');
      edges.push({
        from,
        to: reference.target,
        fieldPath: reference.fieldPath,
        external: !isSchema,
        self: reference.target === from,
        inCycle: cycleEdges.has(edgeKey(from, reference.target)),
      });
    }
  }
  for (const id of [...external.keys()].sort(compareIds)) nodes.push({ id, kind: external.get(id)! });

  return { nodes, edges, waves, cycles, cyclesTruncated: truncated, blocked };
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
