/**
 * Secrets never reach output, logs, metrics, audit entries or change events: a full CLI run against an emulator
 * with faults (5xx, 429s, resets), a portal receiver that fails at first and is reached with a password in its URL,
 * a refused login, the audit commands and `portal resend`; then every byte the runs produced is searched for the
 * client secret, the portal secret, the portal URL's password and every issued token.
 */
import { cp, readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { runCli, type CliResult } from '../support/cli-process.js';

const CLIENT = {
  id: 'deployer-ci',
  secret: 'client-secret-Zq81-never-print',
  scopes: ['customobjects:schema:read', 'customobjects:schema:write'] as const,
};
const PORTAL_SECRET = 'portal-secret-Hk27-never-print';
/** Sent as Basic credentials (docs/portal-events.md), and shown nowhere. */
const PORTAL_URL_PASSWORD = 'portal-url-password-Wq63-never-print';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      calls++;
      received.push({ headers: req.headers, body });
      // Every third call fails, so retries and warnings are part of what is searched.
      res.statusCode = calls % 3 === 1 ? 503 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/events`, received };
}

describe('secrets in a full run with faults', () => {
  let emulator: EmulatorHandle;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: string;
  const runs: CliResult[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      clients: [{ id: CLIENT.id, secret: CLIENT.secret, scopes: [...CLIENT.scopes] }],
      faults: { status: { 503: 0.1, 500: 0.03 }, rateLimit: 0.05, retryAfterSeconds: 1, reset: 0.02 },
      seed: 7,
    });
    receiver = await startReceiver();
    dir = await mkdtemp(join(tmpdir(), 'cxschema-secrets-'));
    await cp(new URL('../../examples/catalog', import.meta.url), join(dir, 'schemas'), { recursive: true });
    await writeFile(
      join(dir, 'cxschema.config.yaml'),
      `schemas: ["schemas/*.schema.yaml"]\nportal: { url: "${receiver.url.replace('http://', `http://hooks:${PORTAL_URL_PASSWORD}@`)}", secretEnv: PORTAL_SECRET, timeoutMs: 2000 }\naudit: { path: audit/log.jsonl }\n`,
    );
    const env = {
      GENESYS_OAUTH_CLIENT_ID: CLIENT.id,
      GENESYS_OAUTH_CLIENT_SECRET: CLIENT.secret,
      GENESYS_OAUTH_DOMAIN: emulator.url,
      PORTAL_SECRET,
      CXSCHEMA_DEBUG: '1',
      // Node's own HTTP debug lines are searched too: they print what a request's options hold.
      NODE_DEBUG: 'http',
    };
    runs.push(await runCli(['apply', '--auto-approve', '--metrics-file', 'metrics.prom'], { cwd: dir, env }));
    emulator.expireTokens();
    runs.push(
      await runCli(['plan', '--format', 'json', '--metrics-file', 'metrics.json', '--metrics-format', 'json'], {
        cwd: dir,
        env,
      }),
    );
    runs.push(
      await runCli(['plan'], { cwd: dir, env: { ...env, GENESYS_OAUTH_CLIENT_SECRET: `${CLIENT.secret}-wrong` } }),
    );
    runs.push(await runCli(['audit', 'show', '--format', 'json'], { cwd: dir, env }));
    runs.push(await runCli(['audit', 'verify'], { cwd: dir, env }));
    runs.push(await runCli(['portal', 'resend'], { cwd: dir, env }));
  });

  afterAll(async () => {
    await emulator.stop();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('did the work it was asked to, through the faults', async () => {
    expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
    expect(
      emulator
        .schemas()
        .map((s) => s.externalId)
        .sort(),
    ).toEqual(['category', 'product', 'purchase_order', 'stock_item', 'supplier', 'warehouse']);
    expect(emulator.requestLog().some((entry) => entry.fault !== undefined)).toBe(true);
    expect(receiver.received.length).toBeGreaterThan(6);
    const basic = `Basic ${Buffer.from(`hooks:${PORTAL_URL_PASSWORD}`).toString('base64')}`;
    expect(receiver.received.every((r) => r.headers.authorization === basic)).toBe(true);
    expect(runs[1]!.code).toBe(0);
    expect(runs[2]!.code).toBe(1);
    expect(runs[2]!.stderr).toMatch(/refused/);
    expect(runs[4]!.code).toBe(0);
  });

  it('shows no secret and no token anywhere', async () => {
    const tokens = emulator.issuedTokens();
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const haystacks: Array<[string, string]> = [
      ...runs.flatMap((run, i): Array<[string, string]> => [
        [`run ${i} stdout`, run.stdout],
        [`run ${i} stderr`, run.stderr],
      ]),
      ['metrics.prom', await readFile(join(dir, 'metrics.prom'), 'utf8')],
      ['metrics.json', await readFile(join(dir, 'metrics.json'), 'utf8')],
      ['audit log', await readFile(join(dir, 'audit/log.jsonl'), 'utf8')],
      // Gone once the portal took every event (docs/portal-events.md): searched when something still waits there.
      ['portal outbox', await readFile(join(dir, 'audit/log.portal-outbox.jsonl'), 'utf8').catch(() => '')],
      ...receiver.received.map((r, i): [string, string] => [`portal event ${i}`, JSON.stringify(r.headers) + r.body]),
    ];
    // The search must have material: the files, the events and the failed login's message at least.
    const searched = haystacks.filter(([, text]) => text.length > 0).map(([where]) => where);
    expect(searched).toEqual(
      expect.arrayContaining([
        'metrics.prom',
        'metrics.json',
        'audit log',
        'run 0 stdout',
        'run 0 stderr',
        'run 2 stderr',
        'portal event 0',
      ]),
    );
    for (const [where, text] of haystacks) {
      // The login sends the secret as Basic base64(id:secret): that form is searched as well.
      const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
      for (const secret of [CLIENT.secret, PORTAL_SECRET, PORTAL_URL_PASSWORD, basic, ...tokens]) {
        expect(text.includes(secret), `${where} holds a secret`).toBe(false);
      }
    }
  });
});
