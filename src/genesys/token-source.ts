/**
 * OAuth 2.0 client credentials (docs/api-contract.md): one login shared by every concurrent request, the token kept in
 * memory and replaced shortly before it expires, or at once when the platform says it is no longer valid.
 *
 * A caller waits for the login only until its own deadline, or until it is abandoned (its signal aborted:
 * docs/client.md "Login", "Abandoning a write"). The login itself is not ended then: other callers, with later
 * deadlines, may be waiting for it too, and the next call can use its token. It goes on, bounded as any login is by
 * the request timeout of each of its attempts.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './api-error.js';
import { headerValue, type ApiResponse } from './api-request.js';
import { parseRetryAfter } from './retry-after.js';
import { DEFAULT_CREDENTIAL_VARIABLES, type Credentials } from './client-config.js';
import { errorText, readErrorBody } from './error-body.js';
import type { FetchLike } from './node-http-fetch.js';
import { CORRELATION_HEADER, exchange } from './transport-layer.js';
import { abandonedFailure, TransportFailure } from './transport-failure.js';
import type { Sleep } from './abort-watch.js';
import { watchDeadline } from './deadline-watch.js';
import { redactSecrets, redactStrings } from './secret-redactor.js';

export interface TokenSourceOptions {
  credentials: Credentials;
  tokenUrl: string;
  fetch: FetchLike;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  requestTimeoutMs: number;
  userAgent: string;
  /** Called with every token issued, so the client can keep it out of messages. */
  onToken?: (token: string) => void;
  /** Cleans the token endpoint's answer before it is read into an error; the client secret's redaction if absent. */
  redact?: (text: string) => string;
}

export interface TokenSource {
  /**
   * A valid token, logging in when there is none or it is about to expire. With a `deadline` (on the client's
   * clock), the caller stops waiting when it comes: a TransportFailure, timeout, request never sent. With a
   * `signal`, it stops waiting once that is aborted: a TransportFailure, abandoned, request never sent.
   */
  token(deadline?: number, signal?: AbortSignal): Promise<string>;
  /** Drop `token` if it is still the current one (a 401 proved it dead); a newer one is kept. */
  invalidate(token: string): void;
  /** Logins made so far. */
  readonly logins: number;
}

/**
 * Attempts of one login when the token endpoint answers 429/5xx. A login that gets no answer at all is not
 * tried again here: it fails the API request as never sent, and the retry layer above, which already counts
 * attempts and waits for that request, sends it again (retrying here too would multiply the two budgets).
 */
const LOGIN_ATTEMPTS = 3;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  let current: { value: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let logins = 0;
  const host = new URL(options.tokenUrl).host;
  // The token endpoint's answer (its correlation header, an error's members) is cleaned of the secret at least.
  const redact = options.redact ?? ((text: string) => redactSecrets(text, [options.credentials.clientSecret]));

  async function login(): Promise<string> {
    logins++;
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse;
      const correlationId = randomUUID();
      try {
        response = await exchange(
          options.fetch,
          options.tokenUrl,
          loginRequest(options, correlationId),
          options.requestTimeoutMs,
          host,
          correlationId,
          redact,
        );
      } catch (error) {
        throw asNotSent(error);
      }
      if (response.status === 200) return accept(response);
      if ((response.status === 429 || response.status >= 500) && attempt < LOGIN_ATTEMPTS) {
        // The token endpoint's own rate limit is honoured as the API's is. A wait longer than an attempt may take
        // is not made: every caller waits on this one login, and would wait it out only to time out.
        const asked = parseRetryAfter(headerValue(response.headers, 'retry-after'), options.now());
        if (asked !== undefined && asked > options.requestTimeoutMs) throw loginError(response, options, redact);
        await options.sleep(asked ?? options.random() * 500 * 2 ** attempt);
        continue;
      }
      throw loginError(response, options, redact);
    }
  }

  function accept(response: ApiResponse): string {
    const body = response.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    const value = body?.access_token;
    if (typeof value !== 'string' || value === '') {
      throw new ApiError({
        message: `login at ${host} answered 200 without an access_token`,
        status: response.status,
        errorCode: 'client.login.invalid',
        correlationId: response.correlationId,
        method: 'POST',
        url: options.tokenUrl,
      });
    }
    options.onToken?.(value);
    // A token is sent as `Authorization: Bearer <token>`: one with a space, a line break or a character beyond ASCII
    // would make node refuse every request before it left, each reported as a host it could not reach, and sent
    // again until the attempts ran out. It is no token (RFC 6750's b64token is visible ASCII only).
    if (!/^[\x21-\x7e]+$/.test(value)) {
      throw new ApiError({
        message: `login at ${host} answered 200 with an access_token that a request header cannot carry (a space, a line break or a character beyond ASCII)`,
        status: response.status,
        errorCode: 'client.login.invalid',
        correlationId: response.correlationId,
        method: 'POST',
        url: options.tokenUrl,
      });
    }
    const lifetimeMs = (typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 86_400) * 1000;
    // Refresh a little early, so a token never expires between being read and being checked by the server:
    // a tenth of its life, at most five minutes.
    const margin = Math.min(lifetimeMs / 10, 300_000);
    current = { value, refreshAt: options.now() + lifetimeMs - margin };
    return value;
  }

  /**
   * Waits for the shared login until `deadline` or until `signal` is aborted; the login goes on for whoever else
   * waits for it.
   */
  async function untilDeadline(
    shared: Promise<string>,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const watch = watchDeadline(deadline, options.now, signal);
    try {
      const value = await Promise.race([shared, watch.reached.then(() => undefined)]);
      if (value === undefined)
        throw signal?.aborted === true ? abandonedFailure(host, signal) : loginPastDeadline(host);
      return value;
    } finally {
      watch.stop();
    }
  }

  return {
    token(deadline?: number, signal?: AbortSignal): Promise<string> {
      if (current !== undefined && options.now() < current.refreshAt) return Promise.resolve(current.value);
      // Nor for a caller that was abandoned.
      if (signal?.aborted === true) return Promise.reject(abandonedFailure(host, signal));
      // A caller whose deadline has passed would not use the token: no login is started for it.
      if (deadline !== undefined && options.now() >= deadline) return Promise.reject(loginPastDeadline(host));
      if (inFlight === undefined) {
        inFlight = login().finally(() => {
          inFlight = undefined;
        });
      }
      return deadline === undefined && signal === undefined ? inFlight : untilDeadline(inFlight, deadline, signal);
    },
    invalidate(token: string): void {
      if (current?.value === token) current = undefined;
    },
    get logins() {
      return logins;
    },
  };
}

function loginRequest(
  options: TokenSourceOptions,
  correlationId: string,
): { method: string; headers: Record<string, string>; body: string } {
  const basic = Buffer.from(`${options.credentials.clientId}:${options.credentials.clientSecret}`, 'utf8').toString(
    'base64',
  );
  return {
    method: 'POST',
    headers: {
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': options.userAgent,
      [CORRELATION_HEADER]: correlationId,
    },
    body: 'grant_type=client_credentials',
  };
}

/** The caller's deadline came before a token: its request was never sent, and no attempt of it would fit. */
function loginPastDeadline(host: string): TransportFailure {
  return new TransportFailure('timeout', host, 'login failed: no token before the operation deadline', false, {
    deadline: true,
  });
}

/** A failed login means the API request itself was never sent: the retry layer may try again, even a write. */
function asNotSent(error: unknown): unknown {
  if (!(error instanceof TransportFailure)) return error;
  return new TransportFailure(error.reason, error.host, `login failed: ${error.detail}`, false);
}

function loginError(response: ApiResponse, options: TokenSourceOptions, redact: (text: string) => string): ApiError {
  const { tokenUrl, credentials } = options;
  const host = new URL(tokenUrl).host;
  const sources = credentials.sources ?? DEFAULT_CREDENTIAL_VARIABLES;
  // The answer may echo the request's Basic header or the secret in any member: cleaned before a part is read.
  const answered = redactStrings(response.body, redact);
  const raw = (typeof answered === 'object' && answered !== null ? answered : {}) as {
    error?: unknown;
    description?: unknown;
    error_description?: unknown;
  };
  const oauthCode = errorText(raw.error);
  const platform = readErrorBody(answered);
  const errorCode = oauthCode ?? platform.code ?? `http.${response.status}`;
  let message: string;
  let hint: string;
  if (response.status === 401 || errorCode === 'invalid_client') {
    message = `login at ${host} failed (${response.status} ${errorCode}): the OAuth client id or secret was refused`;
    hint = `check ${sources.clientId} and ${sources.clientSecret}, and that ${sources.domain} is the org's region`;
  } else if (errorCode === 'unsupported_grant_type' || errorCode === 'unauthorized_client') {
    message = `login at ${host} failed (${response.status} ${errorCode}): the OAuth client does not allow the client credentials grant`;
    hint = 'create an OAuth client of grant type "Client Credentials" for cxschema';
  } else {
    message = `login at ${host} failed (${response.status} ${errorCode})`;
    hint = `run again later; check ${sources.domain}`;
  }
  return new ApiError({
    message: `${message} [correlation id ${response.correlationId}]`,
    status: response.status,
    errorCode,
    correlationId: response.correlationId,
    method: 'POST',
    url: tokenUrl,
    hint,
  });
}
