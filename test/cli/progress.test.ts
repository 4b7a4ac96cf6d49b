import { describe, expect, it } from 'vitest';
import type { StepOutcome } from '../../src/apply/apply-events.js';
import { createProgress } from '../../src/cli/progress.js';
import type { PlanStep } from '../../src/plan/plan-types.js';

const step = (externalId: string, kind: PlanStep['kind'] = 'create'): PlanStep => ({ externalId, kind }) as PlanStep;
const outcome = (externalId: string, fields: Partial<StepOutcome> = {}): StepOutcome => ({
  externalId,
  kind: 'create',
  wave: 0,
  managed: true,
  result: 'done',
  writes: 2,
  rebased: false,
  alreadyDone: false,
  durationMs: 3,
  ...fields,
});

describe('progress', () => {
  it('prints one plain line per event without a terminal', async () => {
    let out = '';
    const progress = createProgress({ live: false, color: false, write: (t) => (out += t), totalSteps: 3 });
    await progress.events.onWaveStart?.({ wave: 0, waves: 2, steps: [step('a'), step('b')] });
    await progress.events.onStepStart?.(step('a'));
    await progress.events.onStepDone?.(outcome('a', { version: 2 }));
    await progress.events.onStepFailed?.(outcome('b', { result: 'failed', reason: 'PUT refused (400)' }));
    await progress.events.onStepSkipped?.(outcome('c', { result: 'skipped', reason: 'depends on b, which failed' }));
    await progress.events.onStepDone?.(
      outcome('d', { kind: 'update', version: 5, rebased: true, alreadyDone: true, writes: 0 }),
    );
    await progress.events.onStepDone?.(
      outcome('e', { kind: 'create', version: 1, alreadyDone: true, foundByReadBack: true, writes: 0 }),
    );
    progress.hooks.onRetry?.({
      method: 'PUT',
      route: '/api/v2/customobjects/schemas/{externalId}',
      reason: 'rate-limit',
      attempt: 1,
      waitMs: 1500,
    });
    expect(out.split('\n')).toEqual([
      'wave 1/2: 2 steps',
      'created a v2',
      'failed b: PUT refused (400)',
      'skipped c: depends on b, which failed',
      'found done d v5 (the org already held it: written by someone else, not by this run)',
      'found done e v1 (the answer to its write was lost, and the read back found it in the org: written by this run or by another, which cannot be told)',
      'retry PUT /api/v2/customobjects/schemas/{externalId} after rate-limit (attempt 1, waiting 1.5 s)',
      '',
    ]);
    expect(out).not.toContain('\r');
  });

  it('on a terminal, redraws one status line in place under the permanent lines', async () => {
    let out = '';
    let clock = 0;
    const progress = createProgress({
      live: true,
      color: false,
      write: (t) => (out += t),
      totalSteps: 2,
      now: () => clock,
    });
    await progress.events.onWaveStart?.({ wave: 0, waves: 1, steps: [step('a'), step('b')] });
    clock += 100;
    await progress.events.onStepStart?.(step('a'));
    clock += 100;
    await progress.events.onWrite?.({
      step: step('a'),
      current: step('a'),
      write: { method: 'POST', version: 1, status: 'DRAFT' },
      result: {} as never,
      latencyMs: 4,
    });
    expect(out).toContain('\r\u001b[2K');
    expect(out.slice(out.lastIndexOf('\r\u001b[2K'))).toContain('wave 1/1  0/2 steps  retries 0  a: POST v1 DRAFT');
    await progress.events.onStepDone?.(outcome('a', { version: 2 }));
    expect(out).toContain('created a v2\n');
    expect(out.slice(out.lastIndexOf('\r\u001b[2K'))).toContain('1/2 steps');
    progress.stop();
    expect(out.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('says what it waits for and until when, whenever a wait is 2 s or more', () => {
    let out = '';
    const clock = Date.UTC(2026, 0, 1, 12, 0, 0);
    const plain = createProgress({
      live: false,
      color: false,
      write: (t) => (out += t),
      totalSteps: 1,
      now: () => clock,
    });
    plain.hooks.onWait?.({ reason: 'rate-limit-pause', waitMs: 4000, until: clock + 4000 });
    plain.hooks.onWait?.({ reason: 'rate-window', waitMs: 58_000, until: clock + 58_000 });
    expect(out.split('\n')).toEqual([
      "waiting until 12:00:04 UTC (4 s) for the org's Retry-After (429)",
      'waiting until 12:00:58 UTC (58 s) for room in the rate limit (--rate-limit)',
      '',
    ]);

    out = '';
    const live = createProgress({
      live: true,
      color: false,
      write: (t) => (out += t),
      totalSteps: 1,
      now: () => clock,
    });
    live.hooks.onRetry?.({ method: 'PUT', route: '/x', reason: 'server-error', attempt: 1, waitMs: 1500 });
    expect(out).not.toContain('waiting until');
    live.hooks.onRetry?.({ method: 'PUT', route: '/x', reason: 'server-error', attempt: 2, waitMs: 3000 });
    expect(out.slice(out.lastIndexOf('\r\u001b[2K'))).toContain(
      'waiting until 12:00:03 UTC (3 s) for a retry after a server error',
    );
  });
});
