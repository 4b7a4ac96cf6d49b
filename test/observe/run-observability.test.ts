import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRunObservability } from '../../src/observe/run-observability.js';
import { readAuditEntries } from '../../src/observe/audit/audit-log.js';
import { verifyPortalSignature } from '../../src/observe/portal/portal-signature.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-9' };

let dir: string;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-run-observe-'));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('run observability from the config', () => {
  it('opens the audit log at audit.path and signs events with the secret the config names', async () => {
    const signatures: boolean[] = [];
    receiver = await startReceiver((request, response) => {
      signatures.push(
        verifyPortalSignature({
          body: request.body,
          timestamp: request.headers['x-cxschema-timestamp'],
          signature: request.headers['x-cxschema-signature'],
          secret: 'from-env-secret',
        }).ok,
      );
      response.writeHead(200).end();
    });
    const run = await startRunObservability({
      config: {
        root: dir,
        audit: { path: 'logs/audit.jsonl' },
        // The receiver answers at once: only a hang may reach the timeout, not a loaded machine (which would
        // send the event twice).
        portal: { url: receiver.url, secretEnv: 'PORTAL_KEY', timeoutMs: 300_000 },
      },
      context: CONTEXT,
      env: { PORTAL_KEY: 'from-env-secret' },
      secrets: ['client-secret-1'],
    });
    expect(run.audit.path).toBe(join(dir, 'logs/audit.jsonl'));
    // The portal outbox lies beside the log it belongs to.
    expect(run.outbox.path).toBe(join(dir, 'logs/audit.portal-outbox.jsonl'));
    await run.portal!.send({
      schema: 'order',
      version: 2,
      status: 'PUBLISHED',
      diff: [],
      timestamp: new Date().toISOString(),
    });
    expect(signatures).toEqual([true]);
    await run.audit.append({
      action: 'SCHEMA_DEPLOYMENT_FAILED',
      schemaId: 'order',
      status: 'FAILED',
      errorMessage: 'echo from-env-secret and client-secret-1',
    });
    const [entry] = await readAuditEntries(run.audit.path);
    expect(entry!.errorMessage).toBe('echo [REDACTED] and [REDACTED]');
    expect(entry).toMatchObject(CONTEXT);
  });

  it('works without a portal, with the default audit path', async () => {
    const run = await startRunObservability({ config: { root: dir }, context: CONTEXT, env: {} });
    expect(run.portal).toBeUndefined();
    expect(run.audit.path).toBe(join(dir, '.cxschema', 'audit.jsonl'));
    expect(await run.observer.finish()).toEqual({
      warnings: [],
      portalExports: 0,
      portalFailures: 0,
      portalResent: 0,
      auditFailures: 0,
      failed: false,
    });
  });

  it('refuses a portal.secretEnv whose variable is not set, naming the variable', async () => {
    const attempt = startRunObservability({
      config: { root: dir, portal: { url: 'https://portal.example.com/x', secretEnv: 'MISSING_KEY' } },
      context: CONTEXT,
      env: {},
    });
    await expect(attempt).rejects.toThrow('portal.secretEnv names MISSING_KEY, which is not set');
  });

  it('refuses a signing secret so short that cleaning it from messages would garble them', async () => {
    const portal = { url: 'https://portal.example.com/x', secretEnv: 'PORTAL_KEY' };
    const attempt = startRunObservability({
      config: { root: dir, portal },
      context: CONTEXT,
      env: { PORTAL_KEY: 'x' },
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'CONFIG',
      message: "PORTAL_KEY holds 1 character: the portal's signing secret must be at least 6",
    });
  });
});
