/**
 * The client's default transport: one HTTP exchange with node:http or node:https, answering with as much of a
 * fetch Response as the client reads (status, `headers.get`, `text()`). The client takes any function of this
 * shape (`FetchLike`), Node's global fetch included; this one is the default because fetch's implementation is
 * loaded on its first call, which cost a command that reads the org some 25 ms of CPU more than a first request
 * made with node:http (docs/architecture.md, "What a no-op plan costs").
 *
 * What it keeps of fetch's behaviour, so that the layers above see the same answers:
 * - every HTTP status is an answer; only "no answer" rejects (the socket's error, with its `code`);
 * - the abort signal ends the exchange at any point, the body included (the transport's timeout);
 * - bodies compressed with gzip or br are decoded (the two it asks for), and a leading byte order mark is
 *   dropped from the text as fetch's `text()` drops it;
 * - an answer is read up to a bound (MAX_ANSWER_BYTES, as received and once decoded), which fetch's own `text()`
 *   has not (the client holds fetch's answers to it in bounded-fetch.ts): a larger one (a gzip bomb, a runaway
 *   proxy) rejects `text()` with ANSWER_TOO_LARGE_CODE (answer-bound.ts) rather than filling the memory;
 * - connections are kept alive and reused, each idle one unref'd, so that it never keeps the process running;
 * - a connection that does not open within 10 s fails the request as never sent (fetch's connect timeout), and so
 *   does any failure, the transport's timeout included, before the connection opened (`failedBeforeConnecting`).
 * What it does not do: follow redirects (the platform's API and login answer without them; a 3xx comes back as
 * the answer it is, and the client reports it as an unexpected status).
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { brotliDecompress, gunzip } from 'node:zlib';
import { answerTooLarge, MAX_ANSWER_BYTES } from './answer-bound.js';

/** What the transport sends: a method, headers, an optional text body, and a signal that ends it. */
export interface FetchLikeInit {
  method: string;
  headers: Record<string, string>;
  body: string | null;
  signal: AbortSignal;
}

/** What the transport reads of an answer. */
export interface FetchLikeResponse {
  status: number;
  headers: ResponseHeaders;
  text(): Promise<string>;
}

/** Header lookup by name, case-insensitive; null when absent (a fetch Headers is one). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export type FetchLike = (url: string, init: FetchLikeInit) => Promise<FetchLikeResponse>;

/**
 * Idle connections are closed before the server would close them: node's agent keeps one for the server's
 * Keep-Alive hint less a second, at most the `timeout` below (4 s, and 4 s when there is no hint), so that a
 * write is not sent on a connection the server has just closed.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const agents = { http: new HttpAgent(KEEP_ALIVE), https: new HttpsAgent(KEEP_ALIVE) };

/** How long a new connection may take to open (TLS included) before the request fails as never sent. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The error of a request that failed before its connection opened: nothing of it reached the server. */
export const CONNECT_TIMEOUT_CODE = 'CONNECT_TIMEOUT';

/** True for an error this exchange rejected with before the connection opened (the request was never sent). */
export function failedBeforeConnecting(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { beforeConnecting?: unknown }).beforeConnecting === true
  );
}

export interface NodeHttpFetchOptions {
  connectTimeoutMs?: number;
  /** The largest answer read (MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
  /** The host name lookup (node's `dns.lookup` by default). */
  lookup?: LookupFunction;
}

export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): FetchLike {
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  return (url, init) =>
    new Promise<FetchLikeResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') {
        reject(new TypeError(`unsupported protocol ${target.protocol}`));
        return;
      }
      if (init.signal.aborted) {
        reject(Object.assign(abortError(), { beforeConnecting: true }));
        return;
      }
      const headers: Record<string, string> = { ...init.headers, 'Accept-Encoding': 'gzip, br' };
      if (init.body !== null) headers['Content-Length'] = String(Buffer.byteLength(init.body));
      try {
        // Checked before a socket is opened: a header node refuses then fails the request, not a connection.
        for (const [name, value] of Object.entries(headers)) {
          validateHeaderName(name);
          validateHeaderValue(name, value);
        }
      } catch (error) {
        reject(Object.assign(error as Error, { beforeConnecting: true }));
        return;
      }
      // The headers are set one by one, never passed in the options: node's agent prints its options under
      // NODE_DEBUG=http, and they would carry the Authorization header.
      const request = (secure ? httpsRequest : httpRequest)(target, {
        method: init.method,
        agent: secure ? agents.https : agents.http,
        signal: init.signal,
        ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
      });
      let connected = false;
      let connectTimer: NodeJS.Timeout | undefined;
      request.on('error', (error: Error) => {
        clearTimeout(connectTimer);
        reject(connected ? error : Object.assign(error, { beforeConnecting: true }));
      });
      request.once('socket', (socket: Socket) => {
        // A kept-alive connection is open already; a new one is open once connected (TLS: once secured).
        if (!socket.connecting) {
          connected = true;
          return;
        }
        connectTimer = setTimeout(() => {
          request.destroy(
            Object.assign(new Error(`the connection did not open within ${connectTimeoutMs} ms`), {
              code: CONNECT_TIMEOUT_CODE,
            }),
          );
        }, connectTimeoutMs);
        connectTimer.unref();
        socket.once(secure ? 'secureConnect' : 'connect', () => {
          connected = true;
          clearTimeout(connectTimer);
        });
      });
      for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
      request.once('response', (response: IncomingMessage) => {
        // The body is read at once, so that an abort or a reset while it arrives rejects `text()`, as with fetch.
        const body = readBody(response, maxAnswerBytes);
        body.catch(() => undefined); // rejected only if text() is never called; reported there otherwise
        resolve({
          status: response.statusCode ?? 0,
          headers: responseHeaders(response),
          text: () => body,
        });
      });
      request.end(init.body ?? undefined);
    });
}

export const nodeHttpFetch: FetchLike = createNodeHttpFetch();

/**
 * Whether the process asks Node to send requests through the proxy that HTTP_PROXY / HTTPS_PROXY name
 * (`NODE_USE_ENV_PROXY=1` or `--use-env-proxy`, in the Node releases that have them). fetch honours that and an
 * agent of our own would not, so the client then exchanges through fetch (client-options.ts).
 */
export function envProxyRequested(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  const flag = env['NODE_USE_ENV_PROXY'];
  if (flag !== undefined && flag !== '' && flag !== '0') return true;
  return execArgv.includes('--use-env-proxy') || (env['NODE_OPTIONS'] ?? '').split(/\s+/).includes('--use-env-proxy');
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let ended = false;
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Read no further: the rest is neither kept nor waited for, and the connection is not reused.
      chunks.length = 0;
      reject(answerTooLarge(maxBytes));
      response.destroy();
    });
    response.once('end', () => {
      ended = true;
      decode(Buffer.concat(chunks), response.headers['content-encoding'], maxBytes).then(resolve, reject);
    });
    // A reset or the abort while the body arrives: node reports it as an error (ECONNRESET, "aborted").
    response.on('error', reject);
    // A connection that closes before the end of the body without one is no answer either.
    response.once('close', () => {
      if (!ended) reject(connectionError());
    });
  });
}

async function decode(bytes: Buffer, encoding: string | undefined, maxBytes: number): Promise<string> {
  // An empty body (a 204) is empty whatever its label: there is nothing to decode, and zlib refuses nothing.
  if (bytes.length === 0) return '';
  const name = encoding?.trim().toLowerCase();
  let plain = bytes;
  if (name === 'gzip' || name === 'x-gzip') plain = await unzip(gunzip, bytes, maxBytes);
  else if (name === 'br') plain = await unzip(brotliDecompress, bytes, maxBytes);
  else if (name !== undefined && name !== '' && name !== 'identity')
    throw Object.assign(new Error(`the answer is encoded as ${name}, which was not asked for`), {
      code: 'ERR_CONTENT_ENCODING',
    });
  const text = plain.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function unzip(
  method: (
    input: Buffer,
    options: { maxOutputLength: number },
    callback: (error: Error | null, result: Buffer) => void,
  ) => void,
  bytes: Buffer,
  maxBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // zlib stops once the output would pass the bound (RangeError ERR_BUFFER_TOO_LARGE), never holding more.
    method(bytes, { maxOutputLength: maxBytes }, (error, result) => {
      if (error === null) resolve(result);
      else reject((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? answerTooLarge(maxBytes) : error);
    }),
  );
}

function responseHeaders(response: IncomingMessage): ResponseHeaders {
  return {
    get(name: string): string | null {
      const key = name.toLowerCase();
      if (!Object.hasOwn(response.headers, key)) return null;
      const value = response.headers[key];
      if (value === undefined) return null;
      // node joins most headers sent twice with ", " as fetch does, and keeps the first of a few (retry-after,
      // content-type); set-cookie, the one it keeps as a list, is joined here.
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function abortError(): Error {
  return Object.assign(new Error('the request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

function connectionError(): Error {
  return Object.assign(new Error('the connection closed before the end of the answer'), { code: 'ECONNRESET' });
}
