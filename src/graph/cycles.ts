/**
 * Reference cycles: schemas that reference each other around a loop can never be published one after another
 * (each needs the next one published first), so each cycle is reported with its full path.
 *
 * Tarjan's SCCs first (linear): most graphs are acyclic and stop there. Inside each non-trivial component,
 * Johnson's algorithm lists every elementary cycle once, in time polynomial per cycle found; the number of
 * cycles of a dense component can still be exponential, hence the limit.
 */
import { compareIds } from './compare-ids.js';
import type { ReferenceGraph } from './reference-graph.js';
import { componentIndices, indexReferenceGraph } from './indexed-graph.js';
import { stronglyConnectedComponents } from './strongly-connected.js';

export const DEFAULT_CYCLE_LIMIT = 1000;

export interface CycleSearchResult {
  /** Each cycle [a, b, c] means a -> b -> c -> a, starting at its smallest id; the list is sorted. */
  cycles: string[][];
  /** True when more cycles exist than the limit allowed to list. */
  truncated: boolean;
}

/** Every distinct elementary cycle (up to `limit`, default 1000), each rotated to its smallest id, sorted. */
export function findCycles(graph: ReferenceGraph, options?: { limit?: number }): string[][] {
  return findCyclesDetailed(graph, options).cycles;
}

/** As findCycles, and says whether the limit cut the list short. */
export function findCyclesDetailed(graph: ReferenceGraph, options?: { limit?: number }): CycleSearchResult {
  const limit = Math.max(0, options?.limit ?? DEFAULT_CYCLE_LIMIT);
  const cycles: string[][] = [];
  let truncated = false;

  // Sorted successors make the search (and so the subset kept when truncated) independent of input order.
  const sortedSuccessors = new Map<string, string[]>();
  const successors = (id: string): string[] => {
    let list = sortedSuccessors.get(id);
    if (list === undefined) {
      list = [...(graph.edges.get(id) ?? [])].sort(compareIds);
      sortedSuccessors.set(id, list);
    }
    return list;
  };

  // Components are searched smallest id first (pending is kept sorted descending and popped): the order does not
  // change the full result, only which cycles a truncated search keeps, and this keeps that choice stable.
  const byStartDescending = (a: string[], b: string[]): number => compareIds(b[0]!, a[0]!);
  const indexed = indexReferenceGraph(graph);
  const pending = nonTrivial(
    componentIndices(indexed, { minSize: 2 }).map((component) => component.map((i) => indexed.ids[i]!)),
  );
  pending.sort(byStartDescending);
  while (pending.length > 0 && !truncated) {
    const component = pending.pop()!;
    const start = component[0]!;
    const members = new Set(component);
    truncated = !searchCyclesThrough(start, members, successors, (cycle) => {
      if (cycles.length >= limit) return false;
      cycles.push(cycle);
      return true;
    });
    members.delete(start);
    pending.push(...nonTrivial(stronglyConnectedComponents(members, successors)));
    pending.sort(byStartDescending);
  }
  cycles.sort(compareCycles);
  return { cycles, truncated };
}

/** Components of two or more nodes (self-references are not edges), each sorted so its smallest id is first. */
function nonTrivial(components: string[][]): string[][] {
  return components.filter((c) => c.length > 1).map((c) => c.sort(compareIds));
}

/**
 * Johnson's circuit search from `start` (the smallest id of `members`), iterative. A node stays blocked while
 * no cycle through it back to start has been found; `blockedBy` remembers whom to unblock when one is.
 * Returns false when `emit` refused a cycle (the limit is reached).
 */
function searchCyclesThrough(
  start: string,
  members: ReadonlySet<string>,
  successors: (id: string) => readonly string[],
  emit: (cycle: string[]) => boolean,
): boolean {
  const path = [start];
  const blocked = new Set([start]);
  const blockedBy = new Map<string, Set<string>>();
  const iterators: Array<Iterator<string>> = [successors(start)[Symbol.iterator]()];
  const closed = [false];

  while (iterators.length > 0) {
    const step = iterators[iterators.length - 1]!.next();
    if (!step.done) {
      const next = step.value;
      if (!members.has(next)) continue;
      if (next === start) {
        if (!emit([...path])) return false;
        closed[closed.length - 1] = true;
      } else if (!blocked.has(next)) {
        path.push(next);
        closed.push(false);
        iterators.push(successors(next)[Symbol.iterator]());
        blocked.add(next);
      }
      continue;
    }
    iterators.pop();
    const node = path.pop()!;
    if (closed.pop()!) {
      if (closed.length > 0) closed[closed.length - 1] = true;
      unblock(node, blocked, blockedBy);
    } else {
      for (const next of successors(node)) {
        if (!members.has(next)) continue;
        let waiting = blockedBy.get(next);
        if (waiting === undefined) blockedBy.set(next, (waiting = new Set()));
        waiting.add(node);
      }
    }
  }
  return true;
}

function unblock(node: string, blocked: Set<string>, blockedBy: Map<string, Set<string>>): void {
  const work = [node];
  while (work.length > 0) {
    const current = work.pop()!;
    if (!blocked.delete(current)) continue;
    const waiting = blockedBy.get(current);
    if (waiting === undefined) continue;
    work.push(...waiting);
    waiting.clear();
  }
}

function compareCycles(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareIds(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
