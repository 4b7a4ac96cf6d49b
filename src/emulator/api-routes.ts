/**
 * The routes of the API contract's endpoint table: which template a path matches, what it needs (scope), and which
 * methods it allows. Templates name the counters (`GET /api/v2/customobjects/schemas/{externalId}`).
 * Every request is matched, so the table is built once: a path is cut into its segments after the prefix, the
 * segment count and first segment pick the template, and the method picks a route object made at start-up (with
 * its counter key), so a match builds no strings.
 */
import type { EmulatorScope } from './options.js';

export type RouteName =
  | 'listSchemas'
  | 'createSchema'
  | 'getSchema'
  | 'updateSchema'
  | 'deleteSchema'
  | 'listVersions'
  | 'getVersion'
  | 'limits'
  | 'systemObjects';

export interface RouteMatch {
  name: RouteName;
  template: string;
  /** `METHOD template`: the key the request counters use. */
  routeKey: string;
  scope: EmulatorScope;
  /** Raw (still percent-encoded) path parameters, in template order. */
  params: readonly string[];
}

export interface MethodNotAllowed {
  template: string;
  allowed: string[];
}

const PREFIX = '/api/v2/customobjects/';
const READ: EmulatorScope = 'customobjects:schema:read';
const WRITE: EmulatorScope = 'customobjects:schema:write';

interface Route {
  readonly name: RouteName;
  readonly template: string;
  readonly routeKey: string;
  readonly scope: EmulatorScope;
}

interface PathRoutes {
  readonly byMethod: ReadonlyMap<string, Route>;
  readonly notAllowed: MethodNotAllowed;
}

function pathRoutes(template: string, methods: Record<string, { name: RouteName; scope: EmulatorScope }>): PathRoutes {
  const byMethod = new Map<string, Route>();
  for (const [method, { name, scope }] of Object.entries(methods))
    byMethod.set(method, { name, template, routeKey: `${method} ${template}`, scope });
  return { byMethod, notAllowed: { template, allowed: Object.keys(methods) } };
}

const SCHEMAS = pathRoutes(`${PREFIX}schemas`, {
  GET: { name: 'listSchemas', scope: READ },
  POST: { name: 'createSchema', scope: WRITE },
});
const SCHEMA = pathRoutes(`${PREFIX}schemas/{externalId}`, {
  GET: { name: 'getSchema', scope: READ },
  PUT: { name: 'updateSchema', scope: WRITE },
  DELETE: { name: 'deleteSchema', scope: WRITE },
});
const VERSIONS = pathRoutes(`${PREFIX}schemas/{externalId}/versions`, { GET: { name: 'listVersions', scope: READ } });
const VERSION = pathRoutes(`${PREFIX}schemas/{externalId}/versions/{version}`, {
  GET: { name: 'getVersion', scope: READ },
});
const LIMITS = pathRoutes(`${PREFIX}limits`, { GET: { name: 'limits', scope: READ } });
const SYSTEM_OBJECTS = pathRoutes(`${PREFIX}systemobjects`, { GET: { name: 'systemObjects', scope: READ } });

const NO_PARAMS: readonly string[] = Object.freeze([]);

interface FoundRoutes {
  readonly routes: PathRoutes;
  readonly params: readonly string[];
}

/** The paths without parameters, found as they are: no string is cut and nothing is built for them. */
const SCHEMAS_PATH = `${PREFIX}schemas`;
const LIMITS_PATH = `${PREFIX}limits`;
const SYSTEM_OBJECTS_PATH = `${PREFIX}systemobjects`;
const FOUND_SCHEMAS: FoundRoutes = { routes: SCHEMAS, params: NO_PARAMS };
const FOUND_LIMITS: FoundRoutes = { routes: LIMITS, params: NO_PARAMS };
const FOUND_SYSTEM_OBJECTS: FoundRoutes = { routes: SYSTEM_OBJECTS, params: NO_PARAMS };

function routesOf(path: string): FoundRoutes | undefined {
  if (path === SCHEMAS_PATH) return FOUND_SCHEMAS;
  if (path === LIMITS_PATH) return FOUND_LIMITS;
  if (path === SYSTEM_OBJECTS_PATH) return FOUND_SYSTEM_OBJECTS;
  if (!path.startsWith(PREFIX)) return undefined;
  const parts = path.slice(PREFIX.length).split('/');
  // Indexed rather than destructured: destructuring an array goes through its iterator.
  const first = parts[0];
  const id = parts[1];
  if (parts.length === 1 || first !== 'schemas' || id === undefined || id === '') return undefined;
  if (parts.length === 2) return { routes: SCHEMA, params: [id] };
  if (parts[2] !== 'versions') return undefined;
  if (parts.length === 3) return { routes: VERSIONS, params: [id] };
  const version = parts[3];
  if (parts.length === 4 && version !== undefined && version !== '') return { routes: VERSION, params: [id, version] };
  return undefined;
}

/** A match, a path that exists without this method, or undefined for a path that is not served. */
export function matchApiRoute(method: string, path: string): RouteMatch | MethodNotAllowed | undefined {
  const found = routesOf(path);
  if (!found) return undefined;
  const route = found.routes.byMethod.get(method);
  if (!route) return { template: found.routes.notAllowed.template, allowed: [...found.routes.notAllowed.allowed] };
  return {
    name: route.name,
    template: route.template,
    routeKey: route.routeKey,
    scope: route.scope,
    params: found.params,
  };
}
