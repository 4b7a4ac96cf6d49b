/**
 * Deploy waves: the order in which schemas can be published so that every referenced schema is published
 * before the schemas that reference it (docs/api-contract.md refuses a PUBLISHED version whose target is not
 * PUBLISHED). Schemas inside one wave do not depend on each other and can be deployed concurrently.
 */
import { indexReferenceGraph } from './indexed-graph.js';
import { compareIds } from './compare-ids.js';
import type { ReferenceGraph } from './reference-graph.js';

export interface DeployWaves {
  /** Wave 0 references no other schema of the set; each later schema sits one wave after its last dependency. */
  waves: string[][];
  /** Schemas in a cycle or depending on one, directly or not: they can never be ordered, so never deployed. */
  blocked: string[];
}

/** Topological levels (Kahn's algorithm, level by level): linear in nodes + edges. */
export function deployWaves(graph: ReferenceGraph): DeployWaves {
  const { ids, offsets, targets, sorted } = indexReferenceGraph(graph);
  const n = ids.length;
  // waiting[i]: dependencies of i not yet placed. Dependents are the reversed edges, also packed in rows.
  const waiting = new Int32Array(n);
  const dependentCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    waiting[i] = offsets[i + 1]! - offsets[i]!;
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) dependentCount[targets[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) dependentCount[i + 1]! += dependentCount[i]!;
  const dependentStart = dependentCount.slice();
  const dependents = new Int32Array(targets.length);
  for (let i = 0; i < n; i++) {
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) dependents[dependentStart[targets[e]!]!++] = i;
  }

  // First each node's level, then the waves by one pass over the nodes in index order: every wave comes out in
  // index order without a sort per wave (sorting each wave would make the whole superlinear).
  const level = new Int32Array(n).fill(-1);
  let levels = 0;
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) current.push(i);
  while (current.length > 0) {
    const next: number[] = [];
    for (const node of current) {
      level[node] = levels;
      for (let e = dependentCount[node]!; e < dependentCount[node + 1]!; e++) {
        const dependent = dependents[e]!;
        if (--waiting[dependent]! === 0) next.push(dependent);
      }
    }
    levels++;
    current = next;
  }
  const waves: string[][] = Array.from({ length: levels }, () => []);
  for (let i = 0; i < n; i++) if (level[i]! >= 0) waves[level[i]!]!.push(ids[i]!);
  // A built graph's nodes are sorted, so index order is id order; a hand-made graph's may not be.
  if (!sorted) for (const wave of waves) wave.sort(compareIds);

  const blocked: string[] = [];
  for (let i = 0; i < n; i++) if (waiting[i]! > 0) blocked.push(ids[i]!);
  return { waves, blocked: blocked.sort(compareIds) };
}
