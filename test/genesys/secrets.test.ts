import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/genesys/api-error.js';
import type { TransportHooks } from '../../src/genesys/transport-hooks.js';
import { quickSleep, startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock } from './helpers/virtual-clock.js';
import { fetchUrl } from '../support/fetch-url.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  await rig?.emulator.stop();
  rig = undefined;
});

/** Everything an error can show: message, hint, stack, JSON, and a deep inspect with hidden properties. */
function everythingIn(error: unknown): string {
  const e = error as Error & { hint?: string };
  return [
    e.message,
    e.hint ?? '',
    e.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join('\n');
}

/**
 * A fetch that notes every token issued, and can act as a proxy that echoes the Authorization header into every
 * member of an error body (code, context id, parameters, problems), or into the token endpoint's refusal.
 */
function watchingFetch(options: { echoAuthorization?: boolean; echoLogin?: boolean } = {}) {
  const tokens: string[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (options.echoLogin && fetchUrl(input).endsWith('/oauth/token')) {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(JSON.stringify({ error: `invalid_request ${authorization}`, code: authorization }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    }
    const response = await fetch(input, init);
    if (fetchUrl(input).endsWith('/oauth/token') && response.status === 200) {
      const body = (await response.clone().json()) as { access_token: string };
      tokens.push(body.access_token);
    }
    if (options.echoAuthorization && response.status >= 400 && fetchUrl(input).includes('/api/')) {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      const body = (await response.json()) as Record<string, unknown>;
      return new Response(
        JSON.stringify({
          ...body,
          message: `refused for ${authorization}`,
          code: `bad.${authorization}`,
          contextId: authorization.replace(/^Bearer /, ''),
          messageParams: { scope: authorization, [authorization]: 'x' },
          errors: [{ code: authorization, fieldName: authorization, message: `again ${authorization}` }],
        }),
        // The correlation id header echoes the token too: it is server text like the body.
        {
          status: response.status,
          headers: { ...Object.fromEntries(response.headers), 'inin-correlation-id': authorization },
        },
      );
    }
    return response;
  };
  return { fetch: fetchFn, tokens };
}

describe('secrets', () => {
  it('never reach an error or a hook payload, whatever goes wrong', async () => {
    const clock = new JumpingClock();
    const payloads: unknown[] = [];
    const hooks: TransportHooks = {
      onResponse: (e) => payloads.push(e),
      onRetry: (e) => payloads.push(e),
      onThrottle: (e) => payloads.push(e),
    };
    const watch = watchingFetch();
    rig = await startOrg(
      {},
      { fetch: watch.fetch, hooks, now: clock.now, sleep: clock.sleep, maxAttempts: 2, requestTimeoutMs: 500 },
    );
    const secrets = [rig.emulator.demoClient.secret];
    const errors: unknown[] = [];
    const collect = (promise: Promise<unknown>): Promise<void> =>
      promise.then(
        () => undefined,
        (error: unknown) => void errors.push(error),
      );
    const { target } = rig;

    await collect(target.create(draft('customer')));
    await collect(
      target.create(draft('broken', [{ name: 'x', fieldtype: 'string', constraints: { maxLength: 9999 } }])),
    ); // 400
    await collect(target.create({ ...draft('customer'), name: 'Different' })); // 409 exists
    await collect(target.update({ ...draft('customer'), version: 5 })); // 409 conflict
    await collect(target.delete('ghost')); // 404
    rig.emulator.expireTokens();
    await collect(target.get('customer')); // 401, then a new token
    rig.emulator.setFaults({ rateLimit: 1 });
    await collect(target.list()); // 429 until attempts run out
    rig.emulator.setFaults({ latency: 2000 });
    await collect(target.get('customer')); // timeout
    rig.emulator.setFaults({});

    const wrongSecret = 'wrong-secret-value-123';
    secrets.push(wrongSecret);
    await collect(
      rig
        .client({
          credentials: { clientId: rig.emulator.demoClient.id, clientSecret: wrongSecret, domain: rig.emulator.url },
        })
        .list(),
    ); // login refused

    const echo = watchingFetch({ echoAuthorization: true });
    const echoing = rig.client({ fetch: echo.fetch });
    await collect(
      echoing.create(draft('broken2', [{ name: 'x', fieldtype: 'string', constraints: { maxLength: 9999 } }])),
    ); // a proxy echoing the header
    await collect(echoing.list().then(() => rig!.client({ fetch: watchingFetch({ echoLogin: true }).fetch }).list()));
    // a token endpoint echoing the Basic header

    await rig.emulator.stop();
    await collect(target.list()); // the host is gone

    expect(errors.length).toBeGreaterThanOrEqual(9);
    expect(payloads.length).toBeGreaterThan(10);
    const tokens = [...watch.tokens, ...echo.tokens];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const texts = [...errors.map(everythingIn), ...payloads.map((p) => JSON.stringify(p))];
    const basic = Buffer.from(`${rig.emulator.demoClient.id}:${rig.emulator.demoClient.secret}`).toString('base64');
    for (const secret of [...secrets, ...tokens, basic]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
    // The echoed header was scrubbed, not merely absent.
    expect(texts.some((t) => t.includes('[REDACTED]'))).toBe(true);
    // A context id the redactor changed (the bare token, all [REDACTED]) gives way to the response's own
    // correlation id header, itself redacted ("Bearer [REDACTED]" here).
    for (const error of errors) if (error instanceof ApiError) expect(error.correlationId).not.toBe('[REDACTED]');
  });

  it("never reach an error from a network failure's own text, a proxy URL's password included", async () => {
    rig = await startOrg({}, { sleep: quickSleep, maxAttempts: 2 });
    // What Node's fetch going through the proxy NODE_USE_ENV_PROXY names, or a fetch standing in, may throw: no
    // socket error code, and HTTPS_PROXY quoted whole.
    const password = 'proxy-password-Zr4-never-print';
    const failure = (): TypeError =>
      new TypeError(`tunnel through http://deployer:${password}@proxy.example:3128 refused`);
    const loginFails = rig.client({ fetch: () => Promise.reject(failure()) });
    const apiFails = rig.client({
      fetch: (input, init) =>
        fetchUrl(input).endsWith('/oauth/token') ? fetch(input, init) : Promise.reject(failure()),
    });
    for (const target of [loginFails, apiFails]) {
      const error: unknown = await target.list().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toContain('tunnel through http://[REDACTED]@proxy.example:3128 refused');
      expect(everythingIn(error)).not.toContain(password);
    }
  });
});
