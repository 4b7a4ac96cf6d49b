/**
 * Change events to a developer portal: after each successful change, one signed JSON POST (see
 * docs/portal-events.md). Each attempt has its own timeout (10 s by default);
 * 5xx, 408, 429 and network failures are retried with exponential backoff (a Retry-After up to 30 s is honoured);
 * any other status fails at once, a redirect (3xx) too: it is named with its Location, never followed. The event id
 * stays the same across retries so that a receiver can drop duplicates; the timestamp and signature are made afresh
 * for each attempt, so a retry is never stale.
 */
import { randomUUID } from 'node:crypto';
import type { FieldDiffEntry } from '../../compat/field-diff.js';
import { MAX_PORTAL_TIMEOUT_MS } from '../../model/config.js';
import { CxError } from '../../model/errors.js';
import { createSecretRedactor, REDACTED } from '../../genesys/secret-redactor.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signPortalBody, TIMESTAMP_HEADER } from './portal-signature.js';

export type { FieldDiffEntry };

export interface ChangeEvent {
  /** The schema's externalId. */
  schema: string;
  version: number;
  /** Absent when the schema was created. */
  previousVersion?: number;
  /** The schema's status after the change: DRAFT, PUBLISHED or DEPRECATED. */
  status: string;
  diff: FieldDiffEntry[];
  /** ISO-8601. */
  timestamp: string;
  correlationId?: string;
  environment?: string;
  /** Set when the change restored an earlier version's contents (`cxschema rollback`). */
  rollback?: { restoredVersion: number; allowBreakingReason?: string };
}

/** The `type` member of every event body; a receiver can refuse types it does not know. */
export const CHANGE_EVENT_TYPE = 'cxschema.schema.changed';

export interface PortalExporterOptions {
  url: string;
  /** The HMAC key. Without one, events are sent unsigned (a receiver should refuse them). */
  secret?: string;
  /** Per attempt (default 10 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Default 3. */
  maxAttempts?: number;
}

export interface PortalExporter {
  /**
   * Resolves once the portal accepted the event (2xx); rejects with PortalExportError when it gives up. `eventId`
   * names an event made before (one the outbox kept): sent again under it, the body is the same bytes.
   */
  send(event: ChangeEvent, options?: { eventId?: string }): Promise<void>;
}

export class PortalExportError extends CxError {
  readonly attempts: number;
  readonly status?: number;

  constructor(message: string, attempts: number, status?: number) {
    super('API', message, {
      hint: 'check portal.url in the config file and that the portal is up; --strict-portal makes this failure fail the deploy',
    });
    this.name = 'PortalExportError';
    this.attempts = attempts;
    if (status !== undefined) this.status = status;
  }
}

export const DEFAULT_PORTAL_TIMEOUT_MS = 10_000;
export const DEFAULT_PORTAL_MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
const MAX_RETRY_AFTER_MS = 30_000;

/** A user name this long may be a token (a 16-byte hex token has 32 characters); a shorter one is a name. */
const TOKEN_LIKE_LENGTH = 16;

export function createPortalExporter(options: PortalExporterOptions): PortalExporter {
  const target = parsePortalUrl(options.url);
  const shownUrl = `${target.origin}${target.pathname}`;
  const { user, password } = userPart(target);
  // fetch refuses a URL with credentials in it: they travel as a Basic Authorization header instead.
  const basicAuth =
    user === '' && password === '' ? undefined : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const requestUrl = new URL(target.href);
  requestUrl.username = '';
  requestUrl.password = '';
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULT_PORTAL_TIMEOUT_MS);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_PORTAL_MAX_ATTEMPTS);
  // The user name only when it is as long as a token (some receivers take one as the user name): an ordinary
  // name (`webhook`) is no secret, and would be cut out of every path and schema name that holds it.
  const clean = createSecretRedactor([
    options.secret ?? '',
    password,
    user.length >= TOKEN_LIKE_LENGTH ? user : '',
  ]).redact;

  async function attempt(
    body: string,
    eventId: string,
  ): Promise<{ ok: true } | { ok: false; retry: boolean; problem: string; status?: number; waitMs?: number }> {
    const timestamp = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'cxschema',
      [TIMESTAMP_HEADER]: String(timestamp),
      [EVENT_ID_HEADER]: eventId,
    };
    if (basicAuth !== undefined) headers['Authorization'] = basicAuth;
    if (options.secret !== undefined && options.secret !== '')
      headers[SIGNATURE_HEADER] = signPortalBody(body, timestamp, options.secret);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // A redirect is answered, not followed: following it would send the signed event, and the credentials of
      // portal.url, to a host the config does not name. With `manual`, fetch hands the 3xx back as it came.
      const response = await doFetch(requestUrl.href, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      // Read the body to free the connection; what the portal says is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const status = response.status;
      if (status >= 300 && status < 400)
        return { ok: false, retry: false, status, problem: redirectProblem(status, response.headers.get('location')) };
      const retry = status >= 500 || status === 408 || status === 429;
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      return { ok: false, retry, status, problem: `HTTP ${status}`, ...(waitMs === undefined ? {} : { waitMs }) };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, retry: true, problem: `no answer within ${timeoutMs} ms` };
      return { ok: false, retry: true, problem: describeNetworkFailure(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A 3xx as a message: the status and where it points, so that the user can change portal.url. The Location is
   * resolved against the request's URL and shown without its user part and query, which may hold credentials
   * (they are replaced by [REDACTED]); the rest of the message is redacted as every message is.
   */
  function redirectProblem(status: number, location: string | null): string {
    if (location === null || location.trim() === '') return `HTTP ${status}, a redirect without a Location`;
    let to: URL;
    try {
      to = new URL(location, requestUrl);
    } catch {
      return `HTTP ${status}, a redirect to a Location that is not a URL`;
    }
    const userPart = to.username === '' && to.password === '' ? '' : `${REDACTED}@`;
    const query = to.search === '' ? '' : `?${REDACTED}`;
    return `HTTP ${status}, a redirect to ${to.protocol}//${userPart}${to.host}${to.pathname}${query}: cxschema does not follow redirects; set portal.url to the URL the portal names`;
  }

  return {
    async send(event, sendOptions) {
      const eventId = sendOptions?.eventId ?? randomUUID();
      const body = changeEventBody(eventId, event);
      for (let number = 1; ; number++) {
        const result = await attempt(body, eventId);
        if (result.ok) return;
        const tried = `${number} ${number === 1 ? 'attempt' : 'attempts'}`;
        if (!result.retry) {
          throw new PortalExportError(
            clean(`portal export of ${event.schema} v${event.version} to ${shownUrl} was refused: ${result.problem}`),
            number,
            result.status,
          );
        }
        if (number >= maxAttempts) {
          throw new PortalExportError(
            clean(
              `portal export of ${event.schema} v${event.version} to ${shownUrl} failed after ${tried}: ${result.problem}`,
            ),
            number,
            result.status,
          );
        }
        const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (number - 1), BACKOFF_CAP_MS);
        await sleep(result.waitMs === undefined ? backoff : Math.max(backoff, result.waitMs));
      }
    },
  };
}

/**
 * The request's body: the id and type first, then the event's members in the order they were made. An event read
 * back from the outbox (JSON.parse keeps that order) makes the same bytes again.
 */
export function changeEventBody(eventId: string, event: ChangeEvent): string {
  return JSON.stringify({ eventId, type: CHANGE_EVENT_TYPE, ...event });
}

/**
 * Refuses a URL that is not http(s), and plain http except to a loopback host (as for the API, docs/api-contract.md).
 */
export function parsePortalUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CxError('CONFIG', 'portal.url is not a URL', {
      hint: 'set portal.url in the config file to the https URL that receives change events',
    });
  }
  const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new CxError(
      'CONFIG',
      `portal.url must use https (plain http only to a loopback host), not ${url.protocol}//${url.host}`,
      {
        hint: 'change portal.url in the config file to an https URL',
      },
    );
  }
  userPart(url);
  return url;
}

/** The URL's user name and password, decoded; a CONFIG error (that quotes neither) when one is not valid. */
function userPart(url: URL): { user: string; password: string } {
  try {
    return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  } catch {
    throw new CxError('CONFIG', "portal.url's user name or password is not valid percent-encoding", {
      hint: 'write each character that is not a letter or a digit in it as %XX (its UTF-8 bytes)',
    });
  }
}

/**
 * The config file refuses a portal.timeoutMs outside 1..MAX_PORTAL_TIMEOUT_MS at its line; a library caller gets
 * the same refusal here. Clamping instead would hide the mistake, and Node would turn a value past 2^31 - 1 into a
 * 1 ms timer that aborts every attempt (after the portal may have received it: duplicates, and a failed export).
 */
function checkedTimeout(timeoutMs: number): number {
  if (Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_PORTAL_TIMEOUT_MS) return timeoutMs;
  throw new CxError(
    'CONFIG',
    `portal.timeoutMs must be a whole number of milliseconds from 1 to ${MAX_PORTAL_TIMEOUT_MS}, not ${timeoutMs}`,
    {
      hint: `set portal.timeoutMs in the config file to at most ${MAX_PORTAL_TIMEOUT_MS} (5 minutes), or remove it for the default ${DEFAULT_PORTAL_TIMEOUT_MS}`,
    },
  );
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  const ms = Number(header.trim()) * 1000;
  return ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}

/** The failure's error code (ECONNREFUSED, ...) rather than its message, which may quote the request. */
function describeNetworkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `network error ${code}` : 'network error';
}
