/**
 * Every change reaches the portal, whatever stops the run that made it (docs/portal-events.md "When the portal does
 * not get an event"): a portal down, a run killed between a write and its event. Each run here starts as
 * `cxschema apply` does (deploy-session.ts): it settles the intents an earlier run left open, making the events of
 * the writes it finds done, sends what waits in the outbox, then plans and applies, against the emulator in this
 * process and a real HTTP portal on 127.0.0.1. A run "killed" stops hearing apply's events at the moment it dies,
 * is abandoned so that its writes end, and never finishes: what it left on disk is all the next run has.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyEvents } from '../../src/apply/apply-events.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { combineEvents } from '../../src/apply/combine-events.js';
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { createApplyObserver, type ApplyObserver } from '../../src/observe/apply-observer.js';
import { openAuditLog, readAuditEntries, type AuditLog } from '../../src/observe/audit/audit-log.js';
import { newIntentOwner, resolveOpenIntents, type IntentOwner } from '../../src/observe/audit/write-intents.js';
import { eventIdOfIntent } from '../../src/observe/portal/event-ids.js';
import { createPortalExporter } from '../../src/observe/portal/portal-export.js';
import { openPortalOutbox, outboxPathFor, type PortalOutbox } from '../../src/observe/portal/portal-outbox.js';
import type { SchemaDefinition } from '../../src/model/schema.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';
import { definition, documents, text } from '../support/schema-builders.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const PORTAL_SECRET = 'portal-hmac-key-5f1e9c';
const URL_PASSWORD = 'url-password-b83d27';
const CONTEXT = { environment: 'prod', orgDomain: 'emulator', actor: 'ci' };

let org: TestOrg | undefined;
let receiver: Receiver | undefined;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-redelivery-'));
});
afterEach(async () => {
  await org?.stop();
  await receiver?.close();
  org = undefined;
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  observer: ApplyObserver;
  audit: AuditLog;
  outbox: PortalOutbox;
  owner: IntentOwner;
}

/** One run's observability, as startRunObservability makes it; the portal's back-offs take no time. */
async function startRun(options: { portal?: boolean; strictPortal?: boolean } = {}): Promise<Run> {
  const secrets = [PORTAL_SECRET, org!.emulator.demoClient.secret];
  const audit = await openAuditLog(join(dir, '.cxschema', 'audit.jsonl'), CONTEXT, { secrets });
  const outbox = openPortalOutbox(outboxPathFor(audit.path));
  const owner = newIntentOwner();
  const url = receiver!.url.replace('http://', `http://hook:${URL_PASSWORD}@`);
  const observer = createApplyObserver({
    audit,
    outbox,
    run: owner,
    environment: 'prod',
    secrets,
    strictPortal: options.strictPortal === true,
    ...(options.portal === false
      ? {}
      : { portal: createPortalExporter({ url, secret: PORTAL_SECRET, sleep: async () => undefined }) }),
  });
  return { observer, audit, outbox, owner };
}

/** What a run does before it plans (deploy-session.ts): settle what an earlier run left, then resend. */
async function beginRun(run: Run, target: CustomObjectsTarget) {
  const version = (externalId: string, number: number, read: { readsBack: string }) =>
    target.version(externalId, number, read);
  const settled = await resolveOpenIntents({
    audit: run.audit,
    context: CONTEXT,
    run: run.owner,
    version,
    beforeSettling: (found) => run.observer.recordFoundWrites(found, version),
  });
  await run.observer.resendPending();
  return settled;
}

/** A whole run that lives to its end. */
async function deploy(run: Run, target: CustomObjectsTarget, ...wanted: SchemaDefinition[]) {
  await beginRun(run, target);
  const plan = await planAgainst(target, documents(...wanted));
  const result = await applyPlan(plan, { target, events: run.observer.events });
  return { plan, result, report: await run.observer.finish() };
}

/** Apply's events as a process that dies when `dead()` turns true hears them: not at all from then on. */
function untilDead(events: ApplyEvents, dead: () => boolean): ApplyEvents {
  const heard: Record<string, (event: never) => unknown> = {};
  for (const [name, handler] of Object.entries(events) as [string, (event: never) => unknown][])
    heard[name] = (event) => (dead() ? undefined : handler(event));
  return heard;
}

/** A portal that takes every event: what it took (answered 2xx), in order. */
async function acceptingPortal(): Promise<Receiver['received']> {
  const accepted: Receiver['received'] = [];
  receiver = await startReceiver((request, response) => {
    accepted.push(request);
    response.writeHead(200).end();
  });
  return accepted;
}

/** A fetch whose first PUT lands in the org and whose answer is lost on the way back; `lost()` says it happened. */
function firstPutAnswerLost(): { fetch: FetchLike; lost: () => boolean } {
  let lost = false;
  const fetch: FetchLike = async (url, init) => {
    const response = await nodeHttpFetch(url, init);
    if (lost || init.method !== 'PUT') return response;
    lost = true;
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  };
  return { fetch, lost: () => lost };
}

interface Delivered {
  eventId: string;
  body: string;
  event: { schema: string; version: number; status: string; previousVersion?: number; diff: unknown[] };
}

/** What the portal took (answered 2xx), in order. */
function delivered(accepted: Receiver['received']): Delivered[] {
  return accepted.map((request) => ({
    eventId: request.headers['x-cxschema-event-id'] as string,
    body: request.body,
    event: JSON.parse(request.body) as Delivered['event'],
  }));
}

describe('a portal that was down', () => {
  it('gets on a later run, once and under their first ids, the events it missed; kept while no portal is named', async () => {
    org = await startOrg();
    let down = true;
    const accepted: Receiver['received'] = [];
    receiver = await startReceiver((request, response) => {
      if (down) return void response.writeHead(503).end();
      accepted.push(request);
      response.writeHead(200).end();
    });
    const wanted = [definition('customer', [text('email')]), definition('order', [text('number')])];

    // The first run deploys; the portal answers 503 to every attempt: under --strict-portal the run fails.
    const first = await deploy(await startRun({ strictPortal: true }), org.target, ...wanted);
    expect(first.result.summary).toMatchObject({ created: 2, failed: 0 });
    expect(first.report).toMatchObject({ portalExports: 2, portalFailures: 2, failed: true });
    const tried = new Map(
      receiver.received.map((request) => [request.headers['x-cxschema-event-id'] as string, request.body]),
    );
    expect(tried.size).toBe(2);
    expect((await readAuditEntries(join(dir, '.cxschema', 'audit.jsonl'))).map((e) => e.action)).toContain(
      'PORTAL_EXPORT_FAILED',
    );

    // A run whose config names no portal sends nothing, keeps the events, and says so.
    down = false;
    const unconfigured = await deploy(await startRun({ portal: false }), org.target, ...wanted);
    expect(unconfigured.report.warnings).toEqual([
      `2 change events of environment prod wait in ${outboxPathFor(join(dir, '.cxschema', 'audit.jsonl'))}, and the config names no portal for it: kept until a run with a portal sends them`,
    ]);
    expect(accepted).toEqual([]);

    // The next run with the portal: nothing to deploy, and the two events go out, as they were first made.
    const rerun = await deploy(await startRun({ strictPortal: true }), org.target, ...wanted);
    expect(rerun.plan.summary.writes).toBe(0);
    expect(rerun.report).toMatchObject({ portalExports: 0, portalResent: 2, portalFailures: 0, failed: false });
    const sent = delivered(accepted);
    expect(sent.map((request) => request.eventId).sort()).toEqual([...tried.keys()].sort());
    for (const request of sent) expect(request.body).toBe(tried.get(request.eventId));
    expect(sent.map((request) => `${request.event.schema} v${request.event.version}`).sort()).toEqual([
      'customer v2',
      'order v2',
    ]);

    // Sent once: a third run has nothing left to send, and the outbox is gone.
    await deploy(await startRun(), org.target, ...wanted);
    expect(accepted).toHaveLength(2);
    await expect(stat(outboxPathFor(join(dir, '.cxschema', 'audit.jsonl')))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('records no secret in the outbox: neither the HMAC key, nor the credentials of the URL, nor the client secret', async () => {
    org = await startOrg();
    receiver = await startReceiver((_request, response) => response.writeHead(503).end());
    await deploy(await startRun(), org.target, definition('customer', [text('email')]));
    const written = await readFile(outboxPathFor(join(dir, '.cxschema', 'audit.jsonl')), 'utf8');
    expect(written).toContain('"schema":"customer"');
    for (const secret of [PORTAL_SECRET, URL_PASSWORD, org.emulator.demoClient.secret])
      expect(written.includes(secret), 'a secret in the outbox').toBe(false);
    expect(written).not.toContain(Buffer.from(`hook:${URL_PASSWORD}`).toString('base64'));
  });
});

describe('a run killed between a write and its change event', () => {
  it('whose write landed unanswered: the rerun finds it done and exports it with its real diff', async () => {
    org = await startOrg();
    const accepted = await acceptingPortal();
    await deploy(await startRun(), org.target, definition('customer', [text('email')]));
    accepted.length = 0;

    // The update's PUT reaches the org; the process dies before the answer is read.
    let dead = false;
    const abandon = new AbortController();
    const fetch: FetchLike = async (url, init) => {
      if (init.method !== 'PUT') return nodeHttpFetch(url, init);
      dead = true;
      await nodeHttpFetch(url, init);
      abandon.abort('killed');
      throw Object.assign(new Error('the process is gone'), { code: 'ECONNRESET' });
    };
    const target = org.client({ fetch });
    const killed = await startRun();
    await beginRun(killed, target);
    const plan = await planAgainst(target, documents(definition('customer', [text('email'), text('phone')])));
    await applyPlan(plan, { target, events: untilDead(killed.observer.events, () => dead), abandon: abandon.signal });
    expect(org.emulator.schemas().find((schema) => schema.externalId === 'customer')!.version).toBe(3);
    const intent = (await readAuditEntries(killed.audit.path)).at(-1)!;
    expect(intent).toMatchObject({ action: 'SCHEMA_WRITE_INTENDED', schemaId: 'customer', version: 3 });
    expect(accepted).toEqual([]);

    // The rerun settles the intent as found, and the portal learns what the write changed.
    const rerun = await deploy(await startRun(), org.target, definition('customer', [text('email'), text('phone')]));
    expect(rerun.plan.summary.writes).toBe(0);
    const found = (await readAuditEntries(killed.audit.path)).filter((entry) => entry.intentSeq === intent.seq);
    expect(found).toMatchObject([{ action: 'SCHEMA_WRITE_FOUND' }]);
    const sent = delivered(accepted);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.eventId).toBe(eventIdOfIntent(intent.hash));
    expect(sent[0]!.event).toEqual({
      eventId: sent[0]!.eventId,
      type: 'cxschema.schema.changed',
      schema: 'customer',
      version: 3,
      status: 'PUBLISHED',
      diff: [{ path: 'phone', kind: 'added', after: { name: 'phone', fieldtype: 'string' } }],
      timestamp: expect.any(String) as unknown,
      previousVersion: 2,
      environment: 'prod',
    });
    expect(rerun.report).toMatchObject({ portalResent: 1, portalFailures: 0 });
  });

  it('whose first write of a create was answered: the rerun tells the portal of every field, then of the publish', async () => {
    org = await startOrg();
    const accepted = await acceptingPortal();
    const customer = definition('customer', [text('label'), text('email')]);

    // The POST of version 1 is answered and recorded; the process dies before the publish is sent.
    let dead = false;
    const abandon = new AbortController();
    const killed = await startRun();
    await beginRun(killed, org.target);
    const plan = await planAgainst(org.target, documents(customer));
    await applyPlan(plan, {
      target: org.target,
      abandon: abandon.signal,
      events: combineEvents(
        untilDead(killed.observer.events, () => dead),
        {
          onWrite: () => {
            dead = true;
            abandon.abort('killed');
          },
        },
      ),
    });
    expect(org.emulator.versions('customer').map((version) => `v${version.version} ${version.status}`)).toEqual([
      'v1 DRAFT',
    ]);
    expect((await readAuditEntries(killed.audit.path)).map((entry) => entry.action)).toEqual([
      'SCHEMA_WRITE_INTENDED',
      'SCHEMA_CREATED',
    ]);

    const rerun = await deploy(await startRun(), org.target, customer);
    expect(rerun.plan.steps[0]).toMatchObject({ kind: 'publish', from: { version: 1 } });
    // Sent concurrently (the held one while the rerun plans, its own once written): told apart by their versions.
    const sent = delivered(accepted)
      .map(({ event }) => event)
      .sort((a, b) => a.version - b.version);
    expect(sent).toHaveLength(2);
    // The held event of the create: every field, as an uninterrupted run would have said.
    expect(sent[0]).toMatchObject({ schema: 'customer', version: 1, status: 'DRAFT' });
    expect(sent[0]).not.toHaveProperty('previousVersion');
    expect(sent[0]!.diff).toEqual(customer.fields.map((field) => ({ path: field.name, kind: 'added', after: field })));
    // The rerun's own step.
    expect(sent[1]).toMatchObject({
      schema: 'customer',
      version: 2,
      status: 'PUBLISHED',
      previousVersion: 1,
      diff: [],
    });
    expect(rerun.report).toMatchObject({ portalExports: 1, portalResent: 1, portalFailures: 0 });
  });
});

describe('a write whose answer was lost, found by its own run', () => {
  it("past the step's claimed write: the portal hears of both versions", async () => {
    org = await startOrg();
    const accepted = await acceptingPortal();
    // A create: the POST of version 1 is answered; the publish's PUT lands, and its answer is lost.
    const { fetch, lost } = firstPutAnswerLost();
    const outcome = await deploy(await startRun(), org.client({ fetch }), definition('customer', [text('email')]));
    expect(lost()).toBe(true);
    expect(outcome.result.summary).toMatchObject({ created: 1, failed: 0 });
    const sent = delivered(accepted).map(
      (request) => `${request.event.schema} v${request.event.version} ${request.event.status}`,
    );
    expect(sent.sort()).toEqual(['customer v1 DRAFT', 'customer v2 PUBLISHED']);
  });

  it('is not claimed, but the portal is told of it, under the id a later run would give it', async () => {
    org = await startOrg();
    const accepted = await acceptingPortal();
    await deploy(await startRun(), org.target, definition('customer', [text('email')]));
    accepted.length = 0;

    // The update's PUT lands; its answer is lost on the way back, and the run's read back finds it done.
    const { fetch, lost } = firstPutAnswerLost();
    const run = await startRun();
    const outcome = await deploy(run, org.client({ fetch }), definition('customer', [text('email'), text('phone')]));
    expect(lost()).toBe(true);
    expect(outcome.result.summary).toMatchObject({ foundByReadBack: 1, writes: 0, failed: 0 });
    const entries = await readAuditEntries(run.audit.path);
    const intent = entries.findLast((entry) => entry.action === 'SCHEMA_WRITE_INTENDED')!;
    expect(entries.filter((entry) => entry.intentSeq === intent.seq)).toMatchObject([
      { action: 'SCHEMA_WRITE_FOUND', version: 3 },
    ]);
    const sent = delivered(accepted);
    expect(sent.map((request) => `${request.event.schema} v${request.event.version}`)).toEqual(['customer v3']);
    expect(sent[0]!.eventId).toBe(eventIdOfIntent(intent.hash));
    expect(sent[0]!.event.diff).toEqual([
      { path: 'phone', kind: 'added', after: { name: 'phone', fieldtype: 'string' } },
    ]);
  });
});
