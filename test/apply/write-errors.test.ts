import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/genesys/api-error.js';
import { describeError } from '../../src/apply/write-errors.js';

const rateLimitedWrite = (outcomeUnknown: boolean): ApiError =>
  new ApiError({
    message: 'POST /api/v2/customobjects/schemas was rate limited',
    status: 429,
    errorCode: 'too.many.requests.retry.after',
    correlationId: 'c-1',
    method: 'POST',
    url: 'https://api.example.test/api/v2/customobjects/schemas',
    outcomeUnknown,
  });

describe('describeError', () => {
  it('calls a write answered 4xx refused, so that its intent is resolved as not done', () => {
    expect(describeError(rateLimitedWrite(false))).toMatchObject({ status: 429, refused: true });
  });

  it('does not call it refused when an earlier send of the same write may still land', () => {
    expect(describeError(rateLimitedWrite(true)).refused).toBeUndefined();
  });
});
