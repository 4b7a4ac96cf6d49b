/**
 * The platform's ErrorBody (docs/api-contract.md "Error body") and the one place that builds it, so that every refusal
 * of the emulator has the same shape: `contextId` repeats the response's correlation id, and a 400 lists one entry in
 * `errors` per problem.
 */

export interface ErrorDetail {
  errorCode: string;
  /** A path into the request body, e.g. `fields[3].constraints.maxLength`; `""` for the body as a whole. */
  fieldName?: string;
}

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId: string;
  details: ErrorDetail[];
  errors: ErrorBody[];
}

/** One thing wrong with a request body, found by a check; turned into an ErrorBody entry. */
export interface Problem {
  code: string;
  message: string;
  fieldName: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
}

export interface ErrorSpec {
  status: number;
  code: string;
  message: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  details?: ErrorDetail[];
  errors?: ErrorBody[];
}

export function errorBody(spec: ErrorSpec, contextId: string): ErrorBody {
  // Key order as the platform writes it (docs/api-contract.md): message, code, status, messageWithParams,
  // messageParams, ...
  return {
    message: spec.message,
    code: spec.code,
    status: spec.status,
    ...(spec.messageWithParams !== undefined ? { messageWithParams: spec.messageWithParams } : {}),
    ...(spec.messageParams !== undefined ? { messageParams: spec.messageParams } : {}),
    contextId,
    details: spec.details ?? [],
    errors: spec.errors ?? [],
  };
}

/**
 * A 400 for a list of problems: one `errors[]` entry per problem, each with `details[0].fieldName`; the top level
 * takes the first problem's code and message and lists every problem's detail (docs/api-contract.md).
 */
export function problemsBody(problems: readonly Problem[], contextId: string): ErrorBody {
  const first = problems[0];
  if (first === undefined) throw new Error('problemsBody needs at least one problem');
  const entries = problems.map((p) =>
    errorBody(
      {
        status: 400,
        code: p.code,
        message: p.message,
        ...(p.messageWithParams !== undefined ? { messageWithParams: p.messageWithParams } : {}),
        ...(p.messageParams !== undefined ? { messageParams: p.messageParams } : {}),
        details: [{ errorCode: p.code, fieldName: p.fieldName }],
      },
      contextId,
    ),
  );
  const more = problems.length - 1;
  return errorBody(
    {
      status: 400,
      code: first.code,
      message:
        more === 0 ? first.message : `${first.message} (and ${more} more problem${more === 1 ? '' : 's'}, see errors)`,
      ...(first.messageWithParams !== undefined && more === 0 ? { messageWithParams: first.messageWithParams } : {}),
      ...(first.messageParams !== undefined && more === 0 ? { messageParams: first.messageParams } : {}),
      details: problems.map((p) => ({ errorCode: p.code, fieldName: p.fieldName })),
      errors: entries,
    },
    contextId,
  );
}

/**
 * The codes of the API contract's refusal table, plus the generic ones the platform uses where docs/api-contract.md is
 * silent.
 */
export const CODES = {
  invalid: 'customobjects.schema.invalid',
  limitExceeded: 'customobjects.schema.limit.exceeded',
  referenceInvalid: 'customobjects.schema.reference.invalid',
  incompatible: 'customobjects.schema.incompatible',
  statusInvalid: 'customobjects.schema.status.invalid',
  notFound: 'not.found',
  exists: 'customobjects.schema.exists',
  versionConflict: 'customobjects.schema.version.conflict',
  inUse: 'customobjects.schema.in.use',
  tooManyRequests: 'too.many.requests.retry.after',
  badCredentials: 'bad.credentials',
  missingScope: 'missing.scope',
  badRequest: 'bad.request',
  forbidden: 'forbidden',
  methodNotAllowed: 'method.not.allowed',
  tooLarge: 'request.entity.too.large',
  internal: 'internal.server.error',
  serviceFault: 'service.unavailable',
} as const;
