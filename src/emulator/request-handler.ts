/**
 * One request, from the socket to the response: correlation id, routing, injected faults, authentication, the
 * rate limit, scopes, the endpoint, persistence, and the slow success. The order is documented in
 * docs/api-contract.md ("The order of checks").
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformLimits } from '../model/field-types.js';
import { redactUrlUserParts } from '../model/redaction.js';
import type { AdminControls } from './admin-routes.js';
import { ADMIN_PREFIX, handleAdmin } from './admin-routes.js';
import type { AdminGuard } from './admin-guard.js';
import { adminRefusal } from './admin-guard.js';
import { HostVerdicts, type ListeningHost } from './host-check.js';
import type { RouteMatch } from './api-routes.js';
import { matchApiRoute } from './api-routes.js';
import type { DataSchemaRouteMatch } from './dataschema/data-schema-routes.js';
import { matchDataSchemaRoute } from './dataschema/data-schema-routes.js';
import type { DataSchemaService } from './dataschema/data-schema-service.js';
import { permissionRefusal } from './dataschema/data-schema-service.js';
import type { ErrorSpec } from './error-body.js';
import { CODES, errorBody } from './error-body.js';
import type { FaultDecision, FaultInjector, FaultStatus } from './fault-injector.js';
import type { Headers } from './http-io.js';
import { headerValue, isWaiting, readBody, readBodyThen, send } from './http-io.js';
import { issueToken } from './oauth-endpoint.js';
import type { EmulatorClient } from './options.js';
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

/** One API request on its way through the checks, past routing. */
interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams | undefined;
  readonly headers: Headers;
  readonly correlationId: string;
  readonly found: RouteMatch | DataSchemaRouteMatch;
  readonly routeKey: string;
}

export function createRequestHandler(runtime: EmulatorRuntime): (req: IncomingMessage, res: ServerResponse) => void {
  let hostVerdicts: HostVerdicts | undefined;

  /** Made once: every answer hands it to http-io.ts. */
  const reportInternal = (error: unknown): void => runtime.onInternalError(error);

  /** http-io.ts's send, an answer it cannot write at the end of the turn reported as other internal failures. */
  function reply(res: ServerResponse, status: number, body: string | undefined, headers: Headers): void {
    send(res, status, body, headers, reportInternal);
  }

  /** The Host check (host-check.ts), its verdicts kept per header value for the listening host. */
  function hostNamesThisEmulator(header: string | undefined): boolean {
    const listening = runtime.listening;
    if (listening === undefined) return false;
    if (hostVerdicts?.listening !== listening) hostVerdicts = new HostVerdicts(listening);
    return hostVerdicts.namesEmulator(header);
  }

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
    reply(res, status, body, headers);
    runtime.recorder.record(routeKey, method, path, status, String(headers['ININ-Correlation-Id']), fault);
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

  function errorJson(spec: ErrorSpec, correlationId: string): string {
    return JSON.stringify(errorBody(spec, correlationId));
  }

  function refuse(r: ApiRequest, spec: ErrorSpec, fault?: string): void {
    respond(r.res, r.method, r.path, r.routeKey, spec.status, errorJson(spec, r.correlationId), r.headers, fault);
  }

  /**
   * The steps of an API request are synchronous wherever nothing has to be waited for: only an injected latency, a
   * write of the data file and the slow success are awaited, so a request without them costs no promise. A step
   * returns the promise of what it waits for, if anything; what a step throws or rejects with ends in `failed`,
   * caught by the handler `createRequestHandler` returns, or by the callback that takes the body.
   */
  function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams | undefined,
    headers: Headers,
    correlationId: string,
  ): void | Promise<void> {
    const found = matchApiRoute(method, path) ?? matchDataSchemaRoute(method, path);
    if (!found) {
      respond(
        res,
        method,
        path,
        `${method} ${UNMATCHED}`,
        404,
        // The path as the request log keeps it: without a URL's user part (request-recorder.ts).
        errorJson(
          { status: 404, code: CODES.notFound, message: `No resource at ${redactUrlUserParts(path)}` },
          correlationId,
        ),
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
        errorJson(
          {
            status: 405,
            code: CODES.methodNotAllowed,
            message: `${method} is not allowed on ${found.template}; allowed: ${found.allowed.join(', ')}`,
          },
          correlationId,
        ),
        headers,
      );
      return;
    }
    const r: ApiRequest = { req, res, method, path, query, headers, correlationId, found, routeKey };
    // A GET or DELETE that carries a body is held to the same 1 MiB as a write (docs/api-contract.md "On every API
    // response"): its body is read to be measured, then ignored. One without a body, as every client sends them,
    // costs two header lookups and allocates nothing more.
    if (
      method !== 'POST' &&
      method !== 'PUT' &&
      req.headers['content-length'] === undefined &&
      req.headers['transfer-encoding'] === undefined
    )
      return afterBody(r, '');
    readBodyThen(
      req,
      (raw) => {
        try {
          afterBody(r, raw)?.catch((error: unknown) => failed(req, res, error));
        } catch (error) {
          failed(req, res, error);
        }
      },
      (error) => failed(req, res, error),
    );
  }

  function afterBody(r: ApiRequest, raw: string | undefined): void | Promise<void> {
    if (raw === undefined) {
      refuse(r, { status: 413, code: CODES.tooLarge, message: 'The request body is larger than 1 MiB' });
      return;
    }
    const decision: FaultDecision | undefined = runtime.faults.decide();
    if (decision) return faulted(r, raw, decision);
    return authorized(r, raw, undefined);
  }

  async function faulted(r: ApiRequest, raw: string, decision: FaultDecision): Promise<void> {
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.reset) {
      // Answers already made on this connection (pipelined requests before this one) go out before it closes: node
      // gives a response its socket once every answer ahead of it on the connection is written.
      const socket = r.req.socket;
      if (r.res.socket) socket.destroy();
      else r.res.once('socket', () => socket.destroy());
      runtime.recorder.record(r.routeKey, r.method, r.path, 0, r.correlationId, 'reset');
      return;
    }
    if (decision.status !== undefined) {
      const { code, message } = FAULT_CODES[decision.status];
      refuse(r, { status: decision.status, code, message }, 'status');
      return;
    }
    if (decision.rateLimit) {
      const seconds = runtime.faults.retryAfterSeconds;
      r.headers['Retry-After'] = seconds;
      refuse(r, tooManyRequestsSpec(seconds), 'rateLimit');
      return;
    }
    await authorized(r, raw, decision);
  }

  /** Authentication, the rate limit, the scope, then the endpoint. */
  function authorized(r: ApiRequest, raw: string, decision: FaultDecision | undefined): void | Promise<void> {
    const { req, headers, found } = r;
    const token = bearerToken(req);
    const grant = token !== undefined ? runtime.tokens.lookup(token) : undefined;
    if (token === undefined || grant === undefined) {
      refuse(r, {
        status: 401,
        code: CODES.badCredentials,
        message: 'Invalid login credentials: the access token is missing, unknown or expired',
      });
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
      refuse(r, tooManyRequestsSpec(rate.retryAfterSeconds));
      return;
    }
    if ('kind' in found) {
      // A DataSchema route: the client's permissions stand where the custom objects scopes do.
      const refusal = permissionRefusal(found, grant.permissions);
      if (refusal) {
        refuse(r, refusal);
        return;
      }
    } else if (!grant.scopes.has(found.scope)) {
      const scope = found.scope;
      refuse(r, {
        status: 403,
        code: CODES.missingScope,
        message: `The token is missing the scope ${scope}`,
        messageWithParams: 'The token is missing the scope {scope}',
        messageParams: { scope },
      });
      return;
    }

    const result =
      'kind' in found
        ? runtime.dataSchemas.dispatch(found, raw, r.correlationId)
        : dispatch(
            found,
            {
              store: runtime.store,
              limits: runtime.limits,
              systemObjects: runtime.systemObjects,
              systemObjectsJson: runtime.systemObjectsJson,
              correlationId: r.correlationId,
            },
            r.query,
            raw,
          );
    if (result.mutated && runtime.persist) return persisted(r, result, runtime.persist, decision);
    return answer(r, result, decision);
  }

  async function persisted(
    r: ApiRequest,
    result: ApiResult,
    persist: () => Promise<void>,
    decision: FaultDecision | undefined,
  ): Promise<void> {
    try {
      await persist();
    } catch (error) {
      runtime.onInternalError(error);
      refuse(r, { status: 500, code: CODES.internal, message: 'The change could not be saved to the data file' });
      return;
    }
    await answer(r, result, decision);
  }

  function answer(r: ApiRequest, result: ApiResult, decision: FaultDecision | undefined): void | Promise<void> {
    if (decision?.slowSuccess && r.method !== 'GET' && result.status < 300) return heldAnswer(r, result);
    respond(r.res, r.method, r.path, r.routeKey, result.status, result.body, r.headers);
  }

  async function heldAnswer(r: ApiRequest, result: ApiResult): Promise<void> {
    await runtime.hold(r.res, runtime.faults.slowSuccessMs);
    respond(r.res, r.method, r.path, r.routeKey, result.status, result.body, r.headers, 'slowSuccess');
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
      reply(
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
      reply(
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
      reply(
        res,
        413,
        JSON.stringify({ message: 'The request body is larger than 1 MiB', code: CODES.tooLarge, status: 413 }),
        headers,
      );
      return;
    }
    const result = handleAdmin(runtime.admin, method, path, raw);
    reply(res, result.status, result.body, headers);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
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
    if (!hostNamesThisEmulator(req.headers.host)) {
      const body = errorBody(
        {
          status: 403,
          code: CODES.forbidden,
          message:
            'the emulator answers only requests whose Host header names it (localhost or its address): a web page of another domain may not drive it',
        },
        correlationId,
      );
      reply(res, 403, JSON.stringify(body), headers);
      return;
    }
    if (path === '/oauth/token') return handleToken(req, res, method, path, headers);
    return handleApi(req, res, method, path, query, headers, correlationId);
  }

  /** The last resort still answers with the platform's ErrorBody and a correlation id (docs/api-contract.md). */
  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    // The request's own stream failed: its client went away before sending the whole body (node's `aborted`).
    // That is the client's doing, not the emulator's failure to report, and nobody is left to answer. Asked here,
    // on the way to a 500, so the success path pays nothing for it.
    if (error !== null && error === req.errored) {
      res.destroy();
      return;
    }
    runtime.onInternalError(error);
    if (!res.headersSent) {
      const contextId = headerValue(req, 'inin-correlation-id') || randomUUID();
      const body = {
        message: 'internal error',
        code: CODES.internal,
        status: 500,
        contextId,
        details: [],
        errors: [],
      };
      reply(res, 500, JSON.stringify(body), { 'ININ-Correlation-Id': contextId });
    } else if (!isWaiting(res)) {
      // An answer begun and not finished is cut off; one made whole before the failure waits for the end of the
      // turn (http-io.ts) and is written as it was made.
      res.destroy();
    }
  }

  return (req, res) => {
    try {
      handle(req, res)?.catch((error: unknown) => failed(req, res, error));
    } catch (error) {
      failed(req, res, error);
    }
  };
}
