/** Counts of a plan's steps by what they do, for the plan's last line and `--detailed-exitcode`. */
import type { PlanStep, PlanSummary } from './plan-types.js';

export function summarizePlan(steps: readonly PlanStep[], unmanaged: number): PlanSummary {
  const summary: PlanSummary = {
    create: 0,
    update: 0,
    publish: 0,
    deprecate: 0,
    undeprecate: 0,
    unchanged: 0,
    blocked: 0,
    unmanaged,
    changes: 0,
    writes: 0,
  };
  for (const step of steps) {
    if (step.kind === 'noop') {
      summary.unchanged++;
      continue;
    }
    summary.changes++;
    if (step.blocked !== undefined) {
      summary.blocked++;
      continue;
    }
    summary[step.kind]++;
    summary.writes += step.writes.length;
  }
  return summary;
}

/** True when applying the plan would write something, or when something differs but is blocked. */
export function planHasChanges(summary: PlanSummary): boolean {
  return summary.changes > 0;
}
