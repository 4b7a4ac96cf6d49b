/**
 * The custom objects endpoints of docs/api-contract.md, as pure functions of the store and the request: each returns
 * the status and JSON text to send, and whether it changed the store (so that the server persists before it
 * answers). None of them awaits: reading the current version and committing the next happen in one step.
 */
import type { PlatformLimits } from '../model/field-types.js';
import type { SchemaStatus, SchemaWriteBody } from '../model/schema.js';
import type { ErrorSpec, Problem } from './error-body.js';
import { CODES, errorBody, problemsBody } from './error-body.js';
import { IDENTIFIER, STATUSES } from './contract-facts.js';
import { isProblem, pageEnvelopeJson, parsePageRequest } from './paging.js';
import { checkSchemaCompatibility } from './schema-compatibility.js';
import { checkSchemaLimits } from './schema-limits.js';
import { checkSchemaReferences, referencesOf } from './schema-references.js';
import type { SchemaStore } from './schema-store.js';
import { SCHEMAS_PATH } from './schema-store.js';
import { checkBodyStructure } from './body-structure.js';
import { checkCreateStatus, checkStatusTransition } from './status-transitions.js';

export interface ApiResult {
  status: number;
  /** JSON text; absent for 204. */
  body?: string;
  /** The store changed: persist before answering. */
  mutated?: boolean;
}

export interface EndpointContext {
  store: SchemaStore;
  limits: PlatformLimits;
  systemObjects: ReadonlySet<string>;
  /** The system objects page entities, as JSON text, in their configured order. */
  systemObjectsJson: readonly string[];
  correlationId: string;
}

function json(status: number, value: unknown): ApiResult {
  return { status, body: JSON.stringify(value) };
}

function fail(context: EndpointContext, spec: ErrorSpec): ApiResult {
  return json(spec.status, errorBody(spec, context.correlationId));
}

function refuse(context: EndpointContext, problems: Problem[]): ApiResult {
  return json(400, problemsBody(problems, context.correlationId));
}

export function notFound(context: EndpointContext, what: string): ApiResult {
  return fail(context, {
    status: 404,
    code: CODES.notFound,
    message: `${what} was not found`,
    messageWithParams: '{resource} was not found',
    messageParams: { resource: what },
  });
}

function parseBody(
  context: EndpointContext,
  raw: string,
): { ok: true; body: SchemaWriteBody } | { ok: false; result: ApiResult } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {
      ok: false,
      result: refuse(context, [{ code: CODES.invalid, message: 'The request body is not valid JSON', fieldName: '' }]),
    };
  }
  const checked = checkBodyStructure(value);
  if (!checked.ok) return { ok: false, result: refuse(context, checked.problems) };
  return { ok: true, body: checked.body };
}

/**
 * Adds a later check's problems after the earlier ones'. A loop rather than a spread: a call with several spread
 * arguments is not optimised, and every write makes one.
 */
function appendProblems(problems: Problem[], more: readonly Problem[]): void {
  for (const problem of more) problems.push(problem);
}

function referenceContext(context: EndpointContext): {
  systemObjects: ReadonlySet<string>;
  statusOf: (id: string) => SchemaStatus | undefined;
} {
  return { systemObjects: context.systemObjects, statusOf: (id) => context.store.statusOf(id) };
}

export function listSchemas(context: EndpointContext, query: URLSearchParams | undefined): ApiResult {
  const page = parsePageRequest(query);
  if (isProblem(page))
    return fail(context, {
      status: 400,
      code: page.code,
      message: page.message,
      details: [{ errorCode: page.code, fieldName: page.fieldName }],
    });
  const status = query?.get('status') ?? undefined;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    return fail(context, {
      status: 400,
      code: CODES.badRequest,
      message: `status must be one of ${STATUSES.join(', ')}`,
      details: [{ errorCode: CODES.badRequest, fieldName: 'status' }],
    });
  }
  const key = `${status ?? '*'} ${page.pageSize} ${page.pageNumber}`;
  const body = context.store.page(key, () => {
    const entities = context.store.list(status as SchemaStatus | undefined).map((v) => v.json);
    return pageEnvelopeJson(entities, page, SCHEMAS_PATH, status === undefined ? [] : [['status', status]]);
  });
  return { status: 200, body };
}

export function getSchema(context: EndpointContext, externalId: string): ApiResult {
  const current = context.store.current(externalId);
  if (!current) return notFound(context, `Schema ${externalId}`);
  return { status: 200, body: current.json };
}

export function listVersions(
  context: EndpointContext,
  externalId: string,
  query: URLSearchParams | undefined,
): ApiResult {
  const schema = context.store.get(externalId);
  if (!schema) return notFound(context, `Schema ${externalId}`);
  const page = parsePageRequest(query);
  if (isProblem(page))
    return fail(context, {
      status: 400,
      code: page.code,
      message: page.message,
      details: [{ errorCode: page.code, fieldName: page.fieldName }],
    });
  return {
    status: 200,
    body: pageEnvelopeJson(
      schema.versions.map((v) => v.json),
      page,
      `${SCHEMAS_PATH}/${externalId}/versions`,
    ),
  };
}

export function getVersion(context: EndpointContext, externalId: string, versionText: string): ApiResult {
  const schema = context.store.get(externalId);
  if (!schema) return notFound(context, `Schema ${externalId}`);
  const version = /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : 0;
  const found = schema.versions[version - 1];
  if (!found) return notFound(context, `Version ${versionText} of schema ${externalId}`);
  return { status: 200, body: found.json };
}

export function createSchema(context: EndpointContext, raw: string): ApiResult {
  const parsed = parseBody(context, raw);
  if (!parsed.ok) return parsed.result;
  const body = parsed.body;
  if (body.version !== 1) {
    return refuse(context, [
      { code: CODES.invalid, message: `A schema is created as version 1, not ${body.version}`, fieldName: 'version' },
    ]);
  }
  if (context.store.get(body.externalId)) {
    return fail(context, {
      status: 409,
      code: CODES.exists,
      message: `Schema ${body.externalId} already exists`,
      messageWithParams: 'Schema {externalId} already exists',
      messageParams: { externalId: body.externalId },
      details: [{ errorCode: CODES.exists, fieldName: 'externalId' }],
    });
  }
  const problems: Problem[] = [];
  if (context.store.size >= context.limits.maxSchemasPerOrg) {
    problems.push({
      code: CODES.limitExceeded,
      message: `The org already has ${context.store.size} schemas; at most ${context.limits.maxSchemasPerOrg} are allowed`,
      messageParams: { count: String(context.store.size), max: String(context.limits.maxSchemasPerOrg) },
      fieldName: '',
    });
  }
  appendProblems(problems, checkSchemaLimits(body, context.limits));
  appendProblems(problems, checkSchemaReferences(body, referenceContext(context)));
  appendProblems(problems, checkCreateStatus(body.status));
  if (problems.length > 0) return refuse(context, problems);
  const created = context.store.create(body);
  return { status: 201, body: created.unkeptJson(), mutated: true };
}

export function updateSchema(context: EndpointContext, externalId: string, raw: string): ApiResult {
  if (!context.store.get(externalId)) return notFound(context, `Schema ${externalId}`);
  const parsed = parseBody(context, raw);
  if (!parsed.ok) return parsed.result;
  const body = parsed.body;
  if (body.externalId !== externalId) {
    return refuse(context, [
      {
        code: CODES.invalid,
        message: `externalId "${body.externalId}" does not match the path's "${externalId}"`,
        fieldName: 'externalId',
      },
    ]);
  }
  const current = context.store.current(externalId);
  if (!current) return notFound(context, `Schema ${externalId}`);
  const currentVersion = current.resource.version;
  if (body.version !== currentVersion + 1) {
    return fail(context, {
      status: 409,
      code: CODES.versionConflict,
      message: `Version ${body.version} does not follow current version ${currentVersion}`,
      messageWithParams: 'Version {requested} does not follow current version {current}',
      messageParams: { requested: String(body.version), current: String(currentVersion) },
      details: [{ errorCode: CODES.versionConflict, fieldName: 'version' }],
    });
  }
  const problems = checkSchemaLimits(body, context.limits);
  appendProblems(problems, checkSchemaReferences(body, referenceContext(context)));
  appendProblems(problems, checkStatusTransition(current.resource.status, body.status));
  appendProblems(problems, checkSchemaCompatibility(current.resource.fields, body.fields));
  if (problems.length > 0) return refuse(context, problems);
  const next = context.store.update(body);
  return { status: 200, body: next.unkeptJson(), mutated: true };
}

export function deleteSchema(context: EndpointContext, externalId: string): ApiResult {
  if (!context.store.get(externalId)) return notFound(context, `Schema ${externalId}`);
  if (context.store.everPublished(externalId)) {
    return fail(context, {
      status: 409,
      code: CODES.inUse,
      message: `Schema ${externalId} was published and cannot be deleted; deprecate it instead`,
      messageWithParams: 'Schema {externalId} was published and cannot be deleted',
      messageParams: { externalId },
    });
  }
  const referrers: string[] = [];
  for (const other of context.store.all()) {
    if (other.externalId === externalId) continue;
    const current = other.versions[other.versions.length - 1];
    if (current && referencesOf(current.resource.fields).some((r) => r.target === externalId))
      referrers.push(other.externalId);
  }
  if (referrers.length > 0) {
    return fail(context, {
      status: 409,
      code: CODES.inUse,
      message: `Schema ${externalId} is referenced by ${referrers.join(', ')}`,
      messageWithParams: 'Schema {externalId} is referenced by {referencedBy}',
      messageParams: { externalId, referencedBy: referrers.join(',') },
    });
  }
  context.store.remove(externalId);
  return { status: 204, mutated: true };
}

export function getLimits(context: EndpointContext): ApiResult {
  const l = context.limits;
  // Key order of docs/api-contract.md.
  return json(200, {
    maxFieldsPerSchema: l.maxFieldsPerSchema,
    maxRecordSizeBytes: l.maxRecordSizeBytes,
    maxStringLength: l.maxStringLength,
    maxLongTextLength: l.maxLongTextLength,
    maxListItems: l.maxListItems,
    maxNestingDepth: l.maxNestingDepth,
    maxSchemasPerOrg: l.maxSchemasPerOrg,
  });
}

export function listSystemObjects(context: EndpointContext, query: URLSearchParams | undefined): ApiResult {
  const page = parsePageRequest(query);
  if (isProblem(page))
    return fail(context, {
      status: 400,
      code: page.code,
      message: page.message,
      details: [{ errorCode: page.code, fieldName: page.fieldName }],
    });
  return {
    status: 200,
    body: pageEnvelopeJson(context.systemObjectsJson, page, '/api/v2/customobjects/systemobjects'),
  };
}

/** An externalId in a path: decoded, and only if it could be one (anything else is simply not found). */
export function externalIdFromPath(segment: string): string | undefined {
  let decoded = segment;
  // Without a percent sign there is nothing to decode (and nothing malformed).
  if (segment.includes('%')) {
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  }
  return IDENTIFIER.test(decoded) ? decoded : undefined;
}
