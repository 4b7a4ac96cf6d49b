/**
 * How apply reads a failed write: a conflict it can resolve by planning the schema again, a refusal that stops
 * the whole run (the credentials cannot do anything), or a failure of that one step.
 */
import { ApiError, OVERTAKEN_ERROR_CODE } from '../genesys/api-error.js';
import { CxError } from '../model/errors.js';
import type { StepOutcome } from './apply-events.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';

/**
 * The 409s that mean "someone else wrote this schema": worth a re-read and one more try. So is a write whose
 * answer was lost and whose read back found the schema written past it (OVERTAKEN_ERROR_CODE): the same conflict,
 * learnt by reading back.
 */
export function conflictKind(
  error: unknown,
  family: Family = CUSTOM_OBJECTS_FAMILY,
): 'version-conflict' | 'exists' | undefined {
  if (error instanceof ApiError && error.errorCode === OVERTAKEN_ERROR_CODE)
    return error.method === 'POST' ? 'exists' : 'version-conflict';
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  if (error.errorCode === family.errorCodes.versionConflict) return 'version-conflict';
  if (family.errorCodes.exists !== undefined && error.errorCode === family.errorCodes.exists) return 'exists';
  return undefined;
}

/** 401 and 403 hold for every schema alike: going on would only repeat them. */
export function isFatal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

export function describeError(error: unknown): NonNullable<StepOutcome['error']> {
  if (error instanceof ApiError)
    return {
      message: error.message,
      status: error.status,
      code: error.errorCode,
      correlationId: error.correlationId,
      // A 4xx from a read made after the write (the read back after a timeout) says nothing of the write itself,
      // and one answering a later send does not undo an earlier send whose outcome is unknown.
      ...(error.status >= 400 && error.status < 500 && error.method !== 'GET' && !error.outcomeUnknown
        ? { refused: true }
        : {}),
    };
  // A conflict met twice wraps the platform's refusal: its correlation id still names the call that failed.
  if (error instanceof CxError)
    return {
      message: error.message,
      code: error.code,
      ...(error.cause instanceof ApiError ? { correlationId: error.cause.correlationId } : {}),
    };
  return { message: error instanceof Error ? error.message : String(error) };
}
