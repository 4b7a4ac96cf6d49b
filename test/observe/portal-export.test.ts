import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPortalExporter,
  parsePortalUrl,
  PortalExportError,
  CHANGE_EVENT_TYPE,
  type ChangeEvent,
} from '../../src/observe/portal/portal-export.js';
import { signPortalBody, verifyPortalSignature } from '../../src/observe/portal/portal-signature.js';
import type { CxError } from '../../src/model/errors.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const SECRET = 'portal-hmac-secret-value';
const EVENT: ChangeEvent = {
  schema: 'order',
  version: 3,
  previousVersion: 2,
  status: 'PUBLISHED',
  diff: [
    { path: 'total', kind: 'added', after: { name: 'total', fieldtype: 'number' } },
    { path: 'note', kind: 'changed', property: 'constraints.maxLength', before: 100, after: 200 },
  ],
  timestamp: '2025-01-02T03:04:05.000Z',
  correlationId: 'corr-1',
  environment: 'prod',
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    sleep: async (ms) => {
      waits.push(ms);
    },
    waits,
  };
}

describe('portal export', () => {
  it('posts the event as JSON, signed over timestamp and body, and the receiver can verify it', async () => {
    const checks: unknown[] = [];
    receiver = await startReceiver((request, response) => {
      checks.push(
        verifyPortalSignature({
          body: request.body,
          timestamp: request.headers['x-cxschema-timestamp'],
          signature: request.headers['x-cxschema-signature'],
          secret: SECRET,
        }),
      );
      response.writeHead(202).end();
    });
    await createPortalExporter({ url: receiver.url, secret: SECRET }).send(EVENT);
    expect(checks).toEqual([{ ok: true }]);
    const [request] = receiver.received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-cxschema-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(request!.headers['x-cxschema-event-id']).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toEqual({ eventId: request!.headers['x-cxschema-event-id'], type: CHANGE_EVENT_TYPE, ...EVENT });
    expect(request!.body).not.toContain(SECRET);
  });

  it('signs with the timestamp of each attempt and keeps the event id across retries', async () => {
    let clock = 1_700_000_000_000;
    const { sleep, waits } = recordingSleep();
    receiver = await startReceiver((_request, response, index) => {
      clock += 7000;
      response.writeHead(index < 2 ? 503 : 200).end('busy');
    });
    await createPortalExporter({ url: receiver.url, secret: SECRET, now: () => clock, sleep }).send(EVENT);
    expect(receiver.received).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
    const ids = new Set(receiver.received.map((request) => request.headers['x-cxschema-event-id']));
    expect(ids.size).toBe(1);
    const timestamps = receiver.received.map((request) => Number(request.headers['x-cxschema-timestamp']));
    expect(timestamps).toEqual([1_700_000_000, 1_700_000_007, 1_700_000_014]);
    for (const request of receiver.received) {
      const check = verifyPortalSignature({
        body: request.body,
        timestamp: request.headers['x-cxschema-timestamp'],
        signature: request.headers['x-cxschema-signature'],
        secret: SECRET,
        now: () => Number(request.headers['x-cxschema-timestamp']) * 1000,
      });
      expect(check).toEqual({ ok: true });
    }
  });

  it('honours a short Retry-After on 429', async () => {
    const { sleep, waits } = recordingSleep();
    receiver = await startReceiver((_request, response, index) => {
      if (index === 0) response.writeHead(429, { 'Retry-After': '3' }).end();
      else response.writeHead(200).end();
    });
    await createPortalExporter({ url: receiver.url, secret: SECRET, sleep }).send(EVENT);
    expect(waits).toEqual([3000]);
  });

  it('gives up at once on a status that a retry cannot change', async () => {
    const { sleep, waits } = recordingSleep();
    receiver = await startReceiver((_request, response) => response.writeHead(401).end());
    const failure = await createPortalExporter({ url: receiver.url, secret: SECRET, sleep })
      .send(EVENT)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortalExportError);
    expect((failure as PortalExportError).message).toBe(
      `portal export of order v3 to ${receiver.url} was refused: HTTP 401`,
    );
    expect((failure as PortalExportError).status).toBe(401);
    expect(waits).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up at once on a redirect, naming its status and where it points without the credentials in it', async () => {
    const { sleep, waits } = recordingSleep();
    const locations = ['http://hook-user:hook-password@127.0.0.1:1/moved?token=abc', '/hooks/v2', undefined];
    receiver = await startReceiver((_request, response, index) => {
      const location = locations[index];
      response.writeHead(index === 1 ? 308 : 302, location === undefined ? {} : { Location: location }).end();
    });
    const failures: PortalExportError[] = [];
    for (let index = 0; index < locations.length; index++)
      failures.push(
        (await createPortalExporter({ url: receiver.url, secret: SECRET, sleep })
          .send(EVENT)
          .catch((error: unknown) => error)) as PortalExportError,
      );
    const origin = new URL(receiver.url).origin;
    const refused = `portal export of order v3 to ${receiver.url} was refused`;
    const advice = 'cxschema does not follow redirects; set portal.url to the URL the portal names';
    expect(failures.map((failure) => failure.message)).toEqual([
      `${refused}: HTTP 302, a redirect to http://[REDACTED]@127.0.0.1:1/moved?[REDACTED]: ${advice}`,
      `${refused}: HTTP 308, a redirect to ${origin}/hooks/v2: ${advice}`,
      `${refused}: HTTP 302, a redirect without a Location`,
    ]);
    expect(failures.map((failure) => [failure.status, failure.attempts])).toEqual([
      [302, 1],
      [308, 1],
      [302, 1],
    ]);
    // Neither retried nor followed: one request each, to the configured URL.
    expect(waits).toEqual([]);
    expect(receiver.received).toHaveLength(3);
    expect(failures[0]!.message).not.toContain('hook-password');
    expect(failures[0]!.message).not.toContain('abc');
  });

  it('rejects after its attempts when the receiver is down, naming neither secret nor credentials', async () => {
    const port = await unusedPort();
    const { sleep, waits } = recordingSleep();
    const exporter = createPortalExporter({
      url: `http://user:${SECRET}@127.0.0.1:${port}/hook?token=abc`,
      secret: SECRET,
      sleep,
      maxAttempts: 3,
    });
    const failure = await exporter.send(EVENT).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortalExportError);
    const error = failure as PortalExportError;
    expect(error.message).toBe(
      `portal export of order v3 to http://127.0.0.1:${port}/hook failed after 3 attempts: network error ECONNREFUSED`,
    );
    expect(error.attempts).toBe(3);
    expect(waits).toEqual([500, 1000]);
    expect(JSON.stringify({ message: error.message, hint: error.hint, stack: error.stack })).not.toContain(SECRET);
  });

  it('rejects within bounded time when the receiver never answers', async () => {
    receiver = await startReceiver(() => undefined);
    const { sleep } = recordingSleep();
    const started = Date.now();
    const failure = await createPortalExporter({
      url: receiver.url,
      secret: SECRET,
      timeoutMs: 150,
      maxAttempts: 2,
      sleep,
    })
      .send(EVENT)
      .catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    expect(failure).toBeInstanceOf(PortalExportError);
    expect((failure as Error).message).toContain('failed after 2 attempts: no answer within 150 ms');
    expect((failure as PortalExportError).attempts).toBe(2);
    // Each attempt waited its whole timeout (a lower bound holds however loaded the machine). How many of the two
    // requests the receiver saw before its client gave up depends on the machine's speed: at most both.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(receiver.received.length).toBeLessThanOrEqual(2);
  });

  it('sends credentials in the URL as a Basic Authorization header', async () => {
    receiver = await startReceiver((_request, response) => response.writeHead(200).end());
    const url = receiver.url.replace('http://', 'http://portal%20user:p%40ss@');
    await createPortalExporter({ url, secret: SECRET }).send(EVENT);
    expect(receiver.received[0]!.headers['authorization']).toBe(
      `Basic ${Buffer.from('portal user:p@ss').toString('base64')}`,
    );
  });

  it('keeps a user name that is no token from cutting words out of its messages, and refuses a user part it cannot decode', async () => {
    const port = await unusedPort();
    const { sleep } = recordingSleep();
    for (const user of ['e', 'export']) {
      const failure = await createPortalExporter({
        url: `http://${user}:${SECRET}@127.0.0.1:${port}/order-hook`,
        sleep,
        maxAttempts: 1,
      })
        .send(EVENT)
        .catch((error: unknown) => error);
      expect((failure as Error).message).toBe(
        `portal export of order v3 to http://127.0.0.1:${port}/order-hook failed after 1 attempt: network error ECONNREFUSED`,
      );
    }
    let refused: unknown;
    try {
      createPortalExporter({ url: 'http://e:Pw%E0%A4%A@127.0.0.1:9/hook' });
    } catch (error) {
      refused = error;
    }
    expect((refused as CxError).code).toBe('CONFIG');
    expect((refused as Error).message).toBe("portal.url's user name or password is not valid percent-encoding");
    expect(() => parsePortalUrl('http://e:Pw%E0%A4%A@127.0.0.1:9/hook')).toThrow('not valid percent-encoding');
  });

  it('refuses a timeout of no time, a fraction, or past its maximum, rather than abort every attempt at once', () => {
    for (const timeoutMs of [0, 1.5, 300_001, 3_000_000_000]) {
      let refused: unknown;
      try {
        createPortalExporter({ url: 'http://127.0.0.1:9/hook', timeoutMs });
      } catch (error) {
        refused = error;
      }
      expect((refused as CxError).code).toBe('CONFIG');
      expect((refused as Error).message).toBe(
        `portal.timeoutMs must be a whole number of milliseconds from 1 to 300000, not ${timeoutMs}`,
      );
    }
    expect(() => createPortalExporter({ url: 'http://127.0.0.1:9/hook', timeoutMs: 300_000 })).not.toThrow();
  });

  it('sends unsigned events when no secret is configured', async () => {
    receiver = await startReceiver((_request, response) => response.writeHead(200).end());
    await createPortalExporter({ url: receiver.url }).send(EVENT);
    expect(receiver.received[0]!.headers['x-cxschema-signature']).toBeUndefined();
    expect(receiver.received[0]!.headers['x-cxschema-timestamp']).toMatch(/^\d+$/);
  });

  it('refuses plain http to a host that is not loopback, and a URL that is not one', () => {
    expect(() => parsePortalUrl('http://portal.example.com/hook')).toThrow('portal.url must use https');
    expect(() => parsePortalUrl('ftp://127.0.0.1/hook')).toThrow('portal.url must use https');
    expect(() => parsePortalUrl('not a url')).toThrow('portal.url is not a URL');
    expect(parsePortalUrl('https://portal.example.com/hook').host).toBe('portal.example.com');
    expect(parsePortalUrl('http://localhost:8080/x').port).toBe('8080');
    expect(parsePortalUrl('http://[::1]:8080/x').hostname).toBe('[::1]');
  });
});

describe('verifying a signature', () => {
  const body = JSON.stringify({ schema: 'order' });
  const timestamp = 1_700_000_000;
  const signature = signPortalBody(body, timestamp, SECRET);
  const now = (): number => timestamp * 1000 + 10_000;

  it('accepts the signed body within tolerance', () => {
    expect(verifyPortalSignature({ body, timestamp, signature, secret: SECRET, now })).toEqual({ ok: true });
    expect(
      verifyPortalSignature({ body: Buffer.from(body), timestamp: String(timestamp), signature, secret: SECRET, now }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a moved timestamp, an old one, and missing or malformed headers', () => {
    expect(
      verifyPortalSignature({ body: body.replace('order', 'orders'), timestamp, signature, secret: SECRET, now }),
    ).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyPortalSignature({ body, timestamp, signature, secret: 'other', now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyPortalSignature({ body, timestamp: timestamp + 1, signature, secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(
      verifyPortalSignature({ body, timestamp, signature, secret: SECRET, now: () => (timestamp + 301) * 1000 }),
    ).toEqual({ ok: false, reason: 'expired' });
    expect(
      verifyPortalSignature({
        body,
        timestamp,
        signature,
        secret: SECRET,
        now: () => (timestamp + 301) * 1000,
        toleranceSeconds: 600,
      }),
    ).toEqual({ ok: true });
    expect(verifyPortalSignature({ body, timestamp: undefined, signature, secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyPortalSignature({ body, timestamp, signature: undefined, secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyPortalSignature({ body, timestamp, signature: signature.slice(7), secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyPortalSignature({ body, timestamp: '17e8', signature, secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
