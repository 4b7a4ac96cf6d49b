/**
 * The bottom of the stack: one HTTP exchange (node:http by default, node-http-fetch.ts; any fetch-shaped function
 * the caller gives), bounded by the per-request timeout and the operation's deadline. Every HTTP status comes
 * back as a response; only "no response" is thrown.
 */
import type { ApiRequest, ApiResponse, Send } from './api-request.js';
import type { ClientStats } from './client-stats.js';
import { ANSWER_TOO_LARGE_CODE } from './answer-bound.js';
import { CONNECT_TIMEOUT_CODE, failedBeforeConnecting, type FetchLike } from './node-http-fetch.js';
import { abandonedFailure, TransportFailure } from './transport-failure.js';

export interface TransportOptions {
  apiBase: string;
  fetch: FetchLike;
  now: () => number;
  requestTimeoutMs: number;
  /** An attempt is sent only while more than this is left of its deadline (sendMarginFor). */
  sendMarginMs: number;
  userAgent: string;
  stats: ClientStats;
  /** Cleans the answer's correlation id header, server text that a proxy may fill with a credential. */
  redact?: (text: string) => string;
}

export const CORRELATION_HEADER = 'ININ-Correlation-Id';

/**
 * The least of its deadline an attempt is sent with (docs/client.md "Retries"): an answer can hardly come back in
 * less, and a write sent with a timeout of a few ms would only end with an unknown outcome.
 */
export const LEAST_ATTEMPT_MS = 1000;

/**
 * What must be left of an attempt's deadline for it to be sent: LEAST_ATTEMPT_MS, or the request timeout or a tenth
 * of the operation deadline when shorter, so that a short timeout or deadline still lets attempts go.
 */
export function sendMarginFor(options: { requestTimeoutMs: number; operationDeadlineMs: number }): number {
  return Math.min(LEAST_ATTEMPT_MS, options.requestTimeoutMs, options.operationDeadlineMs / 10);
}

export function createTransport(options: TransportOptions): Send {
  const host = new URL(options.apiBase).host;
  return async (request: ApiRequest): Promise<ApiResponse> => {
    // Abandoned while it waited for the rate limiter or a login: it is not sent.
    if (request.signal?.aborted === true) throw abandonedFailure(host, request.signal);
    if (request.deadline !== undefined && options.now() >= request.deadline - options.sendMarginMs)
      throw new TransportFailure('timeout', host, tooLateToSend(request.deadline, options.now()), false, {
        deadline: true,
      });
    const timeoutMs = attemptTimeout(request, options);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': options.userAgent,
      [CORRELATION_HEADER]: request.correlationId,
      ...request.headers,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    options.stats.requests++;
    return exchange(
      options.fetch,
      `${options.apiBase}${request.path}`,
      { method: request.method, headers, body },
      timeoutMs,
      host,
      request.correlationId,
      options.redact,
    );
  };
}

/** Why an attempt at or past the last moment its deadline leaves to send it is not sent. */
export function tooLateToSend(deadline: number, now: number): string {
  return now >= deadline
    ? 'the operation deadline passed before the request was sent'
    : 'too little of the operation deadline was left to send the request';
}

function attemptTimeout(request: ApiRequest, options: TransportOptions): number {
  if (request.deadline === undefined) return options.requestTimeoutMs;
  return Math.min(options.requestTimeoutMs, request.deadline - options.now());
}

/**
 * One fetch with an abort timer that covers the body as well as the headers. Shared with the token source.
 * The timer is unref'd so that a pending timeout never keeps the process alive.
 */
export async function exchange(
  fetchFn: FetchLike,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | undefined },
  timeoutMs: number,
  host: string,
  fallbackCorrelationId: string,
  redact: (text: string) => string = (text) => text,
): Promise<ApiResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  timer.unref?.();
  try {
    const response = await fetchFn(url, {
      method: init.method,
      headers: init.headers,
      body: init.body ?? null,
      signal: controller.signal,
    });
    // The header is the server's text: every layer above (hooks, metrics, errors) reads it as given here.
    const header = response.headers.get(CORRELATION_HEADER);
    const correlationId = header === null ? fallbackCorrelationId : redact(header);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // An answer too large to read is still an answer, with its status: its body is what its readers cannot
      // read (api-error.ts), and it is not fetched again as a network failure would be.
      const maxBytes = (error as { code?: unknown; maxBytes?: unknown } | null)?.maxBytes;
      if (errorCode(error) !== ANSWER_TOO_LARGE_CODE || typeof maxBytes !== 'number') throw error;
      return {
        status: response.status,
        headers: response.headers,
        body: undefined,
        correlationId,
        oversized: maxBytes,
      };
    }
    return { status: response.status, headers: response.headers, body: parseBody(text), correlationId };
  } catch (error) {
    // A failure before the connection opened sent nothing, even when it was the timeout: a write may go again.
    if (timedOut)
      throw new TransportFailure('timeout', host, `no response within ${timeoutMs} ms`, !failedBeforeConnecting(error));
    throw classifyNetworkError(error, host, redact);
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Failures that happen before a byte of the request reaches the server: safe to send again, even a write. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  CONNECT_TIMEOUT_CODE,
]);

function classifyNetworkError(error: unknown, host: string, redact: (text: string) => string): TransportFailure {
  const code = errorCode(error);
  // Without a socket error code, the failure's own text is all there is to tell, and it is not ours: a fetch
  // standing in, or Node's fetch going through the proxy NODE_USE_ENV_PROXY names, may quote a URL and its user part
  // (HTTPS_PROXY's password), or a header. It is cleaned as the server's text is (docs/client.md "Secrets").
  const detail = code ?? redact(error instanceof Error ? error.message : String(error));
  // The original error is not kept as a cause: what fetch attaches is not ours to vouch for, and an error here
  // must never carry a header of the request it came from.
  const sent = !failedBeforeConnecting(error) && (code === undefined || !NOT_SENT_CODES.has(code));
  return new TransportFailure('network', host, detail, sent);
}

/**
 * The socket error's code: node:http's errors carry it; fetch wraps it (`TypeError('fetch failed', { cause: { code:
 * 'ECONNRESET' } })`).
 */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
