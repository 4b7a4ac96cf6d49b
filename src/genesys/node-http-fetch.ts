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
 * - connections are kept alive and reused, each idle one unref'd, so that it never keeps the process running.
 * What it does not do: follow redirects (the platform's API and login answer without them; a 3xx comes back as
 * the answer it is, and the client reports it as an unexpected status).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip } from 'node:zlib';

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
 * An idle connection is closed after the server's Keep-Alive hint less a second (node's agent reads it), else
 * after 4 s, as fetch does: reusing one the server has just closed would fail a write that was never sent.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const agents = { http: new HttpAgent(KEEP_ALIVE), https: new HttpsAgent(KEEP_ALIVE) };

export const nodeHttpFetch: FetchLike = (url, init) =>
  new Promise<FetchLikeResponse>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new TypeError(`unsupported protocol ${target.protocol}`));
      return;
    }
    if (init.signal.aborted) {
      reject(abortError());
      return;
    }
    const headers: Record<string, string | number> = { ...init.headers, 'Accept-Encoding': 'gzip, br' };
    if (init.body !== null) headers['Content-Length'] = Buffer.byteLength(init.body);
    const request = (secure ? httpsRequest : httpRequest)(target, {
      method: init.method,
      headers,
      agent: secure ? agents.https : agents.http,
      signal: init.signal,
    });
    request.on('error', reject);
    request.once('response', (response: IncomingMessage) => {
      // The body is read at once, so that an abort or a reset while it arrives rejects `text()`, as with fetch.
      const body = readBody(response, init.signal);
      body.catch(() => undefined); // rejected only if text() is never called; reported there otherwise
      resolve({
        status: response.statusCode ?? 0,
        headers: responseHeaders(response),
        text: () => body,
      });
    });
    request.end(init.body ?? undefined);
  });

function readBody(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => {
      ended = true;
      decode(Buffer.concat(chunks), response.headers['content-encoding']).then(resolve, reject);
    });
    response.on('error', reject);
    // A connection that closes before the end of the body (a reset, the abort) is no answer.
    response.once('close', () => {
      if (!ended) reject(signal.aborted ? abortError() : connectionError());
    });
  });
}

async function decode(bytes: Buffer, encoding: string | undefined): Promise<string> {
  const name = encoding?.trim().toLowerCase();
  let plain = bytes;
  if (name === 'gzip' || name === 'x-gzip') plain = await unzip(gunzip, bytes);
  else if (name === 'br') plain = await unzip(brotliDecompress, bytes);
  else if (name !== undefined && name !== '' && name !== 'identity')
    throw Object.assign(new Error(`the answer is encoded as ${name}, which was not asked for`), {
      code: 'ERR_CONTENT_ENCODING',
    });
  const text = plain.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function unzip(
  method: (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void,
  bytes: Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) => method(bytes, (error, result) => (error ? reject(error) : resolve(result))));
}

function responseHeaders(response: IncomingMessage): ResponseHeaders {
  return {
    get(name: string): string | null {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) return null;
      // fetch joins a header sent several times with ", "; set-cookie, the one node keeps as a list, is not read.
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
