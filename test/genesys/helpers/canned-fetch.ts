/**
 * A fetch that answers from a queue, for the unit tests of the transport layers (as Octokit's tests do). Each
 * entry is a response, an error to throw, or a function of the request. Every call is recorded.
 */
import { fetchUrl } from '../../support/fetch-url.js';

export interface CannedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type CannedEntry =
  CannedResponse | Error | ((call: RecordedCall) => CannedResponse | Error | Promise<CannedResponse | Error>);

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export interface CannedFetch {
  fetch: typeof fetch;
  calls: RecordedCall[];
  /** Entries not used yet. */
  remaining(): number;
}

export function cannedFetch(entries: CannedEntry[]): CannedFetch {
  const queue = [...entries];
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const call: RecordedCall = {
      url: fetchUrl(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    const entry = queue.shift();
    if (entry === undefined) throw new Error(`canned fetch: no response left for ${call.method} ${call.url}`);
    const outcome = typeof entry === 'function' ? await entry(call) : entry;
    if (outcome instanceof Error) throw outcome;
    const body =
      outcome.body === undefined
        ? null
        : typeof outcome.body === 'string'
          ? outcome.body
          : JSON.stringify(outcome.body);
    return new Response(outcome.status === 204 ? null : body, {
      status: outcome.status,
      headers: { 'content-type': 'application/json', ...outcome.headers },
    });
  };
  return { fetch: fetchFn, calls, remaining: () => queue.length };
}

/** What fetch throws when the socket is reset: `TypeError('fetch failed', { cause: { code } })`. */
export function socketError(code: string): Error {
  const cause = Object.assign(new Error(`socket ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

export const TOKEN_RESPONSE: CannedResponse = {
  status: 200,
  body: { access_token: 'token-one-abcdef', token_type: 'bearer', expires_in: 86400 },
};
