/**
 * One error type for everything the platform (or the network in front of it) refuses, with messages a person
 * can act on. It keeps what support needs (status, code, correlation id, the problem list) and never a header,
 * a token or a secret: messages built from server text pass through the client's redactor.
 */
import { CxError } from '../model/errors.js';
import type { ApiRequest, ApiResponse, RetrySummary } from './api-request.js';
import { problemsOf, readErrorBody, type Problem } from './error-body.js';
import { redactStrings } from './secret-redactor.js';
import { abandonedFailure, type TransportFailure } from './transport-failure.js';

/** Client-side codes for calls that got no HTTP response (status 0). */
export const NETWORK_ERROR_CODE = 'client.network.error';
export const TIMEOUT_ERROR_CODE = 'client.request.timeout';
/** A call abandoned by its caller (its signal aborted) before an attempt of it was sent. */
export const ABANDONED_ERROR_CODE = 'client.request.abandoned';
/** A 2xx answer whose body is not what the API sends (a proxy's page, a truncated or foreign JSON body). */
export const UNREADABLE_ERROR_CODE = 'client.response.unreadable';
/**
 * A write whose answer was lost, and whose read back finds the schema written past it (another version, other
 * contents): the conflict its send met or would have met, learnt by reading back (status 0: no answer came).
 */
export const OVERTAKEN_ERROR_CODE = 'client.write.overtaken';

/** The scopes a client-credentials grant needs for cxschema (docs/api-contract.md "OAuth 2.0 client credentials"). */
export const REQUIRED_SCOPES = ['customobjects:schema:read', 'customobjects:schema:write'] as const;

export interface ApiErrorInit {
  message: string;
  status: number;
  errorCode: string;
  correlationId: string;
  method: string;
  url: string;
  route?: string;
  messageParams?: Record<string, string>;
  problems?: Problem[];
  retries?: number;
  waitedMs?: number;
  rateLimited?: number;
  outcomeUnknown?: boolean;
  hint?: string;
  cause?: unknown;
}

export class ApiError extends CxError {
  /** The HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The platform's code (`customobjects.schema.version.conflict`), or a client.* code for status 0. */
  readonly errorCode: string;
  readonly correlationId: string;
  readonly messageParams: Record<string, string>;
  readonly problems: Problem[];
  readonly method: string;
  /** The request URL: the API's own, with no credentials in it. */
  readonly url: string;
  /** The templated route, e.g. `/api/v2/customobjects/schemas/{externalId}`. */
  readonly route: string;
  /** Attempts made again before giving up. */
  readonly retries: number;
  /** Time spent waiting between attempts. */
  readonly waitedMs: number;
  /** Attempts answered 429. */
  readonly rateLimited: number;
  /** True for a write that may or may not have been applied (timeout, reset, 5xx): read back to know. */
  readonly outcomeUnknown: boolean;

  constructor(init: ApiErrorInit) {
    super('API', init.message, {
      ...(init.hint === undefined ? {} : { hint: init.hint }),
      ...(init.cause === undefined ? {} : { cause: init.cause }),
    });
    this.name = 'ApiError';
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.correlationId = init.correlationId;
    this.messageParams = init.messageParams ?? {};
    this.problems = init.problems ?? [];
    this.method = init.method;
    this.url = init.url;
    this.route = init.route ?? new URL(init.url).pathname;
    this.retries = init.retries ?? 0;
    this.waitedMs = init.waitedMs ?? 0;
    this.rateLimited = init.rateLimited ?? 0;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** A plain object for `--format json` and audit entries. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errorCode: this.errorCode,
      correlationId: this.correlationId,
      messageParams: this.messageParams,
      problems: this.problems,
      method: this.method,
      url: this.url,
      retries: this.retries,
    };
  }
}

/** The earlier sends an error names by correlation id; the rest are counted (a write has at most maxAttempts). */
export const NAMED_EARLIER_SENDS = 3;

/**
 * `error`, which ended a write after earlier sends of it had an unknown outcome that no read back resolved: any of
 * them may still be applied, so the write's outcome is unknown whatever ended it (docs/client.md "Writes are
 * resolved"). The message names those sends (the first NAMED_EARLIER_SENDS, then how many more); everything else
 * of `error` is kept, its cause included.
 */
export function withOutcomeUnknown(error: ApiError, earlier: readonly ApiError[]): ApiError {
  return withMessage(
    error,
    `${error.message}; ${earlierSends(earlier)} got no clear answer and may still be applied`,
    true,
  );
}

/**
 * `error` with another message, and `outcomeUnknown` and `hint` when given; everything else is kept, its cause
 * included.
 */
export function withMessage(
  error: ApiError,
  message: string,
  outcomeUnknown = error.outcomeUnknown,
  hint = error.hint,
): ApiError {
  const init: ApiErrorInit = {
    message,
    status: error.status,
    errorCode: error.errorCode,
    correlationId: error.correlationId,
    method: error.method,
    url: error.url,
    route: error.route,
    messageParams: error.messageParams,
    problems: error.problems,
    retries: error.retries,
    waitedMs: error.waitedMs,
    rateLimited: error.rateLimited,
    outcomeUnknown,
  };
  if (hint !== undefined) init.hint = hint;
  if (error.cause !== undefined) init.cause = error.cause;
  return new ApiError(init);
}

function earlierSends(earlier: readonly ApiError[]): string {
  if (earlier.length === 1) return `an earlier send of this write [correlation id ${earlier[0]!.correlationId}]`;
  const named = earlier.slice(0, NAMED_EARLIER_SENDS).map((e) => e.correlationId);
  const more = earlier.length - named.length;
  return `earlier sends of this write [correlation ids ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}]`;
}

export type Redact = (text: string) => string;

const identity: Redact = (text) => text;

/**
 * The problems a 400's message lists: the platform reports one per field at most a few times over (50 fields a
 * schema), and a body of a million entries made a message of as many lines.
 */
const MAX_LISTED_PROBLEMS = 100;

/** Where a problem is: its field path, or, for one about no field (an org limit), the request as a whole. */
function problemPlace(fieldName: string | undefined): string {
  return fieldName === undefined || fieldName.trim() === '' ? '(the request as a whole)' : fieldName;
}

/** What a body that is not the expected resource looks like, in a few words (never its text). */
function bodyShape(body: unknown): string {
  if (body === undefined) return 'an empty body';
  if (typeof body === 'string') return 'a body that is not JSON';
  if (Array.isArray(body)) return 'a JSON array';
  if (typeof body === 'object' && body !== null) return 'a JSON object of another shape';
  return `a JSON ${body === null ? 'null' : typeof body}`;
}

/**
 * The error for a response that the caller does not handle itself: a refusal (non-2xx), or a 2xx whose body the
 * caller could not read as the resource it asked for (UNREADABLE_ERROR_CODE).
 */
export function apiErrorFromResponse(
  request: ApiRequest,
  response: ApiResponse,
  apiBase: string,
  redact: Redact = identity,
): ApiError {
  // Every string of the body is cleaned before any is read: a code, a context id or a parameter can echo a token
  // as well as the message can.
  const answered = redactStrings(response.body, redact);
  const body = readErrorBody(answered);
  const summary = response.retry;
  const status = response.status;
  const unreadable = status >= 200 && status < 300;
  const errorCode = unreadable ? UNREADABLE_ERROR_CODE : (body.code ?? `http.${status}`);
  // A context id the redactor changed is no id: the response's own header names the call instead (the
  // transport has redacted it already, for every layer that reads it).
  const correlationId =
    body.contextId !== undefined && body.contextId === readErrorBody(response.body).contextId
      ? body.contextId
      : response.correlationId;
  const problems = problemsOf(body);
  const platformMessage = body.message ?? (typeof answered === 'string' ? answered.slice(0, 200) : `HTTP ${status}`);
  const target = `${request.method} ${request.path}`;
  const params = body.messageParams ?? {};
  let message: string;
  let hint: string | undefined;

  if (unreadable) {
    // The caller found no resource where one should be: nothing of it is taken as the platform's word.
    const shape =
      response.oversized === undefined
        ? bodyShape(response.body)
        : `a body over ${response.oversized} bytes (not read)`;
    message = `${target} was answered ${status} with ${shape}, not what the API answers`;
    hint =
      'something other than the API may have answered (a proxy, a gateway, a login page): check the domain, and run the command again';
  } else if (status === 400) {
    // Every problem stays on the error (`problems`); the message lists as many as a person reads.
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const unlisted = problems.length - listed.length;
    const list =
      problems.length === 0
        ? ''
        : '\n' +
          listed
            .map((p) => `  - ${problemPlace(p.fieldName)}: ${p.message}${p.code !== errorCode ? ` (${p.code})` : ''}`)
            .join('\n') +
          (unlisted > 0 ? `\n  - and ${unlisted} more (the error's problems)` : '');
    message = `${target} was refused (400 ${errorCode}): ${platformMessage}${problems.length > 0 ? `; ${problems.length} problem${problems.length > 1 ? 's' : ''}:` : ''}${list}`;
    hint = 'run `cxschema validate` on the schema files: it checks most of these offline, with file and line';
  } else if (status === 401) {
    message = `${target} was refused (401 ${errorCode}) even with a freshly issued access token`;
    hint =
      "check that the OAuth client is still active in the org the domain names (GENESYS_OAUTH_DOMAIN, or the environment's domain:)";
  } else if (status === 403 && (errorCode === 'missing.any.permissions' || params['permissions'] !== undefined)) {
    // The DataSchema families: access comes from the client's roles, and the platform names the permission.
    const permissions = params['permissions'] ?? permissionsIn(platformMessage);
    message = `${target} was refused (403 ${errorCode}): the OAuth client's roles lack ${permissions !== undefined ? `the permission ${permissions}` : 'the permission this needs'}`;
    hint = `give the OAuth client a role that grants ${permissions ?? 'it'} (docs/families.md "Permissions")`;
  } else if (status === 403) {
    const scope = params['scope'];
    message = `${target} was refused (403 ${errorCode}): the OAuth client ${scope !== undefined ? `lacks the scope ${scope}` : 'is not allowed to do this'}; its grant must include ${REQUIRED_SCOPES.join(' and ')}`;
    hint =
      'give the OAuth client (client credentials) a role that grants customobjects:schema:read and customobjects:schema:write';
  } else if (status === 404) {
    message = `${target}: not found (404 ${errorCode})`;
  } else if (status === 409) {
    message = conflictMessage(target, errorCode, params, platformMessage);
    if (errorCode === 'customobjects.schema.version.conflict' || errorCode === 'dynamic.schema.version.conflict')
      hint = 'someone changed the schema since the plan was made: run `cxschema plan` again';
  } else if (status === 429) {
    const count = summary?.rateLimited ?? 1;
    const waited = summary?.waitedMs ?? 0;
    // The wait the org asked for is what stopped the call when it was longer than the deadline left (a Retry-After
    // of a day ends the call after one attempt): without it, the message read as if the client gave up on its own.
    const retryAfter = response.headers.get('retry-after')?.trim() ?? '';
    const asked =
      retryAfter === '' ? '' : `; the last answer asked to wait (Retry-After: ${redact(retryAfter).slice(0, 64)})`;
    message = `${target} was rate limited (429 ${errorCode}) ${count} time${count === 1 ? '' : 's'}; gave up after ${summary?.attempts ?? 1} attempt${(summary?.attempts ?? 1) === 1 ? '' : 's'} and ${formatSeconds(waited)} of waiting${asked}`;
    hint =
      retryAfter === ''
        ? 'the org allows fewer requests than configured: lower rateLimitPerMinute, or run again later'
        : 'run again once the Retry-After has passed; if 429s persist, lower rateLimitPerMinute';
  } else if (status >= 500) {
    message = `${target} failed on the platform (${status} ${errorCode}): ${platformMessage}${attemptsSuffix(summary)}`;
    hint =
      'a server-side failure: run the same command again; writes are resolved by reading back, so a rerun converges';
  } else {
    message = `${target} was refused (${status} ${errorCode}): ${platformMessage}`;
  }
  const init: ApiErrorInit = {
    message: `${message} [correlation id ${correlationId}]`,
    status,
    errorCode,
    correlationId,
    method: request.method,
    url: `${apiBase}${request.path}`,
    route: request.route,
    messageParams: params,
    problems,
    retries: summary === undefined ? 0 : summary.attempts - 1,
    waitedMs: summary?.waitedMs ?? 0,
    rateLimited: summary?.rateLimited ?? 0,
    // A write answered 5xx, or 2xx with a body that is no answer, may or may not have been applied.
    outcomeUnknown: (status >= 500 || unreadable) && (request.method === 'POST' || request.method === 'PUT'),
  };
  if (hint !== undefined) init.hint = hint;
  return new ApiError(init);
}

/**
 * A 2xx answer in the API's shape that holds something the caller cannot use (a schema it cannot read, part of a
 * list): UNREADABLE_ERROR_CODE, as for a body of another shape, but the message says what, in the caller's words
 * (`detail`, which may quote the org's text and so passes through the redactor), and the hint what to do.
 */
export function apiErrorFromUnusable(
  request: ApiRequest,
  response: ApiResponse,
  apiBase: string,
  redact: Redact,
  detail: string,
  hint: string,
): ApiError {
  const error = apiErrorFromResponse(request, response, apiBase, redact);
  const message = `${request.method} ${request.path} was answered ${response.status} with ${redact(detail)} [correlation id ${error.correlationId}]`;
  return withMessage(error, message, error.outcomeUnknown, hint);
}

/**
 * The error of a write its caller abandoned (its signal aborted) between two calls: after a send, nothing more of
 * it is sent nor read back. Its outcome is that of the sends before (withOutcomeUnknown says when it is unknown).
 */
export function apiErrorFromAbandon(request: ApiRequest, apiBase: string, signal: AbortSignal): ApiError {
  const failure = abandonedFailure(new URL(apiBase).host, signal);
  return new ApiError({
    message: `${request.method} ${request.path}: ${failure.detail}, so nothing more of this write is sent [correlation id ${request.correlationId}]`,
    status: 0,
    errorCode: ABANDONED_ERROR_CODE,
    correlationId: request.correlationId,
    method: request.method,
    url: `${apiBase}${request.path}`,
    route: request.route,
    hint: failureHint(failure),
  });
}

/** The error for a call that got no HTTP response after its last attempt. */
export function apiErrorFromFailure(
  request: ApiRequest,
  failure: TransportFailure,
  apiBase: string,
  summary: RetrySummary,
): ApiError {
  const target = `${request.method} ${request.path}`;
  const message = failure.abandoned
    ? `${target} was not sent: ${failure.detail}${attemptsSuffix(summary)}`
    : failure.deadline
      ? `${target} was not sent: too little of its operation deadline was left to send it (${failure.detail})${attemptsSuffix(summary)}`
      : failure.reason === 'timeout'
        ? `${failure.host} did not answer ${target}: ${failure.detail}${attemptsSuffix(summary)}`
        : `could not reach ${failure.host} (${failure.detail}) for ${target}${attemptsSuffix(summary)}`;
  return new ApiError({
    message: `${message} [correlation id ${request.correlationId}]`,
    status: 0,
    errorCode: failure.abandoned
      ? ABANDONED_ERROR_CODE
      : failure.reason === 'timeout'
        ? TIMEOUT_ERROR_CODE
        : NETWORK_ERROR_CODE,
    correlationId: request.correlationId,
    method: request.method,
    url: `${apiBase}${request.path}`,
    route: request.route,
    retries: summary.attempts - 1,
    waitedMs: summary.waitedMs,
    rateLimited: summary.rateLimited,
    outcomeUnknown: failure.requestSent && (request.method === 'POST' || request.method === 'PUT'),
    hint: failureHint(failure),
  });
}

function failureHint(failure: TransportFailure): string {
  if (failure.abandoned) return 'run cxschema plan to see what the org holds';
  // Stopped before sending: the call's time went to waiting (the rate limiter, a login, earlier attempts).
  if (failure.deadline)
    return "the call's time ran out waiting (for the rate limit, a login or earlier attempts): raise operationDeadlineMs, or run again when the rate limit has room";
  if (failure.reason === 'timeout')
    return 'the platform is slow or unreachable: raise requestTimeoutMs, or run again later';
  return `check the network path to ${failure.host}, and the domain (GENESYS_OAUTH_DOMAIN, or the environment's domain:)`;
}

/** `[workitems:workitemSchema:add]` in the platform's "at least one of the following permissions" message. */
function permissionsIn(message: string): string | undefined {
  return /\[([^\]]+)\]/.exec(message)?.[1];
}

function conflictMessage(
  target: string,
  code: string,
  params: Record<string, string>,
  platformMessage: string,
): string {
  switch (code) {
    // The versions and the name in messageParams are the emulator's (docs/targets.md): a real org's answer may carry
    // none, and then its own message says what conflicted, rather than "version ?".
    case 'dynamic.schema.version.conflict':
      return params['current'] !== undefined && params['sent'] !== undefined
        ? `${target} conflicted (409 ${code}): the schema is at version ${params['current']}, and this update was made against version ${params['sent']}`
        : `${target} conflicted (409 ${code}): the schema is no longer at the version this update was made against: ${platformMessage}`;
    case 'dynamic.schema.name.exists':
      return params['name'] !== undefined
        ? `${target} conflicted (409 ${code}): another schema of this family is already named ${params['name']}`
        : `${target} conflicted (409 ${code}): another schema of this family already has this name: ${platformMessage}`;
    case 'customobjects.schema.version.conflict':
      return `${target} conflicted (409 ${code}): the schema is at version ${params['current'] ?? '?'}, so this update${params['requested'] !== undefined ? ` to version ${params['requested']}` : ''} does not follow it`;
    case 'customobjects.schema.exists':
      // The platform refuses a POST of any externalId in use, whatever the contents stored under it.
      return `${target} conflicted (409 ${code}): a schema with this externalId already exists`;
    case 'customobjects.schema.in.use':
      return `${target} conflicted (409 ${code}): the schema was published or another schema references it, so it cannot be deleted`;
    default:
      return `${target} conflicted (409 ${code}): ${platformMessage}`;
  }
}

function attemptsSuffix(summary: RetrySummary | undefined): string {
  if (summary === undefined || summary.attempts <= 1) return '';
  return ` (after ${summary.attempts} attempts and ${formatSeconds(summary.waitedMs)} of waiting)`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
