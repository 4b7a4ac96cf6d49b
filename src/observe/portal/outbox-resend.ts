/**
 * Sending what the outbox holds (docs/portal-events.md "When the portal does not get an event"): one event at a
 * time, oldest first, each under the id it was made with, and marked done once the portal took it. The first event
 * the portal does not take ends the round: the portal is down or refuses (a URL or a secret to fix), and trying
 * every other event in turn would make the run wait for each one's attempts. The rest wait for the next round.
 */
import type { CxConfig } from '../../model/config.js';
import { CxError } from '../../model/errors.js';
import { redactSecrets } from '../../genesys/secret-redactor.js';
import { resolveAuditPath } from '../audit/audit-report.js';
import { judgeOwner, newIntentOwner } from '../audit/write-intents.js';
import { configuredExporter, readPortalSecret } from './portal-config.js';
import { parsePortalUrl, type PortalExporter } from './portal-export.js';
import {
  openPortalOutbox,
  outboxPathFor,
  pendingEvents,
  readOutboxRecords,
  type OutboxEvent,
  type PortalOutbox,
} from './portal-outbox.js';

export interface ResendOutcome {
  sent: OutboxEvent[];
  /** The event the portal did not take, and why. */
  failed?: { event: OutboxEvent; error: unknown };
  /** Not tried, after the failure: still in the outbox. */
  notTried: OutboxEvent[];
  /** Sent, but not marked done (the outbox could not be written): sent again by a later round. */
  unmarked: { event: OutboxEvent; error: unknown }[];
}

export async function resendEvents(
  events: readonly OutboxEvent[],
  portal: PortalExporter,
  outbox: PortalOutbox,
): Promise<ResendOutcome> {
  const outcome: ResendOutcome = { sent: [], notTried: [], unmarked: [] };
  // The next event is sent while the mark of the last one is written: the marks that come meanwhile are written
  // together (markSent). An event whose mark a run killed never wrote is sent again by the next, under its id.
  const marking: Promise<unknown>[] = [];
  for (const [index, event] of events.entries()) {
    try {
      await portal.send(event.event, { eventId: event.eventId });
    } catch (error) {
      outcome.failed = { event, error };
      outcome.notTried = events.slice(index + 1);
      break;
    }
    outcome.sent.push(event);
    marking.push(outbox.markSent(event.eventId).catch((error: unknown) => outcome.unmarked.push({ event, error })));
  }
  await Promise.all(marking);
  return outcome;
}

/** One event as `cxschema portal resend` reports it. */
export interface EventSummary {
  eventId: string;
  schema: string;
  version: number;
}

export interface OutboxResendReport {
  /** The outbox read. */
  path: string;
  environment: string;
  /** The portal, without its credentials. */
  url: string;
  sent: EventSummary[];
  /** The event the portal did not take, and why: the rest were not tried. */
  failed?: EventSummary & { message: string };
  /** Events still to send after this round (the failed one and those not tried). */
  left: number;
  /** Events held by runs that may still be going: theirs to send. */
  waiting: number;
  /** The environment's oldest events beyond MAX_OUTBOX_EVENTS, dropped unsent. */
  dropped: EventSummary[];
  /** Events of other environments in the outbox, by environment: sent by a run of theirs (`--env`, `--emulator`). */
  otherEnvironments: Record<string, number>;
}

/**
 * `cxschema portal resend`: one round of what the environment's outbox holds, to the portal the config names for it
 * now, without connecting to the org (writes whose answer never came are found by the next apply or rollback, which
 * reads the org). Nothing is written to the audit log: the run changes nothing in the org.
 */
export async function resendOutbox(options: {
  config: Pick<CxConfig, 'audit' | 'portal' | 'root'>;
  /** The environment's name, as runs record it: `--env`, `emulator`, or `default`. */
  environment: string;
  cwd: string;
  /** Where `portal.secretEnv` is looked up (default process.env). */
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}): Promise<OutboxResendReport> {
  const path = outboxPathFor(resolveAuditPath({ cwd: options.cwd, config: options.config }));
  const outbox = openPortalOutbox(path);
  const portalConfig = options.config.portal;
  if (portalConfig === undefined) {
    const waiting = (await outbox.pending(options.environment)).length;
    throw new CxError(
      'CONFIG',
      `the config names no portal for environment ${options.environment}: ${waiting} change ${waiting === 1 ? 'event waits' : 'events wait'} in ${path}`,
      {
        hint: "set portal.url in the config file, or the environment's portal, to the URL that receives change events",
      },
    );
  }
  const secret = readPortalSecret(portalConfig, options.env ?? process.env);
  const portal = configuredExporter(portalConfig, secret, {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const shown = parsePortalUrl(portalConfig.url);
  // A run of its own that holds nothing: every other run's holds are judged as a deploy judges them.
  const run = newIntentOwner();
  const stock = await outbox.takeStock(
    options.environment,
    (owner, heldAt) => judgeOwner(owner, heldAt, { run }, Date.now()) !== 'over',
  );
  const outcome = await resendEvents(stock.ready, portal, outbox);
  const report: OutboxResendReport = {
    path,
    environment: options.environment,
    url: `${shown.origin}${shown.pathname}`,
    sent: outcome.sent.map(summary),
    left: outcome.notTried.length + (outcome.failed === undefined ? 0 : 1),
    waiting: stock.waiting,
    dropped: stock.dropped.map(summary),
    otherEnvironments: {},
  };
  if (outcome.failed !== undefined) {
    const { error, event } = outcome.failed;
    report.failed = {
      ...summary(event),
      message: redactSecrets(error instanceof Error ? error.message : String(error), [secret]),
    };
  }
  await outbox.compact().catch(() => undefined);
  for (const { environment } of pendingEvents(await readOutboxRecords(path)))
    if (environment !== options.environment)
      report.otherEnvironments[environment] = (report.otherEnvironments[environment] ?? 0) + 1;
  return report;
}

function summary({ eventId, event }: OutboxEvent): EventSummary {
  return { eventId, schema: event.schema, version: event.version };
}
