/**
 * The platform's ErrorBody (docs/api-contract.md "Error body"), read defensively: a proxy or a gateway may answer with
 * HTML or with nothing, and the client must still produce a useful error.
 */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: Array<{ errorCode?: string; fieldName?: string; entityId?: string; entityName?: string }>;
  errors?: ErrorBody[];
}

export interface Problem {
  code: string;
  message: string;
  /** Where in the request body, e.g. `fields[3].constraints.maxLength`. */
  fieldName?: string;
}

/**
 * The most characters of one of the body's strings that are kept. The platform's are a sentence or a path; an answer
 * may be up to MAX_ANSWER_BYTES, and a message of megabytes (a proxy's, a hostile server's) was quoted whole in the
 * error, on the terminal and in CI logs.
 */
export const MAX_ERROR_TEXT = 500;

/** `value` when it is a string, cut to MAX_ERROR_TEXT characters (by code points, never inside one). */
export function errorText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length <= MAX_ERROR_TEXT) return value;
  const points = [...value];
  if (points.length <= MAX_ERROR_TEXT) return value;
  return `${points.slice(0, MAX_ERROR_TEXT - 3).join('')}...`;
}

export function readErrorBody(body: unknown): ErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const raw = body as Record<string, unknown>;
  const result: ErrorBody = {};
  const message = errorText(raw['message']);
  if (message !== undefined) result.message = message;
  const code = errorText(raw['code']);
  if (code !== undefined) result.code = code;
  if (typeof raw['status'] === 'number') result.status = raw['status'];
  const withParams = errorText(raw['messageWithParams']);
  if (withParams !== undefined) result.messageWithParams = withParams;
  const contextId = errorText(raw['contextId']);
  if (contextId !== undefined) result.contextId = contextId;
  const params = raw['messageParams'];
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    result.messageParams = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [key, errorText(String(value)) as string]),
    );
  }
  if (Array.isArray(raw['details'])) {
    result.details = raw['details']
      .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
      .map((d) => {
        const detail: NonNullable<ErrorBody['details']>[number] = {};
        for (const key of ['errorCode', 'fieldName', 'entityId', 'entityName'] as const) {
          const value = errorText(d[key]);
          if (value !== undefined) detail[key] = value;
        }
        return detail;
      });
  }
  if (Array.isArray(raw['errors'])) result.errors = raw['errors'].map(readErrorBody);
  return result;
}

/**
 * Every field-level problem of a 400: one per entry of `errors` (its `details[0].fieldName` is the path), else
 * one per entry of the top-level `details`.
 */
export function problemsOf(body: ErrorBody): Problem[] {
  const problems: Problem[] = [];
  for (const error of body.errors ?? []) {
    const fieldName = error.details?.find((d) => d.fieldName !== undefined)?.fieldName;
    problems.push(
      withField(
        { code: error.code ?? body.code ?? 'unknown', message: error.message ?? error.messageWithParams ?? '' },
        fieldName,
      ),
    );
  }
  if (problems.length === 0) {
    for (const detail of body.details ?? []) {
      if (detail.fieldName === undefined && detail.errorCode === undefined) continue;
      problems.push(
        withField({ code: detail.errorCode ?? body.code ?? 'unknown', message: body.message ?? '' }, detail.fieldName),
      );
    }
  }
  return problems;
}

function withField(problem: Problem, fieldName: string | undefined): Problem {
  if (fieldName !== undefined) problem.fieldName = fieldName;
  return problem;
}
