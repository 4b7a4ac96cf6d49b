/**
 * The custom objects API behind the Target interface (docs/architecture.md): typed endpoints over the layered request
 * function. Lists read every page; a missing schema or version is `undefined`; everything else the platform
 * refuses is an ApiError.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS, type LimitCount, type PlatformLimits } from '../model/field-types.js';
import type { RemoteSchema, SchemaWriteBody } from '../model/schema.js';
import { apiErrorFromAbandon, apiErrorFromResponse, apiErrorFromUnusable, type ApiError } from './api-error.js';
import type { ApiRequest, ApiResponse } from './api-request.js';
import type { ClientOptions } from './client-options.js';
import { resolveClientOptions } from './client-options.js';
import { collectPages, MAX_PAGE_SIZE, readPage } from './paging.js';
import { expandRoute } from './route-path.js';
import { createSchema, updateSchema, type WriteContext, type WriteRead } from './schema-writes.js';
import { createSendStack } from './send-stack.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { ClientStats } from './client-stats.js';
import type { ListOptions, ReadOptions, Target, WriteOptions } from './target.js';

/**
 * The custom objects API's routes (docs/api-contract.md "Endpoints"), as templates: metrics label requests with these.
 */
export const SCHEMAS_ROUTE = '/api/v2/customobjects/schemas';
export const SCHEMA_ROUTE = '/api/v2/customobjects/schemas/{externalId}';
export const VERSIONS_ROUTE = '/api/v2/customobjects/schemas/{externalId}/versions';
export const VERSION_ROUTE = '/api/v2/customobjects/schemas/{externalId}/versions/{version}';
export const LIMITS_ROUTE = '/api/v2/customobjects/limits';
export const SYSTEM_OBJECTS_ROUTE = '/api/v2/customobjects/systemobjects';

/** A list whose paging cannot be followed to its end: no part of it is used. */
const PAGING_HINT =
  'something other than the API may have answered (a proxy, a gateway): run the command again, and if it persists, report it with the correlation id';

export interface CustomObjectsTarget extends Target {
  stats(): ClientStats;
  /** Who acts, for audit entries: the OAuth client id (never its secret). */
  readonly actor: string;
  /** GENESYS_OAUTH_DOMAIN as configured: a region domain or a base URL. */
  readonly orgDomain: string;
}

/** Earlier attempts of a call whose outcome is unknown: neither the last one nor one answered 429. */
function unknownOutcomes(response: ApiResponse): number {
  const retry = response.retry;
  return retry === undefined ? 0 : retry.attempts - 1 - retry.rateLimited;
}

export function createCustomObjectsTarget(options: ClientOptions): CustomObjectsTarget {
  const resolved = resolveClientOptions(options);
  const stack = createSendStack(resolved);
  const apiBase = stack.endpoints.apiBase;

  const request = (
    method: ApiRequest['method'],
    route: string,
    params: Record<string, string | number> = {},
    body?: unknown,
    query: Record<string, string | number | undefined> = {},
  ): ApiRequest => {
    const built: ApiRequest = { method, route, path: expandRoute(route, params, query), correlationId: randomUUID() };
    if (body !== undefined) built.body = body;
    return built;
  };
  const toError = (req: ApiRequest, response: ApiResponse): ApiError =>
    apiErrorFromResponse(req, response, apiBase, stack.redactor.redact);
  const isOk = (response: ApiResponse): boolean => response.status >= 200 && response.status < 300;

  const readSchema = (body: unknown): RemoteSchema | undefined => CUSTOM_OBJECTS_FAMILY.wire.fromWire(body);

  /** A schema the answer carries, or the error that says the answer was no schema. */
  function schemaIn(req: ApiRequest, response: ApiResponse, body: unknown): RemoteSchema {
    const schema = readSchema(body);
    if (schema === undefined) throw toError(req, { ...response, body });
    return schema;
  }

  /** A GET of one schema whose 404 means "there is none": an answer, not a failure. */
  async function getOptional(req: ApiRequest): Promise<RemoteSchema | undefined> {
    const response = await stack.send({ ...req, answers: [404] });
    if (isOk(response)) return schemaIn(req, response, response.body);
    if (response.status === 404) return undefined;
    throw toError(req, response);
  }

  async function getRequired(req: ApiRequest): Promise<unknown> {
    const response = await stack.send(req);
    if (!isOk(response)) throw toError(req, response);
    return response.body;
  }

  /** Every entity of a paged list, each read by `readEntity`; a page or an entity it cannot read is an error. */
  function pagesOf<T>(
    route: string,
    params: Record<string, string | number>,
    query: Record<string, string | number | undefined>,
    read: ReadOptions,
    readEntity: (req: ApiRequest, response: ApiResponse, entity: unknown) => T,
  ): Promise<T[]> {
    return collectPages(async (pageNumber) => {
      const req = {
        ...request('GET', route, params, undefined, { ...query, pageSize: MAX_PAGE_SIZE, pageNumber }),
        ...read,
      };
      const response = await stack.send(req);
      if (!isOk(response)) throw toError(req, response);
      const page = readPage<unknown>(response.body, pageNumber);
      if (page === undefined) throw toError(req, response);
      return {
        ...page,
        entities: page.entities.map((entity) => readEntity(req, response, entity)),
        refuse: (detail: string) =>
          apiErrorFromUnusable(req, response, apiBase, stack.redactor.redact, detail, PAGING_HINT),
      };
    });
  }

  const get = (externalId: string, read: WriteRead = {}): Promise<RemoteSchema | undefined> =>
    getOptional({ ...request('GET', SCHEMA_ROUTE, { externalId }), ...read });

  const toWire = (method: 'POST' | 'PUT', body: SchemaWriteBody): unknown =>
    CUSTOM_OBJECTS_FAMILY.wire.toWire({
      ...body,
      version: CUSTOM_OBJECTS_FAMILY.versionRule.carried(method, body.version),
    });

  const writes: WriteContext = {
    family: CUSTOM_OBJECTS_FAMILY,
    createRequest: (body) => request('POST', SCHEMAS_ROUTE, {}, toWire('POST', body)),
    updateRequest: (body) =>
      Promise.resolve(request('PUT', SCHEMA_ROUTE, { externalId: body.externalId }, toWire('PUT', body))),
    fromResponse: readSchema,
    send: stack.send,
    toError,
    get,
    maxRounds: resolved.maxAttempts,
    beforeResend: stack.beforeResend,
    abandoned: (req, signal) => apiErrorFromAbandon(req, apiBase, signal),
  };

  return {
    kind: CUSTOM_OBJECTS_FAMILY.name,
    family: CUSTOM_OBJECTS_FAMILY,
    actor: resolved.credentials.clientId,
    orgDomain: resolved.credentials.domain,

    async list(listOptions?: ListOptions): Promise<RemoteSchema[]> {
      const schemas = await pagesOf(SCHEMAS_ROUTE, {}, { status: listOptions?.status }, {}, schemaIn);
      // A schema created between two page reads can shift another onto a page already read: keep one of each.
      const seen = new Map<string, RemoteSchema>();
      for (const schema of schemas) seen.set(schema.externalId, schema);
      return [...seen.values()];
    },

    get,

    create: (body: SchemaWriteBody, write?: WriteOptions) => createSchema(writes, body, write),

    update: (body: SchemaWriteBody, write?: WriteOptions) => updateSchema(writes, body, write),

    async delete(externalId: string): Promise<void> {
      const req = request('DELETE', SCHEMA_ROUTE, { externalId });
      const response = await stack.send(req);
      if (isOk(response)) return;
      // DELETE is sent again after a fault; a 404 then means an earlier attempt may have done the work. Attempts
      // answered 429 were refused before anything was done, so they do not count.
      if (response.status === 404 && unknownOutcomes(response) > 0) return;
      throw toError(req, response);
    },

    versions: (externalId: string, read: ReadOptions = {}) =>
      pagesOf(VERSIONS_ROUTE, { externalId }, {}, read, schemaIn),

    version: (externalId: string, version: number, read: ReadOptions = {}) =>
      getOptional({ ...request('GET', VERSION_ROUTE, { externalId, version }), ...read }),

    async limits(): Promise<PlatformLimits> {
      const body = (await getRequired(request('GET', LIMITS_ROUTE))) as
        Partial<Record<LimitCount, unknown>> | undefined;
      const limits: PlatformLimits = { ...DEFAULT_LIMITS };
      for (const key of Object.keys(DEFAULT_LIMITS) as LimitCount[]) {
        const value = body?.[key];
        if (typeof value === 'number' && Number.isFinite(value)) limits[key] = value;
      }
      return limits;
    },

    async systemObjects(): Promise<string[]> {
      const entities = await pagesOf(SYSTEM_OBJECTS_ROUTE, {}, {}, {}, (_req, _response, entity) => entity);
      return entities
        .map((entity) => (entity as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === 'string');
    },

    stats(): ClientStats {
      return { ...stack.stats };
    },
  };
}
