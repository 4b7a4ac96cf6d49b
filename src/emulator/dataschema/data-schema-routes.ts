/**
 * The routes of the three DataSchema families (docs/targets.md "The three families"): which template a path
 * matches, which permission the method needs, and which methods the path allows (organizations have no DELETE).
 * Templates name the counters (`GET /api/v2/taskmanagement/workitems/schemas/{schemaId}`).
 */
import type { MethodNotAllowed } from '../api-routes.js';
import type { DataSchemaMethod, Family } from './families.js';
import { FAMILIES, FAMILY_NAMES } from './families.js';

export type DataSchemaRouteName =
  'list' | 'create' | 'get' | 'update' | 'delete' | 'versions' | 'version' | 'coretypes' | 'coretype' | 'limits';

export interface DataSchemaRouteMatch {
  kind: 'dataSchema';
  family: Family;
  name: DataSchemaRouteName;
  template: string;
  /** The permission the request needs. */
  permission: string;
  /** Raw (still percent-encoded) path parameters, in template order. */
  params: string[];
}

type Shape = 'root' | 'coretypes' | 'coretype' | 'limits' | 'schema' | 'versions' | 'version';

const SUFFIX: Record<Shape, string> = {
  root: '',
  coretypes: '/coretypes',
  coretype: '/coretypes/{coreTypeName}',
  limits: '/limits',
  schema: '/{schemaId}',
  versions: '/{schemaId}/versions',
  version: '/{schemaId}/versions/{versionId}',
};

const METHODS: Record<Shape, Partial<Record<DataSchemaMethod, DataSchemaRouteName>>> = {
  root: { GET: 'list', POST: 'create' },
  coretypes: { GET: 'coretypes' },
  coretype: { GET: 'coretype' },
  limits: { GET: 'limits' },
  schema: { GET: 'get', PUT: 'update', DELETE: 'delete' },
  versions: { GET: 'versions' },
  version: { GET: 'version' },
};

function shapeOf(rest: string): { shape: Shape; params: string[] } | undefined {
  if (rest === '') return { shape: 'root', params: [] };
  if (!rest.startsWith('/')) return undefined;
  const parts = rest.slice(1).split('/');
  if (parts.some((p) => p === '')) return undefined;
  const [first = '', second, third] = parts;
  if (parts.length === 1)
    return first === 'coretypes'
      ? { shape: 'coretypes', params: [] }
      : first === 'limits'
        ? { shape: 'limits', params: [] }
        : { shape: 'schema', params: [first] };
  if (first === 'coretypes')
    return parts.length === 2 && second !== undefined ? { shape: 'coretype', params: [second] } : undefined;
  if (first === 'limits' || second !== 'versions') return undefined;
  if (parts.length === 2) return { shape: 'versions', params: [first] };
  if (parts.length === 3 && third !== undefined) return { shape: 'version', params: [first, third] };
  return undefined;
}

function allowedMethods(family: Family, shape: Shape): DataSchemaMethod[] {
  return (Object.keys(METHODS[shape]) as DataSchemaMethod[]).filter(
    (m) => !(m === 'DELETE' && family.deleteMode === 'none'),
  );
}

/** A match, a path of a family without this method (405), or undefined for a path no family serves. */
export function matchDataSchemaRoute(
  method: string,
  path: string,
): DataSchemaRouteMatch | MethodNotAllowed | undefined {
  for (const name of FAMILY_NAMES) {
    const family = FAMILIES[name];
    if (!path.startsWith(family.basePath)) continue;
    const found = shapeOf(path.slice(family.basePath.length));
    if (!found) return undefined;
    const template = family.basePath + SUFFIX[found.shape];
    const allowed = allowedMethods(family, found.shape);
    const route = allowed.includes(method as DataSchemaMethod)
      ? METHODS[found.shape][method as DataSchemaMethod]
      : undefined;
    if (route === undefined) return { template, allowed };
    return {
      kind: 'dataSchema',
      family,
      name: route,
      template,
      permission: family.permissions[method as DataSchemaMethod],
      params: found.params,
    };
  }
  return undefined;
}
