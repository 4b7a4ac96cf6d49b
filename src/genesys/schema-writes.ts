/**
 * Create and update, made convergent (docs/architecture.md "Conventions"). A write whose outcome is unknown (a
 * timeout, a reset, a 5xx) is never simply sent again: the schema is read back (by the family's identity) and
 * compared. Equal means it was applied; "not there yet" means it was not, and only then is it sent again; written
 * past it means someone else wrote the schema meanwhile, a conflict that apply resolves as it does a 409. The
 * platform's own checks make the resend safe: a second POST meets 409 `exists` where the family has one (and the
 * read back finds the first where it has not), a second PUT of the same version meets 409 `version.conflict`,
 * and both are resolved by the same comparison, so no duplicate schema or version can come of it.
 */
import type { RemoteSchema, SchemaWriteBody } from '../model/schema.js';
import {
  ABANDONED_ERROR_CODE,
  ApiError,
  OVERTAKEN_ERROR_CODE,
  TIMEOUT_ERROR_CODE,
  withMessage,
  withOutcomeUnknown,
} from './api-error.js';
import type { ApiRequest, ApiResponse } from './api-request.js';
import type { RetryReason } from './transport-hooks.js';
import type { Family } from '../family/family.js';
import type { ReadOptions, WriteOptions } from './target.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_OPERATION_DEADLINE_MS, type ResolvedClientOptions } from './client-options.js';
import { BACKOFF_CAP_MS } from './retry-layer.js';

/**
 * Calls one round of a write makes at most: the id read of a family that addresses a schema by its server id (the
 * PUT's path), the write itself, and one read back (after an unknown outcome, or a conflict on a resend).
 */
const CALLS_PER_ROUND = 3;

/**
 * The longest one create or update can go on in a live run, from the client's own settings: `maxAttempts` rounds,
 * each of at most CALLS_PER_ROUND calls that each send and await answers only until their operation deadline (the
 * transport sends nothing once it has passed), and a backoff of at most BACKOFF_CAP_MS before each next round. With
 * the defaults: 6 x (3 x 300 s + 30 s) = 5,580 s, 93 minutes. A call that the rate limiter or a login would hold
 * past its deadline ends there, unsent and failed (docs/client.md "Retries"), and the write stops with it: nothing of
 * it is in flight after this.
 */
export function longestWriteMs(options: Pick<ResolvedClientOptions, 'maxAttempts' | 'operationDeadlineMs'>): number {
  return options.maxAttempts * (CALLS_PER_ROUND * options.operationDeadlineMs + BACKOFF_CAP_MS);
}

/** longestWriteMs with the client's defaults, which the CLI uses. */
export const LONGEST_WRITE_MS = longestWriteMs({
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  operationDeadlineMs: DEFAULT_OPERATION_DEADLINE_MS,
});

/**
 * A read a write makes of its own (the id read, the read back): abandoned with the write, so that none of it is
 * sent, nor waited for, once the write's `signal` is aborted.
 */
export interface WriteRead extends ReadOptions {
  signal?: AbortSignal;
}

export interface WriteContext {
  /** The family written to: its error codes and content equality resolve unknown outcomes. */
  family: Family;
  /** The POST that creates the schema, its body in the family's wire form. */
  createRequest(body: SchemaWriteBody): ApiRequest;
  /** The PUT that writes a new version of the schema (where the family addresses it by a server id, read first). */
  updateRequest(body: SchemaWriteBody, read: WriteRead): Promise<ApiRequest>;
  /** The schema a 2xx answer to a write carries; undefined when the body is not one (UNREADABLE_ERROR_CODE). */
  fromResponse(body: unknown): RemoteSchema | undefined;
  /**
   * Sends through the whole stack; throws ApiError when no response came, and at once, unsent, when the request's
   * signal is aborted.
   */
  send(request: ApiRequest): Promise<ApiResponse>;
  toError(request: ApiRequest, response: ApiResponse): ApiError;
  get(externalId: string, read: WriteRead): Promise<RemoteSchema | undefined>;
  /** Sends of one write, the first included (the client's maxAttempts). */
  maxRounds: number;
  /** Waits (backoff) before a write is sent again, and counts it as a retry; an abandon ends the wait at once. */
  beforeResend(request: ApiRequest, reason: RetryReason, round: number): Promise<void>;
  /** The error of a write abandoned (its signal aborted) once `request` was sent, or before it was. */
  abandoned(request: ApiRequest, signal: AbortSignal): ApiError;
}

type Outcome =
  | { kind: 'done'; schema: RemoteSchema }
  | { kind: 'unknown'; error: ApiError }
  | { kind: 'response'; request: ApiRequest; response: ApiResponse };

async function attemptWrite(context: WriteContext, request: ApiRequest): Promise<Outcome> {
  let response: ApiResponse;
  try {
    response = await context.send(request);
  } catch (error) {
    if (error instanceof ApiError && error.outcomeUnknown) return { kind: 'unknown', error };
    throw error;
  }
  if (response.status >= 200 && response.status < 300) {
    const schema = context.fromResponse(response.body);
    if (schema !== undefined) return { kind: 'done', schema };
    // A 2xx that carries no schema says nothing of the write: its outcome is unknown, and is read back.
  }
  const error = context.toError(request, response);
  if (error.outcomeUnknown) return { kind: 'unknown', error };
  return { kind: 'response', request, response };
}

export async function createSchema(
  context: WriteContext,
  body: SchemaWriteBody,
  options: WriteOptions = {},
): Promise<RemoteSchema> {
  return writeInRounds(context, body, options, {
    request: () => context.createRequest(body),
    // After an unknown outcome, `exists` may be this very create, applied late (docs/architecture.md): the read
    // back tells. On a first send it is someone else's schema, whatever it holds: apply decides, and records it as
    // found done rather than as written by this run.
    appliedLate: async (error) => {
      const exists = context.family.errorCodes.exists;
      if (exists === undefined || error.errorCode !== exists) return undefined;
      const stored = await context.get(body.externalId, readOf(options, error.correlationId));
      return stored !== undefined && context.family.sameContent(stored, body) ? stored : undefined;
    },
    readBack: (stored, error) => {
      if (stored === undefined) return 'again';
      if (context.family.sameContent(stored, body)) return stored;
      // Something else stands there, not what this create would have made: whether or not this send landed first,
      // the schema was written meanwhile, the conflict a POST meets on a schema that exists.
      throw overtaken(error, stored);
    },
  });
}

export async function updateSchema(
  context: WriteContext,
  body: SchemaWriteBody,
  options: WriteOptions = {},
): Promise<RemoteSchema> {
  return writeInRounds(context, body, options, {
    request: () => context.updateRequest(body, readOf(options)),
    // After an unknown outcome, a conflict may be this very update, applied late: the read back tells. On a first
    // send the conflict is someone else's change, and plan/apply decide what to do with it.
    appliedLate: async (error) => {
      if (error.errorCode !== context.family.errorCodes.versionConflict) return undefined;
      const stored = await context.get(body.externalId, readOf(options, error.correlationId));
      return stored !== undefined && appliedAs(context.family, stored, body) ? stored : undefined;
    },
    readBack: (stored, error) => {
      if (stored !== undefined && appliedAs(context.family, stored, body)) return stored;
      // Still at the version before this one: the update did not land, and sending it again is safe.
      if (stored !== undefined && stored.version === body.version - 1) return 'again';
      // At this write's version or past it with other contents: written meanwhile, a version conflict.
      if (stored !== undefined && stored.version >= body.version) throw overtaken(error, stored);
      throw error;
    },
  });
}

/** What a create and an update do differently inside the same rounds (`writeInRounds`). */
interface WriteSteps {
  /** The round's request. */
  request(): ApiRequest | Promise<ApiRequest>;
  /**
   * A refusal that followed a send with an unknown outcome: the schema when the read back shows that send applied
   * late, else undefined (the refusal is the write's error).
   */
  appliedLate(error: ApiError): Promise<RemoteSchema | undefined>;
  /**
   * What the read back after an unknown outcome found: the schema when this write applied, 'again' when sending it
   * again is safe; throws the send's error otherwise.
   */
  readBack(stored: RemoteSchema | undefined, error: ApiError): RemoteSchema | 'again';
}

/**
 * The rounds of one write: send; after a lost answer, read back and, when that is safe, send again after a
 * backoff; at most `maxRounds`. Whatever ends it once a send had an unknown outcome keeps that unknown.
 */
async function writeInRounds(
  context: WriteContext,
  body: SchemaWriteBody,
  options: WriteOptions,
  steps: WriteSteps,
): Promise<RemoteSchema> {
  const unknowns: ApiError[] = [];
  let request: ApiRequest | undefined;
  try {
    for (let round = 1; round <= context.maxRounds; round++) {
      request = withSignal(await steps.request(), options);
      const lastUnknown = unknowns.at(-1);
      if (lastUnknown !== undefined) await backOff(context, request, lastUnknown, round);
      const outcome = await attemptWrite(context, request);
      if (outcome.kind === 'done') return outcome.schema;
      if (outcome.kind === 'response') {
        const error = context.toError(outcome.request, outcome.response);
        const applied = round > 1 ? await steps.appliedLate(error) : undefined;
        if (applied !== undefined) return foundByReadBack(applied, options);
        throw error;
      }
      unknowns.push(outcome.error);
      stopIfAbandoned(context, request);
      const stored = await context.get(body.externalId, readOf(options, outcome.error.correlationId));
      const found = steps.readBack(stored, outcome.error);
      if (found !== 'again') return foundByReadBack(found, options);
    }
  } catch (error) {
    throw keepUnknown(abandonOfWrite(context, error, request, options.signal), unknowns);
  }
  // Every round was sent and lost: the last send's own error, naming the sends before it.
  throw keepUnknown(unknowns.at(-1), unknowns);
}

/**
 * A write that ends on a read back finding what it makes: its answer was lost, so whether this write or an
 * identical one of someone else made it cannot be known. The caller is told (WriteOptions.onFound).
 */
function foundByReadBack(stored: RemoteSchema, options: WriteOptions): RemoteSchema {
  options.onFound?.(stored);
  return stored;
}

/** A read of the write's own, abandoned with it; `readsBack` names the send whose outcome it learns. */
function readOf(options: WriteOptions, readsBack?: string): WriteRead {
  const read: WriteRead = readsBack === undefined ? {} : { readsBack };
  if (options.signal !== undefined) read.signal = options.signal;
  return read;
}

/**
 * A read of the write's own that the abandon refused (a read back, an id read) ends the write as the write's own
 * abandon: the error names the write's request, when one was made. Before it (a DataSchema update abandoned during
 * the read of its id) the error is the read's, which says that nothing of the write was sent.
 */
function abandonOfWrite(
  context: WriteContext,
  error: unknown,
  request: ApiRequest | undefined,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted !== true || !(error instanceof ApiError) || error.errorCode !== ABANDONED_ERROR_CODE)
    return error;
  if (request === undefined) return withMessage(error, `${error.message}; nothing of this write was sent`);
  return error.correlationId === request.correlationId ? error : context.abandoned(request, signal);
}

/** The write's request, abandoned with it: the client sends no attempt of it once the signal is aborted. */
function withSignal(request: ApiRequest, options: WriteOptions): ApiRequest {
  return options.signal === undefined ? request : { ...request, signal: options.signal };
}

/**
 * Abandoned, a write is neither read back nor sent again: its error says so, and, through keepUnknown, that an
 * earlier send with no clear answer may still be applied (docs/client.md "Abandoning a write").
 */
function stopIfAbandoned(context: WriteContext, request: ApiRequest): void {
  if (request.signal?.aborted === true) throw context.abandoned(request, request.signal);
}

/** The backoff before a write is sent again, unless it was abandoned meanwhile (the read back took a while). */
async function backOff(
  context: WriteContext,
  request: ApiRequest,
  lastUnknown: ApiError,
  round: number,
): Promise<void> {
  stopIfAbandoned(context, request);
  await context.beforeResend(request, retryReason(lastUnknown), round - 1);
  // Abandoned during the backoff, which ends at once then.
  stopIfAbandoned(context, request);
}

/**
 * What ends a write once sends of it had an unknown outcome that no read back resolved: whatever failed next (the
 * read back, the id read, a later send refused before it left, a later answer, or that send's own lost answer),
 * those sends may still land, so the error says the outcome is unknown, never "safe to send again", and names
 * every one of them but its own.
 */
function keepUnknown(error: unknown, unknowns: readonly ApiError[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const earlier = unknowns.filter((unknown) => unknown !== error);
  return earlier.length === 0 ? error : withOutcomeUnknown(error, earlier);
}

function retryReason(error: ApiError): RetryReason {
  if (error.status !== 0) return 'server-error';
  return error.errorCode === TIMEOUT_ERROR_CODE ? 'timeout' : 'network';
}

/**
 * The conflict a read back after a lost answer finds: the schema written past this write. The lost send is its
 * cause; keepUnknown then names it as a send that may still be applied, so that apply leaves its intent open and
 * plans the step again against what the org holds (docs/client.md "Writes are resolved").
 */
function overtaken(lost: ApiError, stored: RemoteSchema): ApiError {
  return new ApiError({
    message: `${lost.method} ${new URL(lost.url).pathname}: its answer was lost, and the read back finds ${stored.externalId} at version ${stored.version} (${stored.status}), not what this write makes: someone else wrote it meanwhile [correlation id ${lost.correlationId}]`,
    status: 0,
    errorCode: OVERTAKEN_ERROR_CODE,
    correlationId: lost.correlationId,
    method: lost.method,
    url: lost.url,
    route: lost.route,
    outcomeUnknown: true,
    hint: 'another deploy is writing the same schema: apply plans it again against what the org now holds',
    cause: lost,
  });
}

/** `body.version` is the version the write makes (the family's version rule says what the request carried). */
function appliedAs(family: Family, stored: RemoteSchema, body: SchemaWriteBody): boolean {
  return stored.version === body.version && family.sameContent(stored, body);
}
