/**
 * One ApplyEvents made of several (the progress display, the audit and portal observer...): each event goes to
 * every listener in the order given, each awaited before the next, so that an audit entry is on disk before the
 * display says the step is done. A listener that throws does not keep the others from hearing the event; the
 * first error is passed on for apply to report.
 */
import type { ApplyEvents } from './apply-events.js';

type EventName = keyof ApplyEvents;

const EVENT_NAMES: readonly EventName[] = [
  'onWaveStart',
  'onStepStart',
  'onWriteIntended',
  'onWrite',
  'onWriteFound',
  'onWriteRefused',
  'onRetry',
  'onStepDone',
  'onStepFailed',
  'onStepSkipped',
  'onWaveDone',
];

export function combineEvents(...listeners: ReadonlyArray<ApplyEvents | undefined>): ApplyEvents {
  const present = listeners.filter((listener): listener is ApplyEvents => listener !== undefined);
  const combined: ApplyEvents = {};
  for (const name of EVENT_NAMES) {
    const handlers = present.filter((listener) => listener[name] !== undefined);
    if (handlers.length === 0) continue;
    const dispatch = async (event: unknown): Promise<void> => {
      // Boxed, so that a listener that throws `undefined` (or null) is not taken for one that succeeded.
      let first: { error: unknown } | undefined;
      for (const listener of handlers) {
        try {
          await (listener[name] as (event: unknown) => void | Promise<void>).call(listener, event);
        } catch (error) {
          first ??= { error };
        }
      }
      if (first !== undefined) throw first.error;
    };
    (combined as Record<EventName, (event: unknown) => Promise<void>>)[name] = dispatch;
  }
  return combined;
}
