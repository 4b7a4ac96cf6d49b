/**
 * The routes of the API contract's endpoint table: which template a path matches, what it needs (scope), and which
 * methods it allows. Templates name the counters (`GET /api/v2/customobjects/schemas/{externalId}`).
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
  scope: EmulatorScope;
  /** Raw (still percent-encoded) path parameters, in template order. */
  params: string[];
}

export interface MethodNotAllowed {
  template: string;
  allowed: string[];
}

const PREFIX = '/api/v2/customobjects/';
const READ: EmulatorScope = 'customobjects:schema:read';
const WRITE: EmulatorScope = 'customobjects:schema:write';

const TABLE: Record<string, Record<string, { name: RouteName; scope: EmulatorScope }>> = {
  '/api/v2/customobjects/schemas': {
    GET: { name: 'listSchemas', scope: READ },
    POST: { name: 'createSchema', scope: WRITE },
  },
  '/api/v2/customobjects/schemas/{externalId}': {
    GET: { name: 'getSchema', scope: READ },
    PUT: { name: 'updateSchema', scope: WRITE },
    DELETE: { name: 'deleteSchema', scope: WRITE },
  },
  '/api/v2/customobjects/schemas/{externalId}/versions': { GET: { name: 'listVersions', scope: READ } },
  '/api/v2/customobjects/schemas/{externalId}/versions/{version}': { GET: { name: 'getVersion', scope: READ } },
  '/api/v2/customobjects/limits': { GET: { name: 'limits', scope: READ } },
  '/api/v2/customobjects/systemobjects': { GET: { name: 'systemObjects', scope: READ } },
};

function templateOf(path: string): { template: string; params: string[] } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const parts = path.slice(PREFIX.length).split('/');
  const [first, id, versions, version] = parts;
  if (parts.length === 1 && (first === 'schemas' || first === 'limits' || first === 'systemobjects'))
    return { template: PREFIX + first, params: [] };
  if (first !== 'schemas' || id === undefined || id === '') return undefined;
  if (parts.length === 2) return { template: `${PREFIX}schemas/{externalId}`, params: [id] };
  if (versions !== 'versions') return undefined;
  if (parts.length === 3) return { template: `${PREFIX}schemas/{externalId}/versions`, params: [id] };
  if (parts.length === 4 && version !== undefined && version !== '')
    return { template: `${PREFIX}schemas/{externalId}/versions/{version}`, params: [id, version] };
  return undefined;
}

/** A match, a path that exists without this method, or undefined for a path that is not served. */
export function matchApiRoute(method: string, path: string): RouteMatch | MethodNotAllowed | undefined {
  const found = templateOf(path);
  if (!found) return undefined;
  const methods = TABLE[found.template] ?? {};
  const route = methods[method];
  if (!route) return { template: found.template, allowed: Object.keys(methods) };
  return { ...route, template: found.template, params: found.params };
}

export function isRouteMatch(value: RouteMatch | MethodNotAllowed): value is RouteMatch {
  return (value as RouteMatch).name !== undefined;
}
