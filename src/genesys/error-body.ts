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

export function readErrorBody(body: unknown): ErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const raw = body as Record<string, unknown>;
  const result: ErrorBody = {};
  if (typeof raw['message'] === 'string') result.message = raw['message'];
  if (typeof raw['code'] === 'string') result.code = raw['code'];
  if (typeof raw['status'] === 'number') result.status = raw['status'];
  if (typeof raw['messageWithParams'] === 'string') result.messageWithParams = raw['messageWithParams'];
  if (typeof raw['contextId'] === 'string') result.contextId = raw['contextId'];
  const params = raw['messageParams'];
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    result.messageParams = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
  }
  if (Array.isArray(raw['details'])) {
    result.details = raw['details']
      .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
      .map((d) => {
        const detail: NonNullable<ErrorBody['details']>[number] = {};
        if (typeof d['errorCode'] === 'string') detail.errorCode = d['errorCode'];
        if (typeof d['fieldName'] === 'string') detail.fieldName = d['fieldName'];
        if (typeof d['entityId'] === 'string') detail.entityId = d['entityId'];
        if (typeof d['entityName'] === 'string') detail.entityName = d['entityName'];
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
