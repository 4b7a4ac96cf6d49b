import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFromFailure,
  apiErrorFromResponse,
  TIMEOUT_ERROR_CODE,
  withOutcomeUnknown,
} from '../../src/genesys/api-error.js';
import type { ApiRequest, ApiResponse } from '../../src/genesys/api-request.js';
import { MAX_ERROR_TEXT } from '../../src/genesys/error-body.js';
import { CxError } from '../../src/model/errors.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';

const API = 'https://api.mypurecloud.com';
const put: ApiRequest = {
  method: 'PUT',
  route: '/api/v2/customobjects/schemas/{externalId}',
  path: '/api/v2/customobjects/schemas/customer',
  correlationId: 'sent-id',
};

function response(status: number, body: unknown, retry?: ApiResponse['retry']): ApiResponse {
  const r: ApiResponse = { status, headers: new Headers(), body, correlationId: 'header-id' };
  if (retry) r.retry = retry;
  return r;
}

describe('apiErrorFromResponse', () => {
  it('names a problem about no field (an org limit) as about the request as a whole, never with an empty path', () => {
    const post: ApiRequest = {
      method: 'POST',
      route: '/api/v2/customobjects/schemas',
      path: '/api/v2/customobjects/schemas',
      correlationId: 'sent-id',
    };
    const error = apiErrorFromResponse(
      post,
      response(400, {
        message: 'The org already has 500 schemas; at most 500 are allowed',
        code: 'customobjects.schema.limit.exceeded',
        status: 400,
        details: [{ errorCode: 'customobjects.schema.limit.exceeded', fieldName: '' }],
        errors: [
          {
            message: 'The org already has 500 schemas; at most 500 are allowed',
            code: 'customobjects.schema.limit.exceeded',
            status: 400,
            details: [{ errorCode: 'customobjects.schema.limit.exceeded', fieldName: '' }],
          },
        ],
      }),
      API,
    );
    expect(error.message).toContain('  - (the request as a whole): The org already has 500 schemas');
    expect(error.message).not.toMatch(/ {2}- : /);
  });

  it('lists every field-level problem of a 400 with its path', () => {
    const error = apiErrorFromResponse(
      put,
      response(400, {
        message: 'maxLength 5000 is over the cap (and 1 more problems, see errors)',
        code: 'customobjects.schema.limit.exceeded',
        status: 400,
        contextId: 'ctx-1',
        details: [
          { errorCode: 'customobjects.schema.limit.exceeded', fieldName: 'fields[3].constraints.maxLength' },
          { errorCode: 'customobjects.schema.reference.invalid', fieldName: 'fields[4].constraints.referencedType' },
        ],
        errors: [
          {
            message: 'maxLength 5000 is over the cap 1000',
            code: 'customobjects.schema.limit.exceeded',
            status: 400,
            details: [
              { errorCode: 'customobjects.schema.limit.exceeded', fieldName: 'fields[3].constraints.maxLength' },
            ],
          },
          {
            message: 'referencedType ghost is not a schema',
            code: 'customobjects.schema.reference.invalid',
            status: 400,
            details: [
              {
                errorCode: 'customobjects.schema.reference.invalid',
                fieldName: 'fields[4].constraints.referencedType',
              },
            ],
          },
        ],
      }),
      API,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CxError);
    expect(error.code).toBe('API');
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('customobjects.schema.limit.exceeded');
    expect(error.correlationId).toBe('ctx-1');
    expect(error.url).toBe(`${API}/api/v2/customobjects/schemas/customer`);
    expect(error.problems).toEqual([
      {
        code: 'customobjects.schema.limit.exceeded',
        message: 'maxLength 5000 is over the cap 1000',
        fieldName: 'fields[3].constraints.maxLength',
      },
      {
        code: 'customobjects.schema.reference.invalid',
        message: 'referencedType ghost is not a schema',
        fieldName: 'fields[4].constraints.referencedType',
      },
    ]);
    expect(error.message).toContain('2 problems');
    expect(error.message).toContain('  - fields[3].constraints.maxLength: maxLength 5000 is over the cap 1000');
    expect(error.message).toContain(
      '  - fields[4].constraints.referencedType: referencedType ghost is not a schema (customobjects.schema.reference.invalid)',
    );
    expect(error.message).toContain('[correlation id ctx-1]');
  });

  it('falls back on the top-level details when errors[] is empty', () => {
    const error = apiErrorFromResponse(
      put,
      response(400, {
        message: 'pageSize must be 1 to 100',
        code: 'bad.request',
        details: [{ errorCode: 'bad.request', fieldName: 'pageSize' }],
      }),
      API,
    );
    expect(error.problems).toEqual([
      { code: 'bad.request', message: 'pageSize must be 1 to 100', fieldName: 'pageSize' },
    ]);
  });

  it('names the missing scope and the scopes the grant needs on 403', () => {
    const error = apiErrorFromResponse(
      put,
      response(403, {
        message: 'The token is missing the scope customobjects:schema:write',
        code: 'missing.scope',
        messageParams: { scope: 'customobjects:schema:write' },
      }),
      API,
    );
    expect(error.message).toContain('lacks the scope customobjects:schema:write');
    expect(error.message).toContain('must include customobjects:schema:read and customobjects:schema:write');
    expect(error.correlationId).toBe('header-id');
  });

  it('says what conflicted and the current version on 409', () => {
    const error = apiErrorFromResponse(
      put,
      response(409, {
        message: 'Version 3 does not follow current version 4',
        code: 'customobjects.schema.version.conflict',
        messageParams: { requested: '3', current: '4' },
      }),
      API,
    );
    expect(error.messageParams['current']).toBe('4');
    expect(error.message).toContain('the schema is at version 4, so this update to version 3 does not follow it');
    expect(error.hint).toContain('cxschema plan');
    const inUse = apiErrorFromResponse(
      { ...put, method: 'DELETE' },
      response(409, { code: 'customobjects.schema.in.use', message: 'in use' }),
      API,
    );
    expect(inUse.message).toContain('published or another schema references it');
  });

  it("says a DataSchema conflict with the platform's own message when it names no versions", () => {
    // A real org's 409 carries status, code, message, contextId, details and errors: no messageParams.
    const conflict = (code: string, message: string) =>
      apiErrorFromResponse(
        put,
        response(409, { status: 409, code, message, contextId: 'c0ffee00', details: [], errors: [] }),
        API,
      );
    const stale = conflict('dynamic.schema.version.conflict', 'Schema version 3 is not the current version');
    expect(stale.message).toBe(
      `${put.method} ${put.path} conflicted (409 dynamic.schema.version.conflict): the schema is no longer at the version this update was made against: Schema version 3 is not the current version [correlation id c0ffee00]`,
    );
    expect(stale.message).not.toContain('?');
    expect(stale.hint).toContain('cxschema plan');
    const taken = conflict('dynamic.schema.name.exists', 'A schema with that name already exists');
    expect(taken.message).toContain(
      'another schema of this family already has this name: A schema with that name already exists',
    );
    // The emulator's answer names them, and the message says them.
    const named = apiErrorFromResponse(
      put,
      response(409, {
        code: 'dynamic.schema.version.conflict',
        message: 'stale',
        messageParams: { current: '4', sent: '3' },
      }),
      API,
    );
    expect(named.message).toContain('the schema is at version 4, and this update was made against version 3');
  });

  it('says how long it waited and how often on 429', () => {
    const error = apiErrorFromResponse(
      put,
      response(
        429,
        { code: 'too.many.requests.retry.after', message: 'Rate limit exceeded' },
        { attempts: 6, waitedMs: 75_000, rateLimited: 6 },
      ),
      API,
    );
    expect(error.message).toContain('rate limited (429 too.many.requests.retry.after) 6 times');
    expect(error.message).toContain('after 6 attempts and 75 s of waiting');
    expect(error.retries).toBe(5);
    expect(error.rateLimited).toBe(6);
    expect(error.hint).toContain('rateLimitPerMinute');
  });

  it('says what the last 429 asked to wait, which may be what ended the call', () => {
    const answer = response(429, {}, { attempts: 1, waitedMs: 0, rateLimited: 1 });
    answer.headers = new Headers({ 'retry-after': '86400' });
    const error = apiErrorFromResponse(put, answer, API);
    expect(error.message).toContain(
      'gave up after 1 attempt and 0.0 s of waiting; the last answer asked to wait (Retry-After: 86400)',
    );
    expect(error.hint).toContain('once the Retry-After has passed');
  });

  it('cuts what an enormous error body says, rather than quoting megabytes', () => {
    const huge = 'x'.repeat(1_000_000);
    const failed = apiErrorFromResponse(put, response(503, { message: huge, code: huge, contextId: huge }), API);
    expect(failed.message.length).toBeLessThan(2_000);
    expect(failed.message).toContain(`(503 ${'x'.repeat(MAX_ERROR_TEXT - 3)}...)`);
    // Cut by code points: an astral character at the cut is kept whole or left out, never halved.
    const astral = apiErrorFromResponse(put, response(500, { message: '\u{1F600}'.repeat(1000) }), API);
    expect(astral.message).toContain(`${'\u{1F600}'.repeat(MAX_ERROR_TEXT - 3)}...`);
    expect(astral.message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);

    const errors = Array.from({ length: 100_000 }, (_, i) => ({
      code: 'customobjects.schema.invalid',
      message: `problem ${i}`,
      details: [{ fieldName: `fields[${i}]` }],
    }));
    const refused = apiErrorFromResponse(put, response(400, { code: 'customobjects.schema.invalid', errors }), API);
    expect(refused.problems).toHaveLength(100_000);
    expect(refused.message.split('\n')).toHaveLength(1 + 100 + 1);
    expect(refused.message).toContain("  - fields[99]: problem 99\n  - and 99900 more (the error's problems)");
  });

  it('marks a write answered 5xx as an unknown outcome, and a read not', () => {
    expect(
      apiErrorFromResponse(put, response(503, { code: 'service.unavailable', message: 'down' }), API).outcomeUnknown,
    ).toBe(true);
    expect(apiErrorFromResponse({ ...put, method: 'GET' }, response(503, {}), API).outcomeUnknown).toBe(false);
  });

  it('copes with a body that is not an ErrorBody', () => {
    const error = apiErrorFromResponse(put, response(502, '<html>Bad gateway</html>'), API);
    expect(error.errorCode).toBe('http.502');
    expect(error.message).toContain('<html>Bad gateway</html>');
  });

  it('scrubs server text through the redactor', () => {
    const error = apiErrorFromResponse(
      put,
      response(400, {
        code: 'x',
        message: 'echo s3cr3t-value',
        errors: [{ code: 'x', message: 'again s3cr3t-value' }],
      }),
      API,
      (t) => t.split('s3cr3t-value').join('[REDACTED]'),
    );
    expect(error.message).not.toContain('s3cr3t-value');
    expect(JSON.stringify(error)).not.toContain('s3cr3t-value');
  });
});

describe('apiErrorFromFailure', () => {
  const once = { attempts: 1, waitedMs: 0, rateLimited: 0 };

  it('says plainly that a request its deadline stopped before sending was not sent, and what to raise', () => {
    const failure = new TransportFailure(
      'timeout',
      'api.mypurecloud.com',
      'the operation deadline would pass before the rate limiter let the request go',
      false,
      { deadline: true },
    );
    const error = apiErrorFromFailure(put, failure, API, once);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false });
    expect(error.message).toBe(
      'PUT /api/v2/customobjects/schemas/customer was not sent: too little of its operation deadline was left to send it (the operation ' +
        'deadline would pass before the rate limiter let the request go) [correlation id sent-id]',
    );
    expect(error.message).not.toContain('did not answer');
    expect(error.hint).toContain('operationDeadlineMs');
    expect(error.hint).toContain('rate limit');
    expect(error.hint).not.toContain('requestTimeoutMs');
  });

  it('says that the host did not answer a request that timed out after it was sent', () => {
    const failure = new TransportFailure('timeout', 'api.mypurecloud.com', 'no response within 30000 ms', true);
    const error = apiErrorFromFailure(put, failure, API, once);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('api.mypurecloud.com did not answer PUT /api/v2/customobjects/schemas/customer');
    expect(error.hint).toContain('requestTimeoutMs');
  });
});

describe('withOutcomeUnknown', () => {
  const lost = (correlationId: string): ApiError =>
    new ApiError({
      message: 'lost',
      status: 0,
      errorCode: TIMEOUT_ERROR_CODE,
      correlationId,
      method: 'PUT',
      url: `${API}${put.path}`,
      outcomeUnknown: true,
    });
  const refused = new ApiError({
    message: 'refused',
    status: 409,
    errorCode: 'customobjects.schema.version.conflict',
    correlationId: 'last',
    method: 'PUT',
    url: `${API}${put.path}`,
  });

  it('names the one earlier send whose answer was lost', () => {
    const error = withOutcomeUnknown(refused, [lost('a')]);
    expect(error).toMatchObject({ outcomeUnknown: true, status: 409, correlationId: 'last' });
    expect(error.message).toBe(
      'refused; an earlier send of this write [correlation id a] got no clear answer and may still be applied',
    );
  });

  it('names the first earlier sends and counts the rest', () => {
    const error = withOutcomeUnknown(refused, ['a', 'b', 'c', 'd', 'e'].map(lost));
    expect(error.message).toBe(
      'refused; earlier sends of this write [correlation ids a, b, c and 2 more] got no clear answer and may still ' +
        'be applied',
    );
  });
});
