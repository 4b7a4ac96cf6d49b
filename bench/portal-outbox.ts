/**
 * What the portal outbox costs a run's change events (docs/portal-events.md "When the portal does not get an
 * event"), against the same events sent with no outbox, to a portal on this machine that answers 204 at once: the
 * outbox's share of the time is then as large as it can be.
 * - A round of what earlier runs left (`resendEvents`, as a run's start and `cxschema portal resend` send it): 200
 *   events, one at a time, each marked done once the portal took it; against 200 bare sends, one at a time.
 * - A run's own events (createChangeExport's `stepDone`, then `finish`): 200 steps ending together, each event
 *   recorded, sent and marked done, then the outbox compacted; against the same with no outbox.
 * Each figure is the median of 7 interleaved pairs of time with the outbox over time without, with the range; the
 * events a second of each side are in the detail. A resend round writes the marks of the events the portal took
 * while the last was being written together (markSent), so its sends do not wait for the marks: it comes close to
 * bare sends. A run's own events cannot: each is recorded, in a write and an fsync of its own, before it is sent.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { figureOf, pairedRatio } from './paired.js';
import type { StepOutcome } from '../src/apply/apply-events.js';
import type { PlanStep } from '../src/plan/plan-types.js';
import { newIntentOwner } from '../src/observe/audit/write-intents.js';
import { createChangeExport } from '../src/observe/portal/change-export.js';
import { resendEvents } from '../src/observe/portal/outbox-resend.js';
import { createPortalExporter, type ChangeEvent, type PortalExporter } from '../src/observe/portal/portal-export.js';
import { openPortalOutbox, type OutboxEvent } from '../src/observe/portal/portal-outbox.js';

const EVENTS = 200;
const RESEND_TARGET = 2;
const OWN_TARGET = 8;

function changeEvent(index: number): ChangeEvent {
  return {
    schema: `schema_${index}`,
    version: 2,
    status: 'PUBLISHED',
    diff: [{ path: 'note', kind: 'added', after: { name: 'note', fieldtype: 'string' } }],
    timestamp: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    previousVersion: 1,
  } as unknown as ChangeEvent;
}

function events(round: number): OutboxEvent[] {
  return Array.from({ length: EVENTS }, (_, index) => ({
    eventId: `00000000-0000-4000-8000-${String(round * EVENTS + index).padStart(12, '0')}`,
    environment: 'bench',
    event: changeEvent(index),
  }));
}

/** A step that updated one schema from v1 to v2: what stepDone makes an event of. */
function step(index: number): { step: PlanStep; outcome: StepOutcome } {
  const externalId = `schema_${index}`;
  const planned = {
    externalId,
    kind: 'update',
    managed: true,
    from: { version: 1, status: 'PUBLISHED' },
    to: { version: 2, status: 'PUBLISHED' },
    content: { externalId, name: externalId, fields: [] },
    writes: [{ method: 'PUT', version: 2, status: 'PUBLISHED' }],
    changes: [],
    compatibility: { mode: 'BACKWARD', ignores: [] },
    wave: 0,
    dependsOn: [],
  } as unknown as PlanStep;
  const outcome = {
    externalId,
    kind: 'update',
    wave: 0,
    managed: true,
    result: 'done',
    version: 2,
    status: 'PUBLISHED',
    writes: 1,
    rebased: false,
    alreadyDone: false,
  } as StepOutcome;
  return { step: planned, outcome };
}

async function portalServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
}

async function timed(body: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-bench-outbox-'));
  const { server, url } = await portalServer();
  const portal: PortalExporter = createPortalExporter({ url, secret: 'bench-secret' });
  let round = 0;
  try {
    const resend = await pairedRatio(
      async () => {
        const outbox = openPortalOutbox(join(dir, `resend-${round}.jsonl`));
        const waiting = events(round++);
        await outbox.append(waiting.map((event) => ({ op: 'send', ...event })));
        return timed(async () => {
          const outcome = await resendEvents(waiting, portal, outbox);
          if (outcome.sent.length !== EVENTS) throw new Error('the bench portal did not take every event');
        });
      },
      () =>
        timed(async () => {
          for (const { event, eventId } of events(round++)) await portal.send(event, { eventId });
        }),
    );

    const own = (withOutbox: boolean) => {
      const exported = createChangeExport({
        portal,
        ...(withOutbox ? { outbox: openPortalOutbox(join(dir, `own-${round}.jsonl`)) } : {}),
        environment: 'bench',
        run: newIntentOwner(),
        now: () => new Date(),
        clean: (text) => text,
        onFailure: () => Promise.reject(new Error('the bench portal refused an event')),
        warn: (message) => {
          throw new Error(message);
        },
      });
      round++;
      return timed(async () => {
        for (let index = 0; index < EVENTS; index++) {
          const { step: planned, outcome } = step(index);
          exported.stepDone(planned, outcome, undefined);
        }
        const report = await exported.finish();
        if (report.exports !== EVENTS || report.failures !== 0) throw new Error('not every event was sent');
      });
    };
    const ownEvents = await pairedRatio(
      () => own(true),
      () => own(false),
    );

    const perSecond = (ms: number): string => `${Math.round((EVENTS * 1000) / ms)} events/s`;
    return [
      {
        name: `resending ${EVENTS} events from the outbox, against sending them bare (lower is better)`,
        ...figureOf(resend),
        target: `<= ${RESEND_TARGET}x`,
        pass: resend.median <= RESEND_TARGET,
        detail: `outbox ${perSecond(resend.medianA)}, bare ${perSecond(resend.medianB)}`,
      },
      {
        name: `a run's ${EVENTS} own events with the outbox, against without (lower is better)`,
        ...figureOf(ownEvents),
        target: `<= ${OWN_TARGET}x`,
        pass: ownEvents.median <= OWN_TARGET,
        detail: `outbox ${perSecond(ownEvents.medianA)}, none ${perSecond(ownEvents.medianB)}`,
      },
    ];
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
