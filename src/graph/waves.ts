/**
 * Deploy waves: the order in which schemas can be published so that every referenced schema is published
 * before the schemas that reference it (API.md refuses a PUBLISHED version whose target is not PUBLISHED).
 * Schemas inside one wave do not depend on each other and can be deployed concurrently.
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

  const waves: string[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) current.push(i);
  while (current.length > 0) {
    // A built graph's nodes are sorted, so sorting indices sorts the wave's ids; a hand-made one may not be.
    current.sort((a, b) => a - b);
    const wave = current.map((i) => ids[i]!);
    waves.push(sorted ? wave : wave.sort(compareIds));
    const next: number[] = [];
    for (const node of current) {
      for (let e = dependentCount[node]!; e < dependentCount[node + 1]!; e++) {
        const dependent = dependents[e]!;
        if (--waiting[dependent]! === 0) next.push(dependent);
      }
    }
    current = next;
  }

  const blocked: string[] = [];
  for (let i = 0; i < n; i++) if (waiting[i]! > 0) blocked.push(ids[i]!);
  return { waves, blocked: blocked.sort(compareIds) };
}
