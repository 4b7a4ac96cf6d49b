/**
 * docs/api-contract.md "OAuth 2.0 client credentials" and "On every API response", row by row, with plain fetch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions, EmulatorHandle } from '../../src/emulator/index.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator } from '../../src/emulator/index.js';
import { demoClient } from '../../src/emulator/oauth-clients.js';
import { caller, rateLimitBody, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

const running: EmulatorHandle[] = [];
async function start(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function postToken(
  emulator: EmulatorHandle,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('POST /oauth/token', () => {
  it('grants a bearer token for the demo client, with the platform default lifetime', async () => {
    const emulator = await start();
    expect(emulator.demoClient).toEqual({
      id: DEMO_CLIENT_ID,
      secret: DEMO_CLIENT_SECRET,
      scopes: ['customobjects:schema:read', 'customobjects:schema:write'],
    });
    const reply = await postToken(
      emulator,
      { authorization: basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) },
      'grant_type=client_credentials',
    );
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body as object)).toEqual(['access_token', 'token_type', 'expires_in']);
    expect(reply.body).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the configured token lifetime', async () => {
    const emulator = await start({ tokenLifetimeSeconds: 60 });
    const reply = await postToken(
      emulator,
      { authorization: basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) },
      'grant_type=client_credentials',
    );
    expect((reply.body as { expires_in: number }).expires_in).toBe(60);
  });

  it('accepts client_id and client_secret in the form', async () => {
    const emulator = await start();
    const reply = await postToken(
      emulator,
      {},
      `grant_type=client_credentials&client_id=${DEMO_CLIENT_ID}&client_secret=${DEMO_CLIENT_SECRET}`,
    );
    expect(reply.status).toBe(200);
  });

  it('lets Basic win over the form even when Basic is malformed: a Basic header without id:secret is 401', async () => {
    const emulator = await start();
    const form = `grant_type=client_credentials&client_id=${DEMO_CLIENT_ID}&client_secret=${DEMO_CLIENT_SECRET}`;
    const noColon = `Basic ${Buffer.from('no-colon-here').toString('base64')}`;
    for (const authorization of [basic(DEMO_CLIENT_ID, 'wrong'), noColon, 'Basic', 'basic !!!!']) {
      const reply = await postToken(emulator, { authorization }, form);
      expect([authorization, reply.status]).toEqual([authorization, 401]);
      expect((reply.body as { error: string }).error).toBe('invalid_client');
    }
    // Another scheme is no client authentication: the form's credentials are the only ones sent.
    expect((await postToken(emulator, { authorization: 'Bearer abc' }, form)).status).toBe(200);
  });

  it('refuses another grant type with 400 unsupported_grant_type, before looking at the client', async () => {
    const emulator = await start();
    for (const form of ['grant_type=password', '', 'grant_type=authorization_code&code=x']) {
      const reply = await postToken(emulator, { authorization: basic('nobody', 'wrong') }, form);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: 'unsupported_grant_type' });
    }
  });

  it('refuses an unknown client, a wrong secret or no credentials with 401 invalid_client', async () => {
    const emulator = await start();
    for (const headers of [
      { authorization: basic('nobody', DEMO_CLIENT_SECRET) },
      { authorization: basic(DEMO_CLIENT_ID, 'wrong') },
      {},
    ] as Array<Record<string, string>>) {
      const reply = await postToken(emulator, headers, 'grant_type=client_credentials');
      expect(reply.status).toBe(401);
      expect(Object.keys(reply.body as object)).toEqual(['error', 'description']);
      expect((reply.body as { error: string }).error).toBe('invalid_client');
      expect(JSON.stringify(reply.body)).not.toContain(DEMO_CLIENT_SECRET);
    }
  });

  it('accepts only configured clients when some are given', async () => {
    const emulator = await start({
      clients: [{ id: 'ci', secret: 's3cret-value', scopes: ['customobjects:schema:read'] }],
    });
    expect(emulator.demoClient.id).toBe('ci');
    expect(
      (
        await postToken(
          emulator,
          { authorization: basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) },
          'grant_type=client_credentials',
        )
      ).status,
    ).toBe(401);
    expect(
      (await postToken(emulator, { authorization: basic('ci', 's3cret-value') }, 'grant_type=client_credentials'))
        .status,
    ).toBe(200);
  });

  it('accepts the GENESYS_OAUTH_CLIENT_ID / SECRET pair of its environment besides the demo client', async () => {
    const saved = { id: process.env['GENESYS_OAUTH_CLIENT_ID'], secret: process.env['GENESYS_OAUTH_CLIENT_SECRET'] };
    process.env['GENESYS_OAUTH_CLIENT_ID'] = 'from-env';
    process.env['GENESYS_OAUTH_CLIENT_SECRET'] = 'env-secret';
    try {
      const emulator = await start();
      const token = await tokenFor(emulator, { id: 'from-env', secret: 'env-secret' });
      expect((await caller(emulator, token)('POST', SCHEMAS, schemaBody('via_env'))).status).toBe(201);
      expect(
        (
          await postToken(
            emulator,
            { authorization: basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET) },
            'grant_type=client_credentials',
          )
        ).status,
      ).toBe(200);
    } finally {
      for (const [key, value] of [
        ['GENESYS_OAUTH_CLIENT_ID', saved.id],
        ['GENESYS_OAUTH_CLIENT_SECRET', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('keeps the demo client when the environment pair reuses its id, and refuses two clients of one id', async () => {
    const saved = { id: process.env['GENESYS_OAUTH_CLIENT_ID'], secret: process.env['GENESYS_OAUTH_CLIENT_SECRET'] };
    process.env['GENESYS_OAUTH_CLIENT_ID'] = DEMO_CLIENT_ID;
    process.env['GENESYS_OAUTH_CLIENT_SECRET'] = 'another-secret';
    try {
      const emulator = await start();
      expect(emulator.demoClient).toMatchObject({ id: DEMO_CLIENT_ID, secret: DEMO_CLIENT_SECRET });
      const token = await tokenFor(emulator, emulator.demoClient);
      expect((await caller(emulator, token)('POST', SCHEMAS, schemaBody('via_demo'))).status).toBe(201);
      expect(
        (
          await postToken(
            emulator,
            { authorization: basic(DEMO_CLIENT_ID, 'another-secret') },
            'grant_type=client_credentials',
          )
        ).status,
      ).toBe(401);
    } finally {
      for (const [key, value] of [
        ['GENESYS_OAUTH_CLIENT_ID', saved.id],
        ['GENESYS_OAUTH_CLIENT_SECRET', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    await expect(
      start({
        clients: [
          { id: 'ci', secret: 'first-secret', scopes: ['customobjects:schema:read'] },
          { id: 'ci', secret: 'second-secret', scopes: ['customobjects:schema:read'] },
        ],
      }),
    ).rejects.toThrow(/clients\[1\] has the id of clients\[0\]/);
  });

  it('uses a random demo secret for a host beyond loopback', () => {
    // Tests only bind loopback, so the choice is checked where it is made.
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(demoClient(host).secret).toBe(DEMO_CLIENT_SECRET);
    const open = demoClient('0.0.0.0');
    expect(open.secret).not.toBe(DEMO_CLIENT_SECRET);
    expect(open.secret.length).toBeGreaterThanOrEqual(20);
    expect(demoClient('0.0.0.0').secret).not.toBe(open.secret);
  });
});

describe('bearer tokens on the API', () => {
  it('answers 401 bad.credentials without a token, with an unknown one, or an expired one', async () => {
    let now = 1_000_000;
    const emulator = await start({ now: () => now, tokenLifetimeSeconds: 100 });
    const token = await tokenFor(emulator);
    const noToken = await fetch(`${emulator.url}${SCHEMAS}`);
    const unknown = await caller(emulator, 'not-a-token')('GET', SCHEMAS);
    expect((await caller(emulator, token)('GET', SCHEMAS)).status).toBe(200);
    now += 100_000;
    const expired = await caller(emulator, token)('GET', SCHEMAS);
    for (const reply of [
      { status: noToken.status, body: (await noToken.json()) as { code: string; status: number } },
      unknown,
      expired,
    ]) {
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('bad.credentials');
      expect(reply.body.status).toBe(401);
    }
    const fresh = await tokenFor(emulator);
    expect((await caller(emulator, fresh)('GET', SCHEMAS)).status).toBe(200);
  });

  it('expires every token issued so far on expireTokens()', async () => {
    const emulator = await start();
    const token = await tokenFor(emulator);
    emulator.expireTokens();
    expect((await caller(emulator, token)('GET', SCHEMAS)).body.code).toBe('bad.credentials');
  });

  it('answers 403 missing.scope naming the scope that is missing', async () => {
    const emulator = await start({
      clients: [
        { id: 'reader', secret: 'r', scopes: ['customobjects:schema:read'] },
        { id: 'writer', secret: 'w', scopes: ['customobjects:schema:write'] },
      ],
    });
    const reader = caller(emulator, await tokenFor(emulator, { id: 'reader', secret: 'r' }));
    const writer = caller(emulator, await tokenFor(emulator, { id: 'writer', secret: 'w' }));
    for (const [call, method, path, scope] of [
      [reader, 'POST', SCHEMAS, 'customobjects:schema:write'],
      [reader, 'PUT', `${SCHEMAS}/a`, 'customobjects:schema:write'],
      [reader, 'DELETE', `${SCHEMAS}/a`, 'customobjects:schema:write'],
      [writer, 'GET', SCHEMAS, 'customobjects:schema:read'],
      [writer, 'GET', '/api/v2/customobjects/limits', 'customobjects:schema:read'],
    ] as const) {
      const reply = await call(method, path, method === 'POST' || method === 'PUT' ? schemaBody('a') : undefined);
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('missing.scope');
      expect(reply.body.messageParams).toEqual({ scope });
    }
    expect((await writer('POST', SCHEMAS, schemaBody('a'))).status).toBe(201);
    expect((await reader('GET', `${SCHEMAS}/a`)).status).toBe(200);
  });
});

describe('ININ-Correlation-Id', () => {
  it('echoes the request value, repeats it as contextId, and generates a UUID otherwise', async () => {
    const emulator = await start();
    const call = caller(emulator, await tokenFor(emulator));
    const echoed = await call('GET', `${SCHEMAS}/missing`, undefined, { 'ININ-Correlation-Id': 'my-trace-42' });
    expect(echoed.headers.get('inin-correlation-id')).toBe('my-trace-42');
    expect(echoed.body.contextId).toBe('my-trace-42');
    const generated = await call('GET', `${SCHEMAS}/missing`);
    const id = generated.headers.get('inin-correlation-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generated.body.contextId).toBe(id);
    const ok = await call('GET', SCHEMAS);
    expect(ok.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('inin-correlation-id')).not.toBe(id);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and the platform body past the per-token limit, until the window closes', async () => {
    let now = 0;
    const emulator = await start({ now: () => now, rateLimitPerMinute: 3 });
    const token = await tokenFor(emulator);
    const call = caller(emulator, token);
    for (let i = 0; i < 3; i++) expect((await call('GET', SCHEMAS)).status).toBe(200);
    now = 20_000;
    const refused = await call('GET', SCHEMAS, undefined, { 'ININ-Correlation-Id': 'rl-1' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.body).toEqual(rateLimitBody(40, 'rl-1'));
    now = 59_999;
    expect((await call('GET', SCHEMAS)).headers.get('retry-after')).toBe('1');
    // Another token has its own window.
    expect((await caller(emulator, await tokenFor(emulator))('GET', SCHEMAS)).status).toBe(200);
    now = 60_000;
    expect((await call('GET', SCHEMAS)).status).toBe(200);
  });

  it('defaults to 300 a minute, can be changed while running, and 0 turns it off', async () => {
    const now = 0;
    const emulator = await start({ now: () => now });
    expect(emulator.rateLimit()).toBe(300);
    const call = caller(emulator, await tokenFor(emulator));
    emulator.setRateLimit(1);
    expect((await call('GET', SCHEMAS)).status).toBe(200);
    expect((await call('GET', SCHEMAS)).status).toBe(429);
    emulator.setRateLimit(0);
    expect((await call('GET', SCHEMAS)).status).toBe(200);
    expect(() => emulator.setRateLimit(-1)).toThrow(/whole number/);
  });

  it('sends the legacy inin-ratelimit headers only when asked to', async () => {
    const plain = await start();
    const plainReply = await caller(plain, await tokenFor(plain))('GET', SCHEMAS);
    expect(plainReply.headers.get('inin-ratelimit-allowed')).toBeNull();
    const now = 0;
    const legacy = await start({ legacyRateLimitHeaders: true, rateLimitPerMinute: 10, now: () => now });
    const call = caller(legacy, await tokenFor(legacy));
    await call('GET', SCHEMAS);
    const reply = await call('GET', SCHEMAS);
    expect(reply.headers.get('inin-ratelimit-allowed')).toBe('10');
    expect(reply.headers.get('inin-ratelimit-count')).toBe('2');
    expect(reply.headers.get('inin-ratelimit-reset')).toBe('60');
  });
});
