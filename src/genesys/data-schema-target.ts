/**
 * A DataSchema family (contacts, organizations, workitems: docs/targets.md) behind the Target interface, over
 * the same layered request function as custom objects. The family says what the body is; this module says how
 * it travels: lists in one call (no paging), a schema found by its name (the family's identity) and addressed by
 * its server id, a PUT carrying the version the family's rule names, and deletes as the family allows.
 */
import { randomUUID } from 'node:crypto';
import type { DataSchemaApi, Family } from '../family/family.js';
import type { PlatformLimits } from '../model/field-types.js';
import { CxError } from '../model/errors.js';
import { readQuantityLimits } from '../model/quantity-limits.js';
import { SHARED_IDENTITY_HINT, sharedIdentityText, type RemoteSchema, type SchemaWriteBody } from '../model/schema.js';
import { apiErrorFromAbandon, apiErrorFromResponse, apiErrorFromUnusable, type ApiError } from './api-error.js';
import type { ApiRequest, ApiResponse } from './api-request.js';
import type { ClientOptions } from './client-options.js';
import { resolveClientOptions } from './client-options.js';
import type { CustomObjectsTarget } from './custom-objects-target.js';
import { expandRoute } from './route-path.js';
import { createSchema, updateSchema, type WriteContext, type WriteRead } from './schema-writes.js';
import { createSendStack } from './send-stack.js';
import type { ListOptions, ReadOptions, WriteOptions } from './target.js';

/** The routes of a DataSchema family, as templates (metrics label requests with these). */
export function dataSchemaRoutes(api: DataSchemaApi) {
  const base = api.basePath;
  return {
    schemas: base,
    schema: `${base}/{schemaId}`,
    versions: `${base}/{schemaId}/versions`,
    version: `${base}/{schemaId}/versions/{versionId}`,
    coretypes: `${base}/coretypes`,
    limits: `${base}/limits`,
  };
}

export function createDataSchemaTarget(family: Family, options: ClientOptions): CustomObjectsTarget {
  if (family.api.kind !== 'dataschema') throw new TypeError(`${family.name} is not a DataSchema family`);
  const api = family.api;
  const routes = dataSchemaRoutes(api);
  const resolved = resolveClientOptions(options);
  const stack = createSendStack(resolved);
  const apiBase = stack.endpoints.apiBase;

  const request = (
    method: ApiRequest['method'],
    route: string,
    params: Record<string, string | number> = {},
    body?: unknown,
  ): ApiRequest => {
    const built: ApiRequest = { method, route, path: expandRoute(route, params), correlationId: randomUUID() };
    if (body !== undefined) built.body = body;
    return built;
  };
  const toError = (req: ApiRequest, response: ApiResponse): ApiError =>
    apiErrorFromResponse(req, response, apiBase, stack.redactor.redact);
  const isOk = (response: ApiResponse): boolean => response.status >= 200 && response.status < 300;

  async function getRequired(req: ApiRequest): Promise<unknown> {
    const response = await stack.send(req);
    if (!isOk(response)) throw toError(req, response);
    return response.body;
  }

  const isDeleted = (entity: unknown): boolean => (entity as { deleted?: unknown } | null)?.deleted === true;

  const entitiesOf = (body: unknown): unknown[] => {
    const entities = (body as { entities?: unknown } | undefined)?.entities;
    return Array.isArray(entities) ? entities : [];
  };

  /**
   * A 2xx list whose `total` counts more schemas than it holds is part of a list: the listing has no paging
   * (docs/targets.md "Lists have no paging"), so the rest cannot be asked for, and a plan made from part of a family
   * would create schemas the org holds and leave others unseen.
   */
  function refusePartial(req: ApiRequest, response: ApiResponse, entities: readonly unknown[], what: string): void {
    const total = (response.body as { total?: unknown }).total;
    if (typeof total !== 'number' || total <= entities.length) return;
    throw apiErrorFromUnusable(
      req,
      response,
      apiBase,
      stack.redactor.redact,
      `${entities.length} of the ${total} ${what} its total counts: cxschema reads them in one list, and works from no part of one`,
      'the platform may now page this list, which cxschema does not follow: run again, and if it persists, report it with the correlation id (docs/targets.md "Lists have no paging")',
    );
  }

  /**
   * An entry of a 2xx answer that cxschema cannot read as a schema: an error naming the schema and what it lacks,
   * never a schema read as empty nor one left out (docs/targets.md "Reading a real org's answers").
   */
  function unreadableEntry(req: ApiRequest, response: ApiResponse, entity: unknown): ApiError {
    const reason = family.wire.unreadable?.(entity) ?? 'a body that is no schema';
    return apiErrorFromUnusable(
      req,
      response,
      apiBase,
      stack.redactor.redact,
      `a schema cxschema cannot read: ${schemaNamed(entity)} has ${reason}`,
      `nothing was planned or written from it; look at the schema in the org (GET ${api.basePath}/{id}), and report the answer if the schema itself is fine`,
    );
  }

  /**
   * The schemas of the family that counts with this one toward `maxNumberOfSchemasPerOrg` (contacts with
   * organizations): a schema count that left them out would pass creates the platform refuses halfway through an
   * apply (docs/targets.md "Limits"). Only their number is read: deleted ones are not counted.
   */
  async function schemasCountedWith(): Promise<{ label: string; source: string; count: number } | undefined> {
    const other = api.countsWith;
    if (other === undefined) return undefined;
    const req = request('GET', other.basePath);
    const response = await stack.send(req);
    if (!isOk(response)) throw toError(req, response);
    const entities = (response.body as { entities?: unknown } | undefined)?.entities;
    if (!Array.isArray(entities)) throw toError(req, response);
    refusePartial(req, response, entities, other.label);
    return { label: other.label, source: `GET ${other.basePath}`, count: entities.filter((e) => !isDeleted(e)).length };
  }

  /** Server ids by name, from the last list: ids never change while a schema exists. */
  const ids = new Map<string, string>();

  async function list(read: WriteRead = {}): Promise<RemoteSchema[]> {
    const req = { ...request('GET', routes.schemas), ...read };
    const response = await stack.send(req);
    if (!isOk(response)) throw toError(req, response);
    const entities = (response.body as { entities?: unknown } | undefined)?.entities;
    // A body without a list is no answer, never an empty org (which plan would fill with creates).
    if (!Array.isArray(entities)) throw toError(req, response);
    refusePartial(req, response, entities, 'schemas');
    // Schemas whose names have one identifier form ("Loan Application", "Loan-Application", two names in another
    // script, two long names alike in their first 64 characters): the first by name stands for them all, marked
    // with the others' names, so that no step writes to either (plan-schema.ts) and the rest of the family is
    // managed as usual; no id is kept for them, so that no write can reach one by that id.
    const byId = new Map<string, RemoteSchema[]>();
    for (const entity of entities) {
      if (isDeleted(entity)) continue;
      const schema = family.wire.fromWire(entity);
      if (schema === undefined) throw unreadableEntry(req, response, entity);
      const same = byId.get(schema.externalId);
      if (same === undefined) byId.set(schema.externalId, [schema]);
      else same.push(schema);
    }
    const schemas: RemoteSchema[] = [];
    const shared = new Set<string>();
    for (const [externalId, same] of byId) {
      if (same.length === 1) {
        schemas.push(same[0]!);
        continue;
      }
      same.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      schemas.push({ ...same[0]!, sharedWith: same.slice(1).map((schema) => schema.name) });
      shared.add(externalId);
    }
    // Replaced only once the list came: a read that failed or was abandoned before it left forgets no id.
    ids.clear();
    for (const schema of schemas) if (!shared.has(schema.externalId)) ids.set(schema.externalId, schema.id);
    return schemas;
  }

  /** A schema by name: one list read (there is no paging), so the answer is never a stale id. */
  const get = async (externalId: string, read: WriteRead = {}): Promise<RemoteSchema | undefined> =>
    (await list(read)).find((schema) => schema.externalId === externalId);

  async function idOf(externalId: string, read: WriteRead = {}): Promise<string | undefined> {
    const known = ids.get(externalId);
    if (known !== undefined) return known;
    const found = await get(externalId, read);
    if (found?.sharedWith !== undefined) throw sharedIdentity(found);
    return found?.id;
  }

  /** A write to an externalId that names more than one schema of the org: which one it means cannot be told. */
  function sharedIdentity(schema: RemoteSchema): CxError {
    return new CxError('CONFLICT', `${family.label}: ${sharedIdentityText(schema)}`, { hint: SHARED_IDENTITY_HINT });
  }

  async function requireId(externalId: string, read: WriteRead = {}): Promise<string> {
    const id = await idOf(externalId, read);
    if (id === undefined)
      throw new CxError('CONFLICT', `${family.label}: no schema named ${externalId} in the org`, {
        hint: 'run cxschema plan again to see the org as it is now',
      });
    return id;
  }

  const toWire = (method: 'POST' | 'PUT', body: SchemaWriteBody): unknown =>
    family.wire.toWire({ ...body, version: family.versionRule.carried(method, body.version) });

  const writes: WriteContext = {
    family,
    createRequest: (body) => request('POST', routes.schemas, {}, toWire('POST', body)),
    updateRequest: async (body, read) =>
      request('PUT', routes.schema, { schemaId: await requireId(body.externalId, read) }, toWire('PUT', body)),
    fromResponse: (body) => {
      const schema = family.wire.fromWire(body);
      if (schema !== undefined) ids.set(schema.externalId, schema.id);
      return schema;
    },
    send: stack.send,
    toError,
    get,
    maxRounds: resolved.maxAttempts,
    beforeResend: stack.beforeResend,
    abandoned: (req, signal) => apiErrorFromAbandon(req, apiBase, signal),
  };

  /** A read's answer when the id it used no longer names a schema that counts: 404, or soft-deleted. */
  const GONE = Symbol('gone');

  /**
   * Reads by the schema's server id, from the id cache the last list filled (never one list per schema: see
   * docs/architecture.md). Versions outlive a soft delete, so an id remembered from before someone else deleted
   * the schema (or deleted and created it again) may read a schema that counts as absent: such an answer drops
   * the cached id and resolves the name afresh by one list.
   */
  async function byCurrentId<T>(
    externalId: string,
    read: ReadOptions,
    readById: (id: string) => Promise<T | typeof GONE>,
    absent: T,
  ): Promise<T> {
    const cached = ids.get(externalId);
    if (cached !== undefined) {
      const answer = await readById(cached);
      if (answer !== GONE) return answer;
      ids.delete(externalId);
    }
    const found = await get(externalId, read);
    // Which of the schemas that share the externalId is meant cannot be told: none of their versions is read.
    if (found?.sharedWith !== undefined) throw sharedIdentity(found);
    const id = found?.id;
    if (id === undefined || id === cached) return absent;
    const answer = await readById(id);
    return answer === GONE ? absent : answer;
  }

  /** A GET whose 404 says the schema is gone: GONE then, else the answer; any other failure is thrown. */
  async function getUnlessGone(req: ApiRequest): Promise<ApiResponse | typeof GONE> {
    const response = await stack.send({ ...req, answers: [404] });
    if (response.status === 404) return GONE;
    if (!isOk(response)) throw toError(req, response);
    return response;
  }

  const versionsOf = (externalId: string, read: ReadOptions = {}): Promise<RemoteSchema[]> =>
    byCurrentId(
      externalId,
      read,
      async (id) => {
        const req = { ...request('GET', routes.versions, { schemaId: id }), ...read };
        const response = await getUnlessGone(req);
        if (response === GONE) return GONE;
        const entities = (response.body as { entities?: unknown } | undefined)?.entities;
        // A body without a list is no answer; a history read from one would say the schema has no versions.
        if (!Array.isArray(entities)) throw toError(req, response);
        if (entities.some(isDeleted)) return GONE;
        refusePartial(req, response, entities, 'versions');
        // A version read through /versions keeps its own enabled state; a soft delete marks only the schema.
        return entities
          .map((entity) => {
            const version = family.wire.fromWire({ ...(entity as object), deleted: false });
            // A version cxschema cannot read is said, never left out of the history (or a rollback's choices).
            if (version === undefined) throw unreadableEntry(req, response, entity);
            return version;
          })
          .sort((a, b) => a.version - b.version);
      },
      [],
    );

  const versionOf = (externalId: string, version: number, read: ReadOptions = {}): Promise<RemoteSchema | undefined> =>
    byCurrentId(
      externalId,
      read,
      async (id) => {
        const req = { ...request('GET', routes.version, { schemaId: id, versionId: version }), ...read };
        // A 404 may mean the schema is gone or only that it has no such version: the list tells which.
        const response = await getUnlessGone(req);
        if (response === GONE) return GONE;
        if (typeof response.body !== 'object' || response.body === null) throw toError(req, response);
        if (isDeleted(response.body)) return GONE;
        const found = family.wire.fromWire({ ...response.body, deleted: false });
        // A version cxschema cannot read is no "no such version": a rollback to it must say why it cannot be read.
        if (found === undefined) throw unreadableEntry(req, response, response.body);
        return found;
      },
      undefined,
    );

  return {
    kind: family.name,
    family,
    actor: resolved.credentials.clientId,
    orgDomain: resolved.credentials.domain,

    list: (_options?: ListOptions) => list(),

    get,

    create: (body: SchemaWriteBody, write?: WriteOptions) => createSchema(writes, body, write),

    update: (body: SchemaWriteBody, write?: WriteOptions) => updateSchema(writes, body, write),

    async delete(externalId: string): Promise<void> {
      if (api.delete === 'none') {
        throw new CxError('INPUT', `${family.label} cannot be deleted: the platform has no DELETE for them`, {
          hint: 'disable it instead (status: DEPRECATED)',
        });
      }
      const id = await idOf(externalId);
      if (id === undefined) return;
      const req = request('DELETE', routes.schema, { schemaId: id });
      const response = await stack.send(req);
      ids.delete(externalId);
      // Sent again after a fault, a 404 means an earlier attempt did the work (a soft-deleted one is 404 too).
      if (isOk(response) || response.status === 404) return;
      throw toError(req, response);
    },

    versions: versionsOf,

    version: versionOf,

    async limits(): Promise<PlatformLimits> {
      const [body, coretypes, countedWith] = await Promise.all([
        getRequired(request('GET', routes.limits)),
        getRequired(request('GET', routes.coretypes)),
        schemasCountedWith(),
      ]);
      const limits = limitsFrom(family, body, entitiesOf(coretypes));
      if (limits.org !== undefined && countedWith !== undefined) limits.org.countedWith = countedWith;
      return limits;
    },

    // DataSchemas reference no other schema, so no system object is ever a reference target.
    systemObjects: () => Promise.resolve([]),

    stats() {
      return { ...stack.stats };
    },
  };
}

/** A served schema as an error names it: its name, and its server id, as far as it has them. */
function schemaNamed(entity: unknown): string {
  const raw = (typeof entity === 'object' && entity !== null ? entity : {}) as Record<string, unknown>;
  const id = typeof raw['id'] === 'string' ? `id ${raw['id'].slice(0, 64)}` : undefined;
  if (typeof raw['name'] === 'string') return `"${raw['name'].slice(0, 100)}"${id === undefined ? '' : ` (${id})`}`;
  return id === undefined ? 'a schema with neither name nor id' : `the schema with ${id}`;
}

/**
 * The org's limits in the terms offline validation uses: the counts from `/limits`, and the coretypes' caps
 * from `/coretypes` (the largest maxLength text and longtext may be given, the most tags a tag field holds); and the
 * whole `/limits` answer, each value checked (model/quantity-limits.ts), for the lengths and the org's field count
 * that online validation checks besides.
 */
export function limitsFrom(
  family: Pick<Family, 'name' | 'defaultLimits' | 'api'>,
  body: unknown,
  coretypes: readonly unknown[],
): PlatformLimits {
  const limits: PlatformLimits = { ...family.defaultLimits };
  if (family.name !== 'customobjects' && family.api.kind === 'dataschema') {
    const org = readQuantityLimits(body, family.name, `GET ${dataSchemaRoutes(family.api).limits}`);
    limits.org = org;
    limits.maxFieldsPerSchema = org.values.maxNumberOfFieldsPerSchema;
    limits.maxSchemasPerOrg = org.values.maxNumberOfSchemasPerOrg;
  }
  const cap = (name: string, field: string): number | undefined => {
    const coretype = coretypes.find((entry) => (entry as { name?: unknown } | null)?.name === name) as
      { validationLimits?: Record<string, { max?: unknown }> } | undefined;
    const max = coretype?.validationLimits?.[field]?.max;
    return typeof max === 'number' && Number.isFinite(max) ? max : undefined;
  };
  limits.maxStringLength = cap('text', 'maxLength') ?? limits.maxStringLength;
  limits.maxLongTextLength = cap('longtext', 'maxLength') ?? limits.maxLongTextLength;
  limits.maxListItems = cap('tag', 'maxItems') ?? limits.maxListItems;
  return limits;
}
