/**
 * The reference graph of a set of schema definitions, with every reference kept (including those to system
 * objects and unknown targets, which are not edges) so that callers can report or draw them.
 */
import type { SchemaField } from '../model/schema.js';
import { buildReferenceGraph, type ReferenceGraph } from './reference-graph.js';
import { collectReferences, type SchemaReference } from './references.js';

export interface SchemaGraph {
  graph: ReferenceGraph;
  /** Every reference of each schema, in document order, by externalId. */
  references: ReadonlyMap<string, readonly SchemaReference[]>;
}

export function buildSchemaGraph(
  schemas: Iterable<{ externalId: string; fields: readonly SchemaField[] }>,
): SchemaGraph {
  const references = new Map<string, SchemaReference[]>();
  for (const schema of schemas) {
    const found = collectReferences(schema.fields);
    const known = references.get(schema.externalId);
    if (known === undefined) references.set(schema.externalId, found);
    else known.push(...found);
  }
  const graph = buildReferenceGraph(
    [...references].map(([id, refs]) => ({ id, references: refs.map((ref) => ref.target) })),
  );
  return { graph, references };
}
