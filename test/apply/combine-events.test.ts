import { describe, expect, it } from 'vitest';
import { combineEvents } from '../../src/apply/combine-events.js';
import type { PlanStep } from '../../src/plan/plan-types.js';

const step = { externalId: 'a' } as PlanStep;

describe('combineEvents', () => {
  it('calls every listener in order, awaiting each before the next', async () => {
    const heard: string[] = [];
    const events = combineEvents(
      {
        onStepStart: async (s) => {
          await new Promise((resolve) => setImmediate(resolve));
          heard.push(`first ${s.externalId}`);
        },
      },
      undefined,
      { onStepStart: (s) => void heard.push(`second ${s.externalId}`), onWaveDone: () => void heard.push('wave') },
    );
    await events.onStepStart?.(step);
    expect(heard).toEqual(['first a', 'second a']);
    expect('onStepDone' in events).toBe(false);
  });

  it('lets every listener hear an event even when one throws, then passes the first error on', async () => {
    const heard: string[] = [];
    const events = combineEvents(
      {
        onStepStart: () => {
          throw new Error('first broke');
        },
      },
      {
        onStepStart: () => {
          heard.push('second');
          throw new Error('second broke');
        },
      },
    );
    await expect(Promise.resolve(events.onStepStart?.(step))).rejects.toThrow('first broke');
    expect(heard).toEqual(['second']);
  });

  it('passes on a listener failure even when what it threw is undefined', async () => {
    const thrown: unknown = undefined;
    const events = combineEvents({
      onStepStart: () => {
        throw thrown;
      },
    });
    let failed = false;
    await Promise.resolve(events.onStepStart?.(step)).catch(() => (failed = true));
    expect(failed).toBe(true);
  });
});
