/**
 * fetch's answers are read up to the bound node:http's are (src/genesys/bounded-fetch.ts): a gzip bomb or a body
 * that never ends is cut off at MAX_ANSWER_BYTES and stays an answer marked `oversized`, as with node:http.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_TOO_LARGE_CODE, MAX_ANSWER_BYTES } from '../../src/genesys/answer-bound.js';
import { boundedFetch } from '../../src/genesys/bounded-fetch.js';
import { resolveClientOptions } from '../../src/genesys/client-options.js';
import { createClientStats } from '../../src/genesys/client-stats.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { createTransport } from '../../src/genesys/transport-layer.js';

const servers: Array<ReturnType<typeof createServer>> = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A node:http server on an ephemeral port of 127.0.0.1, closed after the test; resolves with its URL. */
async function serving(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** gzip that decodes to `mebibytes` MiB of zeros: one small member, sent that many times (gzip allows it). */
function gzipBomb(mebibytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

/** Writes a body that never ends, as fast as the client reads it; `closed` once the client gave up on it. */
function endlessBody(res: ServerResponse): Promise<void> {
  const chunk = Buffer.alloc(16 * 1024, 'x');
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', pump);
  const closed = once(res, 'close').then(() => undefined);
  pump();
  return closed;
}

function transport(apiBase: string, fetchFn: FetchLike) {
  return createTransport({
    apiBase,
    fetch: fetchFn,
    now: () => 0,
    requestTimeoutMs: 60_000,
    sendMarginMs: 0,
    userAgent: 'cxschema-test',
    stats: createClientStats({ logins: 0 }),
  });
}

const get = { method: 'GET', route: '/r', path: '/r', correlationId: 'c-1' } as const;
const credentials = { clientId: 'id-1', clientSecret: 'secret-1', domain: 'mypurecloud.com' };

/** A body's length, in place of a body too large to print when a test fails. */
function lengthOf(body: unknown): number | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body.length : JSON.stringify(body).length;
}

function getFrom(fetchFn: FetchLike, url: string) {
  return fetchFn(url, { method: 'GET', headers: {}, body: null, signal: new AbortController().signal });
}

describe('the client through fetch', () => {
  it('is the exchange when the process asks for the proxy, and reads a gzip bomb only up to the bound', async () => {
    // How the client chooses fetch (client-options.ts): the process asks Node for the environment's proxy.
    vi.stubEnv('NODE_USE_ENV_PROXY', '1');
    const { fetch: exchange } = resolveClientOptions({ credentials });
    const seen: IncomingMessage['headers'][] = [];
    const bomb = gzipBomb(MAX_ANSWER_BYTES / (1024 * 1024) + 1);
    const url = await serving((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
      res.end(bomb);
    });
    // Compared by their length, never as text: a body read whole would be 65 MiB to print.
    const read = await (await getFrom(exchange, `${url}/r`)).text().then(
      (text) => ({ length: text.length }),
      (error: unknown) => error,
    );
    expect(read).toMatchObject({ code: ANSWER_TOO_LARGE_CODE, maxBytes: MAX_ANSWER_BYTES });
    const response = await transport(url, exchange)(get);
    expect({ ...response, headers: undefined, body: lengthOf(response.body) }).toEqual({
      status: 200,
      headers: undefined,
      body: undefined,
      correlationId: 'c-1',
      oversized: MAX_ANSWER_BYTES,
    });
    // fetch made these requests, not node:http: only fetch sends Sec-Fetch-Mode.
    expect(seen.map((headers) => headers['sec-fetch-mode'])).toEqual(['cors', 'cors']);
  });

  it('stops reading a body that never ends at the bound and cancels it', async () => {
    const limit = 64 * 1024;
    let closed: Promise<void> | undefined;
    const url = await serving((_req, res) => {
      closed = endlessBody(res);
    });
    const response = await transport(url, boundedFetch(globalThis.fetch, limit))(get);
    expect(response).toMatchObject({ status: 200, body: undefined, oversized: limit });
    // The server sees the client give up on the body: the exchange read no further.
    await closed;
  });

  it('reads an answer of the bound whole, as fetch reads it, and one past it not at all', async () => {
    const limit = 64 * 1024;
    // A byte order mark (3 bytes) and "é" (2 bytes) in JSON quotes: exactly the bound in UTF-8.
    const fits = `\uFEFF"${'x'.repeat(limit - 7)}é"`;
    const url = await serving((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/fits' ? fits : `${fits} `);
    });
    const bounded = boundedFetch(globalThis.fetch, limit);
    expect(Buffer.byteLength(fits)).toBe(limit);
    expect(await (await getFrom(bounded, `${url}/fits`)).text()).toBe(await (await fetch(`${url}/fits`)).text());
    const whole = await transport(url, bounded)({ ...get, path: '/fits' });
    expect(whole.body).toBe(`${'x'.repeat(limit - 7)}é`);
    expect(whole.oversized).toBeUndefined();
    const over = await transport(url, bounded)({ ...get, path: '/over' });
    expect(over).toMatchObject({ status: 200, body: undefined, oversized: limit });
  });

  it('leaves an answer without a body stream as it is: node:http bounds its own', async () => {
    const url = await serving((_req, res) => res.end('{}'));
    const plain = await getFrom(nodeHttpFetch, `${url}/r`);
    expect(
      await getFrom(
        boundedFetch(async () => plain),
        `${url}/r`,
      ),
    ).toBe(plain);
  });
});
