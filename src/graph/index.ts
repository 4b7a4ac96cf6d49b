/** The reference graph layer: what references what, cycles, deploy waves. */
export { collectReferences, type SchemaReference } from './references.js';
export { buildReferenceGraph, compareIds, type ReferenceGraph } from './reference-graph.js';
export { stronglyConnectedComponents, type Successors } from './strongly-connected.js';
export { findCycles, findCyclesDetailed, DEFAULT_CYCLE_LIMIT, type CycleSearchResult } from './cycles.js';
export { deployWaves, type DeployWaves } from './waves.js';
export { buildSchemaGraph, type SchemaGraph } from './schema-graph.js';
