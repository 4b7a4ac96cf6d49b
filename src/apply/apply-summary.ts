/** The counts of an apply's final line: what was done, by kind, and what did not happen. */
import type { StepOutcome } from './apply-events.js';

export interface ApplySummary {
  created: number;
  updated: number;
  published: number;
  deprecated: number;
  undeprecated: number;
  unchanged: number;
  /**
   * Steps whose desired state the org already held when apply came to write it (written by someone else), or that
   * a read back after a lost answer found done (`foundByReadBack`): none claimed by this run.
   */
  alreadyDone: number;
  /**
   * Of `alreadyDone`, the steps whose last write's answer was lost and whose read back found it in the org: this
   * run's write or an identical one of another run made it, and which cannot be known.
   */
  foundByReadBack: number;
  failed: number;
  skipped: number;
  /** Steps the plan had blocked (compatibility violations, impossible status changes, cycles). */
  blocked: number;
  /** Steps planned again after a version conflict. */
  rebased: number;
  /** Writes accepted by the org. */
  writes: number;
}

/** What a finished step of each kind did, as the summary counts it. */
export const DONE_COUNTER = {
  create: 'created',
  update: 'updated',
  publish: 'published',
  deprecate: 'deprecated',
  undeprecate: 'undeprecated',
  noop: 'unchanged',
} as const;

export function summarizeApply(outcomes: readonly StepOutcome[]): ApplySummary {
  const summary: ApplySummary = {
    created: 0,
    updated: 0,
    published: 0,
    deprecated: 0,
    undeprecated: 0,
    unchanged: 0,
    alreadyDone: 0,
    foundByReadBack: 0,
    failed: 0,
    skipped: 0,
    blocked: 0,
    rebased: 0,
    writes: 0,
  };
  for (const outcome of outcomes) {
    summary.writes += outcome.writes;
    if (outcome.rebased) summary.rebased++;
    if (outcome.result === 'done') {
      const did = whatItDid(outcome);
      if (did === 'found') {
        summary.alreadyDone++;
        if (outcome.foundByReadBack === true) summary.foundByReadBack++;
      } else summary[DONE_COUNTER[did]]++;
    } else if (outcome.result === 'failed') summary.failed++;
    else if (outcome.result === 'skipped') summary.skipped++;
    else summary.blocked++;
  }
  return summary;
}

/**
 * What a finished step counts as, by what this run wrote: `found` when it claimed no write because the org already
 * held the desired state (another run wrote it, or a read back after a lost answer found it there), the kind of
 * its re-plan after a conflict (or of the writes left after one found), else its own kind.
 */
export function whatItDid(
  outcome: Pick<StepOutcome, 'kind' | 'alreadyDone' | 'writes' | 'doneAs'>,
): StepOutcome['kind'] | 'found' {
  if (outcome.alreadyDone && outcome.writes === 0) return 'found';
  return outcome.doneAs ?? outcome.kind;
}

/** True when every step that should have run did. */
export function applySucceeded(summary: ApplySummary): boolean {
  return summary.failed === 0 && summary.skipped === 0 && summary.blocked === 0;
}
