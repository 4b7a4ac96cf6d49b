/**
 * The change events of writes an earlier run sent and never heard back about, found done in the org when the next
 * run settles their intents (docs/audit.md "Writes whose answer never came"): the run that sent them died before it
 * could make their events, and the rerun plans nothing for them, so without these the portal would never hear of
 * them. Each event is named after its intent (event-ids.ts): the run that sent the write may have held the same
 * event before it died, and both are then one event.
 */
import type { Family } from '../../family/family.js';
import type { RemoteSchema } from '../../model/schema.js';
import type { IntentFoundDone } from '../audit/write-intents.js';
import { foundWriteChangeEvent } from './change-events.js';
import { eventIdOfIntent } from './event-ids.js';
import type { OutboxEvent } from './portal-outbox.js';

export interface FoundWriteEvents {
  events: OutboxEvent[];
  /** Intents whose event could not be made (the version before could not be read): left open for the next run. */
  leaveOpen: Set<number>;
}

export async function foundWriteEvents(
  found: readonly IntentFoundDone[],
  options: {
    /** Reads a version of the org (undefined when it has none); `readsBack` names what the read is for. */
    version: (externalId: string, version: number, read: { readsBack: string }) => Promise<RemoteSchema | undefined>;
    family: Family;
    /** The run's environment: carried by the events (when named), and the outbox's events of it are its own. */
    environment?: string;
    now: () => Date;
  },
): Promise<FoundWriteEvents> {
  const made: FoundWriteEvents = { events: [], leaveOpen: new Set() };
  for (const write of found) {
    let previous: RemoteSchema | undefined;
    if (write.version > 1) {
      try {
        previous = await options.version(write.schemaId, write.version - 1, {
          readsBack: `the change event of audit entry #${write.intentSeq}`,
        });
      } catch {
        made.leaveOpen.add(write.intentSeq);
        continue;
      }
    }
    made.events.push({
      eventId: eventIdOfIntent(write.intentHash),
      environment: options.environment ?? 'default',
      event: foundWriteChangeEvent(write.stored, previous, options.family, {
        timestamp: options.now().toISOString(),
        ...(options.environment === undefined ? {} : { environment: options.environment }),
      }),
    });
  }
  return made;
}
