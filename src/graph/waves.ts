/**
 * Deploy waves: the order in which schemas can be published so that every referenced schema is published
 * before the schemas that reference it (API.md refuses a PUBLISHED version whose target is not PUBLISHED).
 * Schemas inside one wave do not depend on each other and can be deployed concurrently.
 */
import { compareIds, type ReferenceGraph } from './reference-graph.js';

export interface DeployWaves {
  /** Wave 0 references no other schema of the set; each later schema sits one wave after its last dependency. */
  waves: string[][];
  /** Schemas in a cycle or depending on one, directly or not: they can never be ordered, so never deployed. */
  blocked: string[];
}

/** Topological levels (Kahn's algorithm, level by level): linear in nodes + edges. */
export function deployWaves(graph: ReferenceGraph): DeployWaves {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const targets = graph.edges.get(node);
    waiting.set(node, targets?.size ?? 0);
    for (const target of targets ?? []) {
      let list = dependents.get(target);
      if (list === undefined) dependents.set(target, (list = []));
      list.push(node);
    }
  }

  const waves: string[][] = [];
  let current = graph.nodes.filter((node) => waiting.get(node) === 0);
  let placed = 0;
  while (current.length > 0) {
    current.sort(compareIds);
    waves.push(current);
    placed += current.length;
    const next: string[] = [];
    for (const node of current) {
      for (const dependent of dependents.get(node) ?? []) {
        const left = waiting.get(dependent)! - 1;
        waiting.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    current = next;
  }

  const blocked = placed === graph.nodes.length ? [] : graph.nodes.filter((node) => waiting.get(node)! > 0);
  return { waves, blocked: blocked.sort(compareIds) };
}
