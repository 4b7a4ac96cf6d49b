/**
 * A full apply against the emulator in this process, under faults, observed: metrics from the client's hooks,
 * audit entries and portal change events from apply's events. Then every output is searched for the client
 * secret, the tokens and the portal secret.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createApplyObserver, writeAction } from '../../src/observe/apply-observer.js';
import { openAuditLog, readAuditEntries, verifyAuditChain, type AuditLog } from '../../src/observe/audit/audit-log.js';
import { hashContent } from '../../src/observe/audit/audit-entry.js';
import { createPortalExporter, type ChangeEvent } from '../../src/observe/portal/portal-export.js';
import { verifyPortalSignature } from '../../src/observe/portal/portal-signature.js';
import { createRunMetrics } from '../../src/observe/metrics/run-metrics.js';
import { writeMetricsFile } from '../../src/observe/metrics/metrics-file.js';
import { createWriteCorrelation, type WriteCorrelation } from '../../src/observe/write-correlation.js';
import { planRollback } from '../../src/org/rollback.js';
import type { PlanStep } from '../../src/plan/plan-types.js';
import { writeBody } from '../../src/plan/schema-content.js';
import { clientFor, startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';
import { definition, documents, ref, text } from '../support/schema-builders.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { fetchUrl } from '../support/fetch-url.js';

const PORTAL_SECRET = 'portal-signing-secret-9f8e7d';

let org: TestOrg | undefined;
let receiver: Receiver | undefined;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-observe-run-'));
});
afterEach(async () => {
  await org?.stop();
  await receiver?.close();
  org = undefined;
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Virtual time for the client's back-offs, and a fetch that remembers every token it carried. */
function instrumentedClient(
  handle: TestOrg['emulator'],
  metrics: ReturnType<typeof createRunMetrics>,
  correlation: WriteCorrelation,
) {
  const tokens = new Set<string>();
  let offset = 0;
  const recordingFetch: typeof fetch = async (input, init) => {
    const auth = new Headers(init?.headers).get('authorization');
    if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
    const response = await fetch(input, init);
    if (fetchUrl(input).includes('/oauth/token') && response.ok) {
      const body = (await response.clone().json()) as { access_token: string };
      tokens.add(body.access_token);
    }
    return response;
  };
  const target = clientFor(handle, {
    hooks: {
      onResponse: (event) => {
        metrics.hooks.onResponse?.(event);
        correlation.hooks.onResponse?.(event);
      },
      onRetry: metrics.hooks.onRetry,
      onThrottle: metrics.hooks.onThrottle,
    },
    fetch: recordingFetch,
    now: () => Date.now() + offset,
    sleep: (ms) => {
      offset += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
    maxAttempts: 10,
  });
  return { target, tokens };
}

const SHOP = documents(
  definition('customer', [text('email')]),
  definition('order', [text('number'), ref('buyer', 'customer')]),
  definition('invoice', [text('total'), ref('order', 'order')]),
  definition('draft_note', [text('body')], { status: 'DRAFT' }),
);

describe('observing an apply run', () => {
  it('records metrics, a valid audit chain and signed change events; a failing portal only warns; no secret leaks', async () => {
    org = await startOrg({
      faults: { status: { 503: 0.15 }, rateLimit: 0.1, retryAfterSeconds: 1, reset: 0.03 },
      seed: 7,
    });
    const metrics = createRunMetrics();
    const correlation = createWriteCorrelation();
    const { target, tokens } = instrumentedClient(org.emulator, metrics, correlation);
    const clientSecret = org.emulator.demoClient.secret;

    const verified: string[] = [];
    receiver = await startReceiver((request, response) => {
      const check = verifyPortalSignature({
        body: request.body,
        timestamp: request.headers['x-cxschema-timestamp'],
        signature: request.headers['x-cxschema-signature'],
        secret: PORTAL_SECRET,
      });
      const event = JSON.parse(request.body) as { schema: string };
      if (check.ok) verified.push(event.schema);
      // The portal is broken for invoices: the deploy must go on regardless.
      response.writeHead(event.schema === 'invoice' ? 503 : 200).end();
    });

    const audit = await openAuditLog(
      join(dir, 'audit.jsonl'),
      { environment: 'prod', orgDomain: org.emulator.url, actor: org.emulator.demoClient.id },
      { secrets: [clientSecret] },
    );
    const observer = createApplyObserver({
      metrics,
      audit,
      portal: createPortalExporter({
        url: receiver.url,
        secret: PORTAL_SECRET,
        sleep: async () => undefined,
        maxAttempts: 2,
      }),
      environment: 'prod',
      secrets: [clientSecret, PORTAL_SECRET],
    });
    await observer.recordDiagnostics([
      {
        ruleId: 'FIELD_NAME_DUPLICATE',
        severity: 'error',
        message: 'bad',
        file: 'schemas/x.schema.yaml',
        line: 3,
        column: 5,
        schema: 'x',
      },
      {
        ruleId: 'DESCRIPTION_MISSING',
        severity: 'warning',
        message: 'meh',
        file: 'schemas/x.schema.yaml',
        line: 1,
        column: 1,
        schema: 'x',
      },
    ]);
    const plan = await planAgainst(target, SHOP);
    observer.recordPlan(plan);
    const result = await applyPlan(plan, { target, events: observer.events, trackWrite: correlation.track });
    const report = await observer.finish();

    expect(result.summary).toMatchObject({ created: 4, failed: 0 });
    expect(result.eventErrors).toEqual([]);
    expect(report).toMatchObject({ portalExports: 4, portalFailures: 1, auditFailures: 0, failed: false });
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^portal export of invoice v2 to http:\/\/127\.0\.0\.1:\d+\/hooks\/schemas failed after 2 attempts: HTTP 503$/,
      ),
    ]);
    expect(verified.sort()).toEqual(['customer', 'draft_note', 'invoice', 'invoice', 'order']);

    // Audit: one entry per accepted write, the failed export, the validation failure; the chain holds.
    expect(await verifyAuditChain(audit.path)).toMatchObject({ ok: true });
    const entries = await readAuditEntries(audit.path);
    const summary = entries.map((entry) => `${entry.action} ${entry.schemaId} ${entry.version ?? ''}`.trim());
    expect(summary[0]).toBe('VALIDATION_FAILED x');
    expect(entries[0]!.errorMessage).toBe('1 validation error: FIELD_NAME_DUPLICATE (schemas/x.schema.yaml:3:5)');
    for (const schema of ['customer', 'order', 'invoice']) {
      expect(summary).toContain(`SCHEMA_CREATED ${schema} 1`);
      expect(summary).toContain(`SCHEMA_PUBLISHED ${schema} 2`);
    }
    expect(summary).toContain('SCHEMA_CREATED draft_note 1');
    expect(summary.filter((line) => line.includes('draft_note'))).toEqual([
      'SCHEMA_WRITE_INTENDED draft_note 1',
      'SCHEMA_CREATED draft_note 1',
    ]);
    expect(summary).toContain('PORTAL_EXPORT_FAILED invoice 2');
    const stored = org.emulator.schemas().find((schema) => schema.externalId === 'order')!;
    const orderPublished = entries.find((entry) => entry.action === 'SCHEMA_PUBLISHED' && entry.schemaId === 'order')!;
    expect(orderPublished.contentSha256).toBe(
      hashContent({ externalId: 'order', name: stored.name, version: 2, status: 'PUBLISHED', fields: stored.fields }),
    );
    expect(orderPublished).toMatchObject({ status: 'SUCCESS', environment: 'prod', actor: org.emulator.demoClient.id });

    // Each write's entry quotes the correlation id the org saw on that schema's POST or PUT; so does its event.
    const writesSeen = new Map(
      org.emulator
        .requestLog()
        .filter((request) => request.method === 'POST' || request.method === 'PUT')
        .map((request) => [request.correlationId, request]),
    );
    const writeEntries = entries.filter(
      (entry) => entry.action.startsWith('SCHEMA_') && entry.action !== 'SCHEMA_WRITE_INTENDED',
    );
    expect(writeEntries).toHaveLength(7);
    // Each write was announced before it was sent, and its entry names that intent.
    const intents = entries.filter((entry) => entry.action === 'SCHEMA_WRITE_INTENDED');
    expect(intents).toHaveLength(7);
    // Each names its owner: one run of this process, on this host (docs/audit.md).
    expect(new Set(intents.map((entry) => `${entry.runId} ${entry.pid} ${entry.host}`))).toEqual(
      new Set([`${intents[0]!.runId} ${process.pid} ${hostname()}`]),
    );
    expect(intents[0]!.runId).toMatch(/^[0-9a-f-]{36}$/);
    // Only intents carry it.
    expect(entries.filter((entry) => entry.runId !== undefined)).toHaveLength(7);
    expect(writeEntries.map((entry) => entry.intentSeq).sort()).toEqual(intents.map((entry) => entry.seq).sort());
    for (const entry of writeEntries) {
      const request = writesSeen.get(entry.correlationId ?? '');
      expect(request, `${entry.action} ${entry.schemaId}`).toBeDefined();
      if (entry.action === 'SCHEMA_CREATED') expect(request!.method).toBe('POST');
      else expect(`${request!.method} ${request!.path}`).toBe(`PUT /api/v2/customobjects/schemas/${entry.schemaId}`);
    }
    expect(new Set(writeEntries.map((entry) => entry.correlationId)).size).toBe(7);
    const orderEvent = receiver.received
      .map((request) => JSON.parse(request.body) as { schema: string; correlationId?: string })
      .find((event) => event.schema === 'order')!;
    expect(orderEvent.correlationId).toBe(orderPublished.correlationId);
    // A schema created by this run: the event has no previous version, and its diff lists every field, added.
    const orderStep = plan.steps.find((step) => step.externalId === 'order')!;
    expect(orderStep.from).toBeNull();
    expect(orderEvent).not.toHaveProperty('previousVersion');
    expect((orderEvent as unknown as { diff: unknown[] }).diff).toEqual(
      orderStep.content.fields.map((field) => ({ path: field.name, kind: 'added', after: field })),
    );

    // Metrics: every call the client made, and what happened to the schemas.
    const json = metrics.toJSON();
    expect(json.requests.total).toBeGreaterThan(8);
    expect(json.retries.total).toBeGreaterThan(0);
    expect(json.schemas).toMatchObject({ created: 4, failed: 0 });
    expect(json.validationFailures).toEqual({ total: 1, byRule: { FIELD_NAME_DUPLICATE: 1 } });
    expect(json.latencyMs.count).toBe(json.requests.total);
    await writeMetricsFile(join(dir, 'run.prom'), metrics);
    await writeMetricsFile(join(dir, 'run.json'), metrics, 'json');

    // No secret anywhere: audit log, metrics files, summary, warnings, what the portal received.
    expect(tokens.size).toBeGreaterThan(0);
    const outputs = [
      await readFile(audit.path, 'utf8'),
      await readFile(join(dir, 'run.prom'), 'utf8'),
      await readFile(join(dir, 'run.json'), 'utf8'),
      metrics.summaryLines().join('\n'),
      report.warnings.join('\n'),
      receiver.received.map((request) => request.body).join('\n'),
    ].join('\n');
    for (const secret of [clientSecret, PORTAL_SECRET, ...tokens])
      expect(outputs.includes(secret), 'a secret leaked').toBe(false);
  });

  it('finishes the deploy when the portal never answers, and fails the run only under strictPortal', async () => {
    org = await startOrg();
    receiver = await startReceiver(() => undefined);
    for (const strictPortal of [false, true]) {
      const audit: AuditLog = await openAuditLog(join(dir, `audit-${strictPortal}.jsonl`), {
        environment: 'dev',
        orgDomain: 'emulator',
        actor: 'ci',
      });
      const metrics = createRunMetrics();
      const target = clientFor(org.emulator, { hooks: metrics.hooks });
      const portal = createPortalExporter({ url: receiver.url, secret: PORTAL_SECRET, timeoutMs: 100, maxAttempts: 1 });
      const observer = createApplyObserver({ metrics, audit, portal, strictPortal });
      const plan = await planAgainst(target, documents(definition(`note_${String(strictPortal)}`, [text('body')])));
      const result = await applyPlan(plan, { target, events: observer.events });
      const report = await observer.finish();
      expect(result.summary.failed).toBe(0);
      expect(report).toMatchObject({ portalFailures: 1, failed: strictPortal });
      expect(report.warnings[0]).toContain('no answer within 100 ms');
      const failure = (await readAuditEntries(audit.path)).find((entry) => entry.action === 'PORTAL_EXPORT_FAILED')!;
      expect(failure.status).toBe(strictPortal ? 'FAILED' : 'WARNING');
    }
  });

  it('records a failed step and a blocked one', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = clientFor(org.emulator, { hooks: metrics.hooks });
    await applyPlan(await planAgainst(target, documents(definition('ticket', [text('title', { required: true })]))), {
      target,
    });
    const audit = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const observer = createApplyObserver({ metrics, audit });
    // Removing a required field breaks BACKWARD compatibility: the plan blocks the step.
    const blocked = await planAgainst(target, documents(definition('ticket', [text('other')])));
    await applyPlan(blocked, { target, events: observer.events });
    // A write that fails: every request answered 500, and a client that does not retry.
    const plan = await planAgainst(
      target,
      documents(definition('ticket', [text('title', { required: true })]), definition('later', [text('x')])),
    );
    org.emulator.setFaults({ status: { 500: 1 } });
    await applyPlan(plan, { target: clientFor(org.emulator, { maxAttempts: 1 }), events: observer.events });
    org.emulator.setFaults({});
    await observer.finish();
    const entries = await readAuditEntries(audit.path);
    expect(entries.map((entry) => [entry.action, entry.schemaId, entry.status])).toEqual([
      ['VALIDATION_FAILED', 'ticket', 'FAILED'],
      ['SCHEMA_WRITE_INTENDED', 'later', 'PENDING'],
      ['SCHEMA_DEPLOYMENT_FAILED', 'later', 'FAILED'],
    ]);
    // A 500 leaves the write's outcome unknown: the intent stays open for the next run to look for.
    expect(entries[2]!.intentSeq).toBeUndefined();
    entries.splice(1, 1);
    expect(entries[0]!.errorMessage).toBeTruthy();
    expect(entries[1]!.errorMessage).toContain('500');
    // The correlation id of the refusal that failed the step (here the read-back after the POST), as the org logged it.
    expect(
      org.emulator.requestLog().find((request) => request.correlationId === entries[1]!.correlationId),
    ).toMatchObject({ status: 500 });
    expect(metrics.toJSON().schemas).toMatchObject({ skipped: 1, failed: 1 });
  });
});

describe('observing a step that was rebased after a version conflict', () => {
  it('names the write and builds the change event from the re-plan, not from the version first planned', async () => {
    org = await startOrg();
    await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
      target: org.target,
    });
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
    // Someone else deprecates the schema (version 3) after the plan was made against version 2.
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'DEPRECATED',
      fields: [text('email')],
    });
    const sent: ChangeEvent[] = [];
    const audit = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const observer = createApplyObserver({ audit, portal: { send: async (event) => void sent.push(event) } });
    const result = await applyPlan(plan, { target: org.target, events: observer.events });
    await observer.finish();
    expect(result.outcomes[0]).toMatchObject({ result: 'done', rebased: true, version: 4, status: 'PUBLISHED' });
    const entries = await readAuditEntries(audit.path);
    expect(entries.map((entry) => `${entry.action} ${entry.version} ${entry.intentSeq ?? '-'}`)).toEqual([
      `SCHEMA_WRITE_INTENDED ${entries[0]!.version} -`,
      `SCHEMA_WRITE_NOT_DONE ${entries[0]!.version} 1`,
      'SCHEMA_WRITE_INTENDED 4 -',
      'SCHEMA_PUBLISHED 4 3',
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ schema: 'customer', version: 4, previousVersion: 3, status: 'PUBLISHED' });
    expect(sent[0]!.diff.map((change) => `${change.kind} ${change.path}`)).toEqual(['added phone']);
  });
});

describe('observing a rollback', () => {
  it('records SCHEMA_ROLLED_BACK with the restored version and the reason, and sends both in the change event', async () => {
    org = await startOrg();
    await applyPlan(
      await planAgainst(
        org.target,
        documents(definition('customer', [text('email', { constraints: { maxLength: 100 } })])),
      ),
      { target: org.target },
    );
    await applyPlan(
      await planAgainst(
        org.target,
        documents(definition('customer', [text('email', { constraints: { maxLength: 200 } })])),
      ),
      { target: org.target },
    );
    const secret = 'client-secret-that-must-not-leak';
    // A URL's user part in the reason is no secret the run knows, and is dropped all the same.
    const urlPassword = 'url-password-that-must-not-leak';
    const told = 'no email is longer than 100 (checked with [REDACTED], https://[REDACTED]@wiki.example/q)';
    const { plan } = await planRollback({
      target: org.target,
      orgDomain: 'emulator',
      externalId: 'customer',
      toVersion: 2,
      compatibility: { mode: 'BACKWARD', ignore: [] },
      allowBreaking: `no email is longer than 100 (checked with ${secret}, https://wiki:${urlPassword}@wiki.example/q)`,
      createdAt: new Date().toISOString(),
    });
    const sent: ChangeEvent[] = [];
    const audit = await openAuditLog(
      join(dir, 'audit.jsonl'),
      { environment: 'prod', orgDomain: 'emulator', actor: 'ci' },
      { secrets: [secret] },
    );
    const observer = createApplyObserver({
      audit,
      portal: { send: async (event) => void sent.push(event) },
      secrets: [secret],
    });
    const result = await applyPlan(plan, { target: org.target, events: observer.events });
    await observer.finish();
    expect(result.summary.updated).toBe(1);
    const entries = (await readAuditEntries(audit.path)).filter((entry) => entry.action !== 'SCHEMA_WRITE_INTENDED');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'SCHEMA_ROLLED_BACK',
      schemaId: 'customer',
      version: 4,
      restoredVersion: 2,
      status: 'SUCCESS',
    });
    expect(entries[0]!.reason).toBe(told);
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(JSON.stringify(entries)).not.toContain(urlPassword);
    expect(await verifyAuditChain(audit.path)).toMatchObject({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      schema: 'customer',
      version: 4,
      previousVersion: 3,
      rollback: {
        restoredVersion: 2,
        allowBreakingReason: told,
      },
    });
    expect(JSON.stringify(sent)).not.toContain(secret);
    expect(JSON.stringify(sent)).not.toContain(urlPassword);
  });
});

describe('naming a write', () => {
  it('by the status it changes, else by what it does', () => {
    expect(writeAction('POST', undefined, 'DRAFT')).toBe('SCHEMA_CREATED');
    expect(writeAction('PUT', 'DRAFT', 'PUBLISHED')).toBe('SCHEMA_PUBLISHED');
    expect(writeAction('PUT', 'DEPRECATED', 'PUBLISHED')).toBe('SCHEMA_PUBLISHED');
    expect(writeAction('PUT', 'PUBLISHED', 'DEPRECATED')).toBe('SCHEMA_DEPRECATED');
    expect(writeAction('PUT', 'PUBLISHED', 'PUBLISHED')).toBe('SCHEMA_UPDATED');
    expect(writeAction('PUT', 'DRAFT', 'DRAFT')).toBe('SCHEMA_UPDATED');
  });
});

describe('resolving a write intent when a step fails', () => {
  it('resolves every write refused by a conflict, the second one too, and counts the failed step', async () => {
    org = await startOrg();
    await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
      target: org.target,
    });
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
    const other = org.other;
    // Someone else writes the schema just before each of this run's updates: the first and the re-planned one.
    const theirs = [
      { name: 'The customer', status: 'DEPRECATED' as const },
      { name: 'Their customer', status: 'DEPRECATED' as const },
    ];
    const target = org.target;
    const racing: typeof target = Object.create(target) as typeof target;
    racing.update = async (body) => {
      const next = theirs.shift();
      if (next !== undefined) {
        const stored = (await other.get('customer'))!;
        await other.update({ externalId: 'customer', ...next, version: stored.version + 1, fields: [text('email')] });
      }
      return target.update(body);
    };
    const audit = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const metrics = createRunMetrics();
    const observer = createApplyObserver({ audit, metrics });
    const result = await applyPlan(plan, { target: racing, events: observer.events });
    await observer.finish();
    expect(theirs).toEqual([]);
    expect(result.outcomes[0]).toMatchObject({ result: 'failed', rebased: true });
    const entries = await readAuditEntries(audit.path);
    expect(entries.map((entry) => `${entry.action} ${entry.intentSeq ?? '-'}`)).toEqual([
      'SCHEMA_WRITE_INTENDED -',
      'SCHEMA_WRITE_NOT_DONE 1',
      'SCHEMA_WRITE_INTENDED -',
      'SCHEMA_WRITE_NOT_DONE 3',
      'SCHEMA_DEPLOYMENT_FAILED -',
    ]);
    expect(entries[3]!.errorMessage).toContain('not written over');
    // The failed step names the 409 that ended it, as the org logged it.
    expect(
      org.emulator.requestLog().find((request) => request.correlationId === entries[4]!.correlationId),
    ).toMatchObject({ status: 409 });
    expect(metrics.toJSON().schemas).toMatchObject({ failed: 1 });
  });

  it('leaves the intent open when the 4xx came from the read back, not from the write', async () => {
    org = await startOrg();
    let lostAnswers = 0;
    // The create lands but its answer is lost (a 503 in its place); the read back that follows is refused.
    const lossyFetch: typeof fetch = async (input, init) => {
      const url = fetchUrl(input);
      const method = init?.method ?? 'GET';
      if (url.endsWith('/schemas') && method === 'POST') {
        await fetch(input, init);
        lostAnswers++;
        return new Response('{"message":"unavailable","code":"service.unavailable","status":503}', {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      }
      if (lostAnswers > 0 && method === 'GET' && url.includes('/schemas/'))
        return new Response('{"message":"bad request","code":"bad.request","status":400}', {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      return fetch(input, init);
    };
    const target = clientFor(org.emulator, { fetch: lossyFetch, maxAttempts: 1 });
    const plan = await planAgainst(org.target, documents(definition('landed', [text('a')])));
    const audit = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const observer = createApplyObserver({ audit });
    const result = await applyPlan(plan, { target, events: observer.events });
    await observer.finish();
    expect(lostAnswers).toBe(1);
    expect(result.outcomes[0]).toMatchObject({ result: 'failed', error: { status: 400 } });
    expect(org.emulator.versions('landed')).toHaveLength(1);
    const entries = await readAuditEntries(audit.path);
    expect(entries.map((entry) => `${entry.action} ${entry.intentSeq ?? '-'}`)).toEqual([
      'SCHEMA_WRITE_INTENDED -',
      'SCHEMA_DEPLOYMENT_FAILED -',
    ]);
  });
});

describe('a write the platform refused', () => {
  it('is recorded with the version and body of that write, not those the step ends with', async () => {
    org = await startOrg({
      clients: [{ id: 'reader', secret: 'reader-secret', scopes: ['customobjects:schema:read'] }],
    });
    const reader = clientFor(org.emulator, {
      credentials: { clientId: 'reader', clientSecret: 'reader-secret', domain: org.emulator.url },
    });
    // A create: the POST of version 1 (DRAFT), then the PUT of version 2 (PUBLISHED). The POST is refused (403).
    const plan = await planAgainst(reader, documents(definition('category', [text('title')])));
    expect(plan.steps[0]!.to).toEqual({ version: 2, status: 'PUBLISHED' });
    const audit = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const observer = createApplyObserver({ audit });
    const result = await applyPlan(plan, { target: reader, events: observer.events });
    await observer.finish();
    expect(result.outcomes[0]).toMatchObject({ result: 'failed', error: { status: 403, refused: true } });
    const [intent, failed, ...rest] = await readAuditEntries(audit.path);
    expect(rest).toEqual([]);
    expect(intent).toMatchObject({ action: 'SCHEMA_WRITE_INTENDED', version: 1 });
    expect(failed).toMatchObject({
      action: 'SCHEMA_DEPLOYMENT_FAILED',
      version: 1,
      intentSeq: intent!.seq,
      contentSha256: hashContent(writeBody(plan.steps[0]!.content, 1, 'DRAFT')),
    });
    // The same body the intent announced (for custom objects, the body as sent).
    expect(failed!.contentSha256).toBe(intent!.contentSha256);
    expect((await verifyAuditChain(audit.path)).ok).toBe(true);
  });
});

describe('a write sent again after one whose answer was lost', () => {
  it('leaves the earlier intent open when the later write could not record its own', async () => {
    const log = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    // The second intent is not written (its append timed out on the lock): only a warning.
    const audit: AuditLog = {
      ...log,
      path: log.path,
      append: async (entry) => {
        if (entry.action === 'SCHEMA_WRITE_INTENDED' && entry.version === 6)
          throw new Error('the audit log stayed locked for 10000 ms');
        return log.append(entry);
      },
    };
    const observer = createApplyObserver({ audit });
    const content = { externalId: 'customer', name: 'Customer', fields: [text('email')] };
    const step: PlanStep = {
      externalId: 'customer',
      kind: 'update',
      wave: 0,
      managed: true,
      from: { version: 4, status: 'PUBLISHED' },
      to: { version: 5, status: 'PUBLISHED' },
      content,
      writes: [{ method: 'PUT', version: 5, status: 'PUBLISHED' }],
      changes: [],
      dependsOn: [],
      compatibility: { mode: 'BACKWARD', ignores: [] },
    };
    // The write of version 5 met a conflict after its answer was lost: it may have landed, and was planned again.
    const replanned: PlanStep = {
      ...step,
      from: { version: 5, status: 'PUBLISHED' },
      to: { version: 6, status: 'PUBLISHED' },
      writes: [{ method: 'PUT', version: 6, status: 'PUBLISHED' }],
    };
    const intend = (current: PlanStep) =>
      observer.events.onWriteIntended?.({
        step,
        current,
        write: current.writes[0]!,
        body: { ...content, version: current.to.version, status: 'PUBLISHED' },
      });
    await intend(step);
    await intend(replanned);
    await observer.events.onWrite?.({
      step,
      current: replanned,
      write: replanned.writes[0]!,
      result: {
        ...content,
        id: 'id-customer',
        version: 6,
        status: 'PUBLISHED',
        dateCreated: '2026-01-01T00:00:00Z',
        dateModified: '2026-01-01T00:00:00Z',
        selfUri: '/api/v2/customobjects/schemas/id-customer',
      },
      latencyMs: 5,
    });
    const report = await observer.finish();
    expect(report.auditFailures).toBe(1);
    const entries = await readAuditEntries(log.path);
    // The success of version 6 does not settle the intent of version 5: the next run looks for it in the org.
    expect(entries.map((entry) => `${entry.action} ${entry.version} ${entry.intentSeq ?? '-'}`)).toEqual([
      'SCHEMA_WRITE_INTENDED 5 -',
      'SCHEMA_UPDATED 6 -',
    ]);
  });

  it('asks for no entry after the abandon: a write that ends after it leaves its intent open, without a warning', async () => {
    const log = await openAuditLog(join(dir, 'audit.jsonl'), {
      environment: 'dev',
      orgDomain: 'emulator',
      actor: 'ci',
    });
    const observer = createApplyObserver({ audit: log });
    const content = { externalId: 'customer', name: 'Customer', fields: [text('email')] };
    const step: PlanStep = {
      externalId: 'customer',
      kind: 'create',
      wave: 0,
      managed: true,
      from: null,
      to: { version: 1, status: 'PUBLISHED' },
      content,
      writes: [{ method: 'POST', version: 1, status: 'PUBLISHED' }],
      changes: [],
      dependsOn: [],
      compatibility: { mode: 'BACKWARD', ignores: [] },
    };
    await observer.events.onStepStart?.(step);
    await observer.events.onWriteIntended?.({
      step,
      current: step,
      write: step.writes[0]!,
      body: { ...content, version: 1, status: 'PUBLISHED' },
    });
    expect(await observer.recordAbandon('apply interrupted by SIGINT, then abandoned by SIGINT')).toEqual([]);
    // The abandon ended the write's wait for a Retry-After: it fails once the abandon is recorded.
    await observer.events.onStepFailed?.({
      externalId: 'customer',
      kind: 'create',
      wave: 0,
      managed: true,
      result: 'failed',
      writes: 0,
      rebased: false,
      alreadyDone: false,
      error: { message: 'the request was not sent: abandoned by SIGINT', status: 0, refused: false },
      durationMs: 3,
    });

    const report = await observer.finish();
    expect(report).toMatchObject({ warnings: [], auditFailures: 0, failed: false });
    const entries = await readAuditEntries(log.path);
    expect(entries.map((entry) => entry.action)).toEqual(['SCHEMA_WRITE_INTENDED', 'APPLY_INTERRUPTED']);
    expect(await verifyAuditChain(log.path)).toMatchObject({ ok: true, openIntents: [1] });
  });
});
