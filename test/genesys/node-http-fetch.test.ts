import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_TOO_LARGE_CODE } from '../../src/genesys/answer-bound.js';
import { createClientStats } from '../../src/genesys/client-stats.js';
import {
  CONNECT_TIMEOUT_CODE,
  createNodeHttpFetch,
  envProxyRequested,
  nodeHttpFetch,
  type FetchLike,
} from '../../src/genesys/node-http-fetch.js';
import { createTransport } from '../../src/genesys/transport-layer.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';

interface TestServer {
  url: string;
  /** Connections the server accepted so far. */
  connections(): number;
  /** The headers of every request, in order. */
  requests: IncomingMessage['headers'][];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  let connections = 0;
  const requests: IncomingMessage['headers'][] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  servers.push(handle);
  return handle;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function transport(apiBase: string, requestTimeoutMs = 30_000, fetchFn: FetchLike = nodeHttpFetch) {
  return createTransport({
    apiBase,
    fetch: fetchFn,
    now: () => 0,
    requestTimeoutMs,
    sendMarginMs: 0,
    userAgent: 'cxschema-test',
    stats: createClientStats({ logins: 0 }),
  });
}

const get = { method: 'GET', route: '/r', path: '/r', correlationId: 'c-1' } as const;

async function failureOf(promise: Promise<unknown>): Promise<TransportFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TransportFailure);
  return error as TransportFailure;
}

describe('nodeHttpFetch', () => {
  it('decodes gzip and br answers and drops a byte order mark, as fetch does', async () => {
    const body = '\uFEFF{"name":"caf\u00e9"}';
    const server = await serve((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
        res.end(gzipSync(body));
      } else if (req.url === '/br') {
        res.writeHead(200, { 'Content-Encoding': 'br', 'Content-Type': 'application/json' });
        res.end(brotliCompressSync(body));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(body);
      }
    });
    for (const path of ['/gzip', '/br', '/plain']) {
      const response = await transport(server.url)({ ...get, path });
      expect(response.body).toEqual({ name: 'café' });
    }
  });

  it('reads an answer only up to its bound, received or decoded, and the transport keeps it an answer', async () => {
    const limit = 64 * 1024;
    const bomb = gzipSync(Buffer.alloc(50 * limit)); // some 50 kB of gzip that decodes to 3.2 MB
    const server = await serve((req, res) => {
      if (req.url === '/bomb') {
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
        res.end(bomb);
      } else if (req.url === '/long') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`"${'x'.repeat(4 * limit)}"`);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`"${'x'.repeat(limit - 2)}"`);
      }
    });
    const bounded = createNodeHttpFetch({ maxAnswerBytes: limit });
    for (const path of ['/bomb', '/long']) {
      const answer = await bounded(`${server.url}${path}`, {
        method: 'GET',
        headers: {},
        body: null,
        signal: new AbortController().signal,
      });
      await expect(answer.text()).rejects.toMatchObject({ code: ANSWER_TOO_LARGE_CODE });
      const response = await transport(server.url, 30_000, bounded)({ ...get, path });
      expect(response).toMatchObject({ status: 200, body: undefined, oversized: limit });
    }
    // An answer of exactly the bound is read whole.
    const whole = await transport(server.url, 30_000, bounded)({ ...get, path: '/fits' });
    expect((whole.body as string).length).toBe(limit - 2);
    expect(whole.oversized).toBeUndefined();
  });

  it('asks for the encodings it decodes, sends the body with its length, and reuses the connection', async () => {
    const bodies: string[] = [];
    const server = await serve((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Twice': ['a', 'b'] });
        res.end('{}');
      });
    });
    const send = transport(server.url);
    const first = await send({ ...get, method: 'POST', body: { externalId: 'é' } });
    await send({ ...get, method: 'PUT', body: { externalId: 'b' } });
    expect(server.requests[0]).toMatchObject({
      'accept-encoding': 'gzip, br',
      'content-length': String(Buffer.byteLength('{"externalId":"é"}')),
      'content-type': 'application/json',
      'inin-correlation-id': 'c-1',
    });
    expect(bodies).toEqual(['{"externalId":"é"}', '{"externalId":"b"}']);
    // Header names are looked up whatever their case; a header sent twice reads as fetch reads it.
    expect(first.headers.get('x-twice')).toBe('a, b');
    expect(first.headers.get('X-TWICE')).toBe('a, b');
    expect(first.headers.get('x-absent')).toBeNull();
    expect(first.headers.get('constructor')).toBeNull();
    expect(server.connections()).toBe(1);
  });

  it('reports a connection reset in the middle of the body as a failure after sending', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"half":', () => res.socket?.destroy());
    });
    const failure = await failureOf(transport(server.url)(get));
    expect(failure).toMatchObject({ reason: 'network', requestSent: true, detail: 'ECONNRESET' });
  });

  it('rejects the body when the exchange is aborted while it arrives', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"never":'); // and nothing more: only the abort ends this exchange
    });
    const controller = new AbortController();
    const response = await nodeHttpFetch(`${server.url}/r`, {
      method: 'GET',
      headers: {},
      body: null,
      signal: controller.signal,
    });
    controller.abort();
    await expect(response.text()).rejects.toThrow();
  });

  it('ends the exchange when the timeout fires while the body arrives, as a request that was sent', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"never":');
    });
    const failure = await failureOf(transport(server.url, 50)(get));
    expect(failure).toMatchObject({ reason: 'timeout', requestSent: true });
  });

  // A host name whose lookup never answers keeps the connection opening for as long as the test wants.
  const neverResolves: LookupFunction = () => undefined;

  it('fails a connection that does not open in time as a request never sent', async () => {
    const fetchFn = createNodeHttpFetch({ connectTimeoutMs: 20, lookup: neverResolves });
    const failure = await failureOf(transport('http://org.example', 60_000, fetchFn)(get));
    expect(failure).toMatchObject({ reason: 'network', requestSent: false, detail: CONNECT_TIMEOUT_CODE });
  });

  it('reports the timeout before the connection opened as a request never sent', async () => {
    const fetchFn = createNodeHttpFetch({ lookup: neverResolves });
    const failure = await failureOf(transport('http://org.example', 20, fetchFn)(get));
    expect(failure).toMatchObject({ reason: 'timeout', requestSent: false });
  });

  it('reports a refused connection as never sent', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const failure = await failureOf(transport(url)(get));
    expect(failure).toMatchObject({ reason: 'network', requestSent: false, detail: 'ECONNREFUSED' });
  });

  it('takes an answer in an encoding it did not ask for as no answer', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'deflate', 'Content-Type': 'application/json' });
      res.end(deflateSync('{}'));
    });
    const failure = await failureOf(transport(server.url)(get));
    expect(failure).toMatchObject({ reason: 'network', requestSent: true, detail: 'ERR_CONTENT_ENCODING' });
  });

  it('reads an empty answer labelled gzip as an empty body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204, { 'Content-Encoding': 'gzip' });
      res.end();
    });
    const response = await transport(server.url)({ ...get, method: 'DELETE' });
    expect(response).toMatchObject({ status: 204, body: undefined });
  });

  it('refuses a header node would refuse before opening a connection', async () => {
    const server = await serve((_req, res) => res.end());
    const failure = await failureOf(transport(server.url)({ ...get, headers: { Authorization: 'Bearer a\nb' } }));
    expect(failure.requestSent).toBe(false);
    expect(failure.message).not.toContain('Bearer');
    expect(server.connections()).toBe(0);
  });

  it('answers every status, with its body, rather than throwing', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: '/elsewhere', 'Content-Type': 'application/json' });
      res.end('{"moved":true}');
    });
    const response = await transport(server.url)(get);
    expect(response).toMatchObject({ status: 302, body: { moved: true } });
    expect(server.requests).toHaveLength(1);
  });
});

describe('envProxyRequested', () => {
  it('is true when the process asks Node to use the proxy of the environment', () => {
    expect(envProxyRequested({}, [])).toBe(false);
    expect(envProxyRequested({ NODE_USE_ENV_PROXY: '0' }, [])).toBe(false);
    expect(envProxyRequested({ NODE_USE_ENV_PROXY: '1' }, [])).toBe(true);
    expect(envProxyRequested({}, ['--use-env-proxy'])).toBe(true);
    expect(envProxyRequested({ NODE_OPTIONS: '--max-old-space-size=100 --use-env-proxy' }, [])).toBe(true);
  });
});
