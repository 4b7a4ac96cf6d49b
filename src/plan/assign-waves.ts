/**
 * The order of a plan's steps. Three rules, from what the platform refuses (docs/api-contract.md):
 * - a PUBLISHED version may only reference PUBLISHED schemas, so a step runs after the steps of the schemas it
 *   references: the deploy waves of the reference graph (src/graph/waves.ts) over the steps that write. A create
 *   therefore waits for the whole step (create and publish) of a schema it references that is new too;
 * - a schema that is deprecated would make a later PUBLISHED write of a schema referencing it fail, so every
 *   step that ends DEPRECATED (but a create) runs in a last wave of its own, after all the others;
 * - steps caught in a reference cycle can never be ordered: they are blocked.
 * Steps that write nothing (noop) are placed in wave 0 and never run.
 */
import { buildReferenceGraph, compareIds } from '../graph/reference-graph.js';
import { deployWaves } from '../graph/waves.js';
import type { PlanStep } from './plan-types.js';

export function assignWaves(steps: ReadonlyArray<Omit<PlanStep, 'wave'>>): { steps: PlanStep[]; waves: number } {
  const endsDeprecated = (step: Omit<PlanStep, 'wave'>): boolean =>
    step.kind !== 'create' && step.kind !== 'noop' && step.to.status === 'DEPRECATED';
  const ordered = steps.filter((step) => step.kind !== 'noop' && !endsDeprecated(step));
  const graph = buildReferenceGraph(ordered.map((step) => ({ id: step.externalId, references: step.dependsOn })));
  const { waves, blocked } = deployWaves(graph);

  const waveOf = new Map<string, number>();
  waves.forEach((ids, index) => ids.forEach((id) => waveOf.set(id, index)));
  let next = waves.length;
  const cycleWave = blocked.length > 0 ? next++ : -1;
  const blockedIds = new Set(blocked);
  const lastWave = steps.some(endsDeprecated) ? next++ : -1;

  const placed = steps.map((step): PlanStep => {
    if (step.kind === 'noop') return { ...step, wave: 0 };
    if (endsDeprecated(step)) return { ...step, wave: lastWave };
    if (blockedIds.has(step.externalId)) {
      return {
        ...step,
        wave: cycleWave,
        blocked:
          step.blocked ??
          'in a reference cycle, or referencing a schema in one: it can never be published after its references',
      };
    }
    return { ...step, wave: waveOf.get(step.externalId) ?? 0 };
  });
  placed.sort((a, b) => a.wave - b.wave || compareIds(a.externalId, b.externalId));
  return { steps: placed, waves: next };
}
