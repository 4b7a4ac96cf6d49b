/**
 * A run's change events, from the moment a change is known to the portal's 2xx (docs/portal-events.md). With an
 * outbox, nothing the org took goes untold, whatever stops the run:
 *
 * - each write answered is held in the outbox before its audit entry is written (`holdWrite`): a run killed after
 *   that entry has no open intent left for the next run to look for, so the hold is what tells of the write;
 * - a step that ended records its event (and marks the holds it covers done) before sending it; a step that failed
 *   after a write sends that write's hold when the run finishes;
 * - the events of writes found done by the next run are recorded before their intents are settled (`recordFound`);
 * - the next run sends what is left, holds of runs that are over included (`resendPending`).
 *
 * Each record is fsynced before what it stands for is done, so a run killed anywhere leaves either the record, or
 * an intent still open whose settlement makes the event. Without an outbox (a library caller that passes none),
 * events are sent as they are made, and a failure loses them, as before.
 */
import { randomUUID } from 'node:crypto';
import type { StepOutcome, WriteEvent } from '../../apply/apply-events.js';
import type { PlanStep } from '../../plan/plan-types.js';
import { judgeOwner, type IntentOwner, type OwnerJudging } from '../audit/write-intents.js';
import { stepChangeEvent, writeChangeEvent } from './change-events.js';
import { eventIdOfIntent } from './event-ids.js';
import { resendEvents } from './outbox-resend.js';
import type { ChangeEvent, PortalExporter } from './portal-export.js';
import { MAX_OUTBOX_EVENTS, type OutboxEvent, type OutboxRecord, type PortalOutbox } from './portal-outbox.js';

export interface ChangeExportOptions {
  portal?: PortalExporter;
  outbox?: PortalOutbox;
  /** The run's environment: carried by its events, and the outbox's events of it are this run's to resend. */
  environment?: string;
  /** This run: named in its holds, so that another run leaves them alone while it goes on. */
  run: IntentOwner;
  now: () => Date;
  /** Removes the run's secrets from text. */
  clean: (text: string) => string;
  /** An event the portal did not get from this run: a warning and a PORTAL_EXPORT_FAILED entry. */
  onFailure: (event: ChangeEvent, message: string) => Promise<void>;
  warn: (message: string) => void;
  /** How the owner of a hold is judged (the process table; tests). */
  judging?: Omit<OwnerJudging, 'run'>;
}

export interface ChangeExportReport {
  /** Events this run made (sent or not). */
  exports: number;
  /** Events the portal did not get from this run, earlier runs' included. */
  failures: number;
  /** Earlier runs' events this run sent. */
  resent: number;
}

export interface ChangeExport {
  /** A write was answered: its event is held in the outbox. Awaited before the write's audit entry is written. */
  holdWrite(event: WriteEvent, intentHash: string | undefined): Promise<void>;
  /** A step that wrote ended: its event is recorded, then sent in the background. */
  stepDone(step: PlanStep, outcome: StepOutcome, correlationId: string | undefined): void;
  /** The events of writes found done, recorded before their intents are settled. Failures are warnings. */
  recordFound(events: readonly OutboxEvent[]): Promise<void>;
  /** Takes stock of the outbox, and sends in the background what earlier runs left in it. */
  resendPending(): Promise<void>;
  /** Sends what this run still holds (steps that failed after a write), then waits for every send. */
  finish(): Promise<ChangeExportReport>;
}

interface Held {
  eventId: string;
  event: ChangeEvent;
}

export function createChangeExport(options: ChangeExportOptions): ChangeExport {
  const { portal, run, now, warn } = options;
  const environment = options.environment ?? 'default';
  /** Unset once the outbox proved unreadable: this run's events are then sent without it. */
  let outbox = options.outbox;
  /** The holds of each schema's step, while it goes on. */
  const held = new Map<string, Held[]>();
  const inFlight = new Set<Promise<void>>();
  const report: ChangeExportReport = { exports: 0, failures: 0, resent: 0 };

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  function describe(error: unknown): string {
    return options.clean(error instanceof Error ? error.message : String(error));
  }

  async function failed(event: ChangeEvent, message: string): Promise<void> {
    report.failures++;
    await options.onFailure(event, message);
  }

  /** Records events to send; false (with a warning) when the outbox could not take them. */
  async function record(records: readonly OutboxRecord[], what: string): Promise<boolean> {
    if (outbox === undefined) return false;
    try {
      await outbox.append(records);
      return true;
    } catch (error) {
      warn(
        `could not record ${what} in the portal outbox: ${describe(error)}; sent without it, it is lost if the portal does not take it`,
      );
      return false;
    }
  }

  /** Sends one event; marks it done in the outbox once the portal took it. */
  async function deliver(sending: OutboxEvent, recorded: boolean): Promise<void> {
    try {
      await portal!.send(sending.event, { eventId: sending.eventId });
    } catch (error) {
      const kept =
        recorded && outbox !== undefined
          ? `; kept in ${outbox.path}: the next apply or rollback, or cxschema portal resend, sends it`
          : '';
      await failed(sending.event, `${describe(error)}${kept}`);
      return;
    }
    if (!recorded || outbox === undefined) return;
    await outbox.markSent(sending.eventId).catch((error: unknown) => {
      warn(
        `the portal took ${sending.event.schema} v${sending.event.version}, but the outbox could not record it: ${describe(error)}; a later run sends it again under the same event id`,
      );
    });
  }

  function sendRecorded(events: readonly OutboxEvent[], records: readonly OutboxRecord[], what: string): void {
    track(
      (async () => {
        const recorded = await record(records, what);
        await Promise.all(events.map((event) => deliver(event, recorded)));
      })(),
    );
  }

  const mayStillRun = (owner: IntentOwner, heldAt: string): boolean =>
    judgeOwner(owner, heldAt, { ...options.judging, run }, now().getTime()) !== 'over';

  const toSend = (event: OutboxEvent): OutboxRecord => ({ op: 'send', ...event });

  return {
    async holdWrite(event, intentHash) {
      if (portal === undefined || outbox === undefined) return;
      const heldAt = now().toISOString();
      const change = writeChangeEvent(event.current, event.write, event.result, {
        timestamp: heldAt,
        ...(options.environment === undefined ? {} : { environment: options.environment }),
        clean: options.clean,
        ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
      });
      // Named after the write's intent, when it has one: the run that finds the write done, should this run die
      // before the audit entry of its answer, makes the same event under the same id.
      const eventId = intentHash === undefined ? randomUUID() : eventIdOfIntent(intentHash);
      try {
        await outbox.append([{ op: 'hold', eventId, environment, owner: run, heldAt, event: change }]);
      } catch (error) {
        warn(`could not hold the change event of ${change.schema} v${change.version}: ${describe(error)}`);
        return;
      }
      held.set(event.step.externalId, [...(held.get(event.step.externalId) ?? []), { eventId, event: change }]);
    },

    stepDone(step, outcome, correlationId) {
      if (portal === undefined || outcome.writes === 0) return;
      const event: OutboxEvent = {
        eventId: randomUUID(),
        environment,
        event: stepChangeEvent(step, outcome, {
          timestamp: now().toISOString(),
          ...(options.environment === undefined ? {} : { environment: options.environment }),
          clean: options.clean,
          ...(correlationId === undefined ? {} : { correlationId }),
        }),
      };
      // The step's event tells of every write after the version it was planned against, up to the version it
      // names; a write before it (the step was planned again after a conflict that came after that write), or past
      // it (found by a read back, which the step's event does not claim), is told by its own event.
      const holds = held.get(step.externalId) ?? [];
      held.delete(step.externalId);
      const base = step.from?.version ?? 0;
      const told = (hold: Held): boolean => hold.event.version > base && hold.event.version <= event.event.version;
      const covered = holds.filter(told).map((hold) => hold.eventId);
      const released = holds.filter((hold) => !told(hold)).map((hold) => ({ ...hold, environment }));
      report.exports += 1 + released.length;
      const sending = [...released, event];
      sendRecorded(
        sending,
        [
          ...sending.map(toSend),
          ...(covered.length === 0 ? [] : [{ op: 'done' as const, eventIds: covered, why: 'covered' as const }]),
        ],
        `the change event of ${event.event.schema} v${event.event.version}`,
      );
    },

    async recordFound(events) {
      if (events.length === 0 || portal === undefined) return;
      const names = events.map(({ event }) => `${event.schema} v${event.version}`).join(', ');
      // Recorded, they are sent with the rest of what earlier runs left (resendPending).
      if (await record(events.map(toSend), `the change events of writes found done (${names})`)) return;
      report.exports += events.length;
      for (const event of events) track(deliver(event, false));
    },

    async resendPending() {
      if (outbox === undefined) return;
      const path = outbox.path;
      if (portal === undefined) {
        const waiting = await outbox.pending(environment).catch(() => []);
        if (waiting.length > 0)
          warn(
            `${count(waiting.length, 'change event')} of environment ${environment} ${waiting.length === 1 ? 'waits' : 'wait'} in ${path}, and the config names no portal for it: kept until a run with a portal sends them`,
          );
        return;
      }
      let stock;
      try {
        stock = await outbox.takeStock(environment, mayStillRun);
      } catch (error) {
        outbox = undefined;
        warn(`${describe(error)}; no earlier event was sent, and this run sends its own without the outbox`);
        return;
      }
      for (const { event } of stock.dropped)
        await failed(
          event,
          `dropped from the portal outbox ${path}, which keeps at most ${MAX_OUTBOX_EVENTS} events an environment: the portal was never told of ${event.schema} v${event.version}`,
        );
      if (stock.ready.length === 0) return;
      const { ready } = stock;
      const from = outbox;
      track(
        (async () => {
          const outcome = await resendEvents(ready, portal, from);
          report.resent += outcome.sent.length;
          for (const { event, error } of outcome.unmarked)
            warn(
              `the portal took ${event.event.schema} v${event.event.version}, but the outbox could not record it: ${describe(error)}; a later run sends it again under the same event id`,
            );
          if (outcome.failed !== undefined) await failed(outcome.failed.event.event, describe(outcome.failed.error));
          const left = outcome.notTried.length + (outcome.failed === undefined ? 0 : 1);
          if (left > 0)
            warn(
              `${count(left, 'change event')} of earlier runs still ${left === 1 ? 'waits' : 'wait'} in ${path}: the next apply or rollback, or cxschema portal resend, sends ${left === 1 ? 'it' : 'them'}`,
            );
        })(),
      );
    },

    async finish() {
      // Steps that failed after a write: the write is done, and no step event tells of it.
      const left = [...held.values()].flat().map((hold) => ({ ...hold, environment }));
      held.clear();
      if (left.length > 0 && portal !== undefined) {
        report.exports += left.length;
        sendRecorded(left, left.map(toSend), 'the change events of steps that failed after a write');
      }
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      // What was sent goes from the file: between runs it holds only what is still to send (none: no file). A
      // compaction that fails leaves done records behind, which the next run's takes away.
      if (portal !== undefined) await outbox?.compact().catch(() => undefined);
      return { ...report };
    },
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
