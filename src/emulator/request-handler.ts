/**
 * One request, from the socket to the response: correlation id, routing, injected faults, authentication, the
 * rate limit, scopes, the endpoint, persistence, and the slow success. The order is documented in
 * docs/api-contract.md ("The order of checks").
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformLimits } from '../model/field-types.js';
import type { AdminControls } from './admin-routes.js';
import { ADMIN_PREFIX, handleAdmin } from './admin-routes.js';
import type { AdminGuard } from './admin-guard.js';
import { adminRefusal } from './admin-guard.js';
import { hostNamesEmulator, type ListeningHost } from './host-check.js';
import type { RouteMatch } from './api-routes.js';
import { matchApiRoute } from './api-routes.js';
import { matchDataSchemaRoute } from './dataschema/data-schema-routes.js';
import type { DataSchemaService } from './dataschema/data-schema-service.js';
import { permissionRefusal } from './dataschema/data-schema-service.js';
import type { ErrorSpec } from './error-body.js';
import { CODES, errorBody } from './error-body.js';
import type { FaultDecision, FaultInjector, FaultStatus } from './fault-injector.js';
import type { Headers } from './http-io.js';
import { headerValue, readBody, send } from './http-io.js';
import { issueToken } from './oauth-endpoint.js';
import type { EmulatorClient, RequestLogEntry } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestRecorder } from './request-recorder.js';
import type { ApiResult, EndpointContext } from './schema-endpoints.js';
import {
  createSchema,
  deleteSchema,
  externalIdFromPath,
  getLimits,
  getSchema,
  getVersion,
  listSchemas,
  listSystemObjects,
  listVersions,
  notFound,
  updateSchema,
} from './schema-endpoints.js';
import type { SchemaStore } from './schema-store.js';
import type { TokenStore } from './token-store.js';

export interface EmulatorRuntime {
  store: SchemaStore;
  /** The DataSchema families (docs/targets.md), served beside the custom objects routes. */
  dataSchemas: DataSchemaService;
  limits: PlatformLimits;
  systemObjects: ReadonlySet<string>;
  systemObjectsJson: readonly string[];
  clients: ReadonlyMap<string, EmulatorClient>;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  recorder: RequestRecorder;
  legacyRateLimitHeaders: boolean;
  admin: AdminControls | undefined;
  /** Where the server listens and the admin token; set once it listens (no request arrives before). */
  adminGuard: AdminGuard | undefined;
  /** Where the server listens, for the Host check of the API and token routes; set once it listens. */
  listening: ListeningHost | undefined;
  /** Makes the store's current state durable (the --data file); undefined when the state lives in memory. */
  persist: (() => Promise<void>) | undefined;
  /** Holds a response for the slow success; resolves early when the client goes away or the emulator stops. */
  hold(res: ServerResponse, ms: number): Promise<void>;
  /** Reports a failure that is not the client's (a failed write of the data file). */
  onInternalError(error: unknown): void;
}

const FAULT_CODES: Record<FaultStatus, { code: string; message: string }> = {
  500: { code: CODES.internal, message: 'The server encountered an unexpected condition (injected fault)' },
  502: { code: 'bad.gateway', message: 'The gateway received an invalid response (injected fault)' },
  503: { code: CODES.serviceFault, message: 'The service is temporarily unavailable (injected fault)' },
  504: { code: 'gateway.timeout', message: 'The gateway timed out (injected fault)' },
};

const UNMATCHED = '(unmatched)';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function bearerToken(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization === undefined || authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ')
    return undefined;
  return authorization.slice(7).trim();
}

function tooManyRequestsSpec(seconds: number): ErrorSpec {
  return {
    status: 429,
    code: CODES.tooManyRequests,
    // Exactly the platform's body (docs/api-contract.md "On every API response"): its wording, and no message
    // parameters.
    message: `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`,
  };
}

export function createRequestHandler(runtime: EmulatorRuntime): (req: IncomingMessage, res: ServerResponse) => void {
  function respond(
    res: ServerResponse,
    method: string,
    path: string,
    routeKey: string,
    status: number,
    body: string | undefined,
    headers: Headers,
    fault?: string,
  ): void {
    send(res, status, body, headers);
    const entry: RequestLogEntry = { method, path, status, correlationId: String(headers['ININ-Correlation-Id']) };
    if (fault !== undefined) entry.fault = fault;
    runtime.recorder.record(routeKey, entry);
  }

  function dispatch(
    match: RouteMatch,
    context: EndpointContext,
    query: URLSearchParams | undefined,
    raw: string,
  ): ApiResult {
    if (match.name === 'limits') return getLimits(context);
    if (match.name === 'systemObjects') return listSystemObjects(context, query);
    if (match.name === 'listSchemas') return listSchemas(context, query);
    if (match.name === 'createSchema') return createSchema(context, raw);
    const externalId = externalIdFromPath(match.params[0] ?? '');
    if (externalId === undefined) return notFound(context, 'Schema');
    switch (match.name) {
      case 'getSchema':
        return getSchema(context, externalId);
      case 'updateSchema':
        return updateSchema(context, externalId, raw);
      case 'deleteSchema':
        return deleteSchema(context, externalId);
      case 'listVersions':
        return listVersions(context, externalId, query);
      case 'getVersion':
        return getVersion(context, externalId, match.params[1] ?? '');
    }
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams | undefined,
    headers: Headers,
    correlationId: string,
  ): Promise<void> {
    const errorJson = (spec: ErrorSpec): string => JSON.stringify(errorBody(spec, correlationId));
    const found = matchApiRoute(method, path) ?? matchDataSchemaRoute(method, path);
    if (!found) {
      respond(
        res,
        method,
        path,
        `${method} ${UNMATCHED}`,
        404,
        errorJson({ status: 404, code: CODES.notFound, message: `No resource at ${path}` }),
        headers,
      );
      return;
    }
    const routeKey = 'routeKey' in found ? found.routeKey : `${method} ${found.template}`;
    if (!('name' in found)) {
      headers['Allow'] = found.allowed.join(', ');
      respond(
        res,
        method,
        path,
        routeKey,
        405,
        errorJson({
          status: 405,
          code: CODES.methodNotAllowed,
          message: `${method} is not allowed on ${found.template}; allowed: ${found.allowed.join(', ')}`,
        }),
        headers,
      );
      return;
    }
    const isWrite = method !== 'GET';
    const raw = method === 'POST' || method === 'PUT' ? await readBody(req) : '';
    if (raw === undefined) {
      respond(
        res,
        method,
        path,
        routeKey,
        413,
        errorJson({ status: 413, code: CODES.tooLarge, message: 'The request body is larger than 1 MiB' }),
        headers,
      );
      return;
    }

    const decision: FaultDecision | undefined = runtime.faults.decide();
    if (decision) {
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.reset) {
        req.socket.destroy();
        runtime.recorder.record(routeKey, { method, path, status: 0, correlationId, fault: 'reset' });
        return;
      }
      if (decision.status !== undefined) {
        const { code, message } = FAULT_CODES[decision.status];
        respond(
          res,
          method,
          path,
          routeKey,
          decision.status,
          errorJson({ status: decision.status, code, message }),
          headers,
          'status',
        );
        return;
      }
      if (decision.rateLimit) {
        const seconds = runtime.faults.retryAfterSeconds;
        headers['Retry-After'] = seconds;
        respond(res, method, path, routeKey, 429, errorJson(tooManyRequestsSpec(seconds)), headers, 'rateLimit');
        return;
      }
    }

    const token = bearerToken(req);
    const grant = token !== undefined ? runtime.tokens.lookup(token) : undefined;
    if (token === undefined || grant === undefined) {
      respond(
        res,
        method,
        path,
        routeKey,
        401,
        errorJson({
          status: 401,
          code: CODES.badCredentials,
          message: 'Invalid login credentials: the access token is missing, unknown or expired',
        }),
        headers,
      );
      return;
    }
    const rate = runtime.limiter.take(token);
    if (rate && runtime.legacyRateLimitHeaders) {
      headers['inin-ratelimit-allowed'] = rate.limit;
      headers['inin-ratelimit-count'] = rate.count;
      headers['inin-ratelimit-reset'] = rate.allowed ? rate.resetSeconds : rate.retryAfterSeconds;
    }
    if (rate && !rate.allowed) {
      headers['Retry-After'] = rate.retryAfterSeconds;
      respond(res, method, path, routeKey, 429, errorJson(tooManyRequestsSpec(rate.retryAfterSeconds)), headers);
      return;
    }
    if ('kind' in found) {
      // A DataSchema route: the client's permissions stand where the custom objects scopes do.
      const refusal = permissionRefusal(found, grant.permissions);
      if (refusal) {
        respond(res, method, path, routeKey, 403, errorJson(refusal), headers);
        return;
      }
    } else if (!grant.scopes.has(found.scope)) {
      const scope = found.scope;
      respond(
        res,
        method,
        path,
        routeKey,
        403,
        errorJson({
          status: 403,
          code: CODES.missingScope,
          message: `The token is missing the scope ${scope}`,
          messageWithParams: 'The token is missing the scope {scope}',
          messageParams: { scope },
        }),
        headers,
      );
      return;
    }

    const result =
      'kind' in found
        ? runtime.dataSchemas.dispatch(found, raw, correlationId)
        : dispatch(
            found,
            {
              store: runtime.store,
              limits: runtime.limits,
              systemObjects: runtime.systemObjects,
              systemObjectsJson: runtime.systemObjectsJson,
              correlationId,
            },
            query,
            raw,
          );
    if (result.mutated && runtime.persist) {
      try {
        await runtime.persist();
      } catch (error) {
        runtime.onInternalError(error);
        respond(
          res,
          method,
          path,
          routeKey,
          500,
          errorJson({ status: 500, code: CODES.internal, message: 'The change could not be saved to the data file' }),
          headers,
        );
        return;
      }
    }
    let fault: string | undefined;
    if (decision?.slowSuccess && isWrite && result.status < 300) {
      fault = 'slowSuccess';
      await runtime.hold(res, runtime.faults.slowSuccessMs);
    }
    respond(res, method, path, routeKey, result.status, result.body, headers, fault);
  }

  async function handleToken(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    headers: Headers,
  ): Promise<void> {
    const routeKey = `${method} /oauth/token`;
    headers['Cache-Control'] = 'no-store';
    if (method !== 'POST') {
      headers['Allow'] = 'POST';
      respond(
        res,
        method,
        path,
        routeKey,
        405,
        JSON.stringify({ error: 'invalid_request', description: 'use POST' }),
        headers,
      );
      return;
    }
    const raw = await readBody(req);
    if (raw === undefined) {
      respond(
        res,
        method,
        path,
        routeKey,
        413,
        JSON.stringify({ error: 'invalid_request', description: 'the request body is too large' }),
        headers,
      );
      return;
    }
    const result = issueToken(runtime.clients, runtime.tokens, req.headers.authorization, raw);
    respond(res, method, path, routeKey, result.status, result.body, headers);
  }

  async function handleAdminRoute(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    headers: Headers,
  ): Promise<void> {
    if (!runtime.admin) {
      send(
        res,
        404,
        JSON.stringify({
          message: 'the admin routes are off; start the emulator with --admin (admin: true)',
          code: 'not.found',
          status: 404,
        }),
        headers,
      );
      return;
    }
    const refusal =
      runtime.adminGuard === undefined
        ? { status: 403, code: 'forbidden', message: 'the emulator is not listening yet' }
        : adminRefusal(runtime.adminGuard, req.headers.host, req.headers.origin, req.headers.authorization);
    if (refusal !== undefined) {
      send(
        res,
        refusal.status,
        JSON.stringify({ message: refusal.message, code: refusal.code, status: refusal.status }),
        headers,
      );
      return;
    }
    const raw = method === 'PUT' || method === 'POST' ? await readBody(req) : '';
    // A body over the limit is refused, never read as empty: an empty PUT /faults would clear every fault.
    if (raw === undefined) {
      send(
        res,
        413,
        JSON.stringify({ message: 'The request body is larger than 1 MiB', code: CODES.tooLarge, status: 413 }),
        headers,
      );
      return;
    }
    const result = handleAdmin(runtime.admin, method, path, raw);
    send(res, result.status, result.body, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path = q < 0 ? url : url.slice(0, q);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const query = q < 0 ? undefined : new URLSearchParams(url.slice(q + 1));
    const correlationId = headerValue(req, 'inin-correlation-id') || randomUUID();
    const headers: Headers = { 'ININ-Correlation-Id': correlationId };
    if (path.startsWith(ADMIN_PREFIX)) return handleAdminRoute(req, res, method, path, headers);
    // Before anything else is read or counted: a request for another host name is no request to this emulator.
    if (runtime.listening === undefined || !hostNamesEmulator(runtime.listening, req.headers.host)) {
      const body = errorBody(
        {
          status: 403,
          code: CODES.forbidden,
          message:
            'the emulator answers only requests whose Host header names it (localhost or its address): a web page of another domain may not drive it',
        },
        correlationId,
      );
      send(res, 403, JSON.stringify(body), headers);
      return;
    }
    if (path === '/oauth/token') return handleToken(req, res, method, path, headers);
    return handleApi(req, res, method, path, query, headers, correlationId);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      runtime.onInternalError(error);
      if (!res.headersSent) {
        // The last resort still answers with the platform's ErrorBody and a correlation id (docs/api-contract.md).
        const contextId = headerValue(req, 'inin-correlation-id') || randomUUID();
        const body = {
          message: 'internal error',
          code: CODES.internal,
          status: 500,
          contextId,
          details: [],
          errors: [],
        };
        send(res, 500, JSON.stringify(body), { 'ININ-Correlation-Id': contextId });
      } else res.destroy();
    });
  };
}
