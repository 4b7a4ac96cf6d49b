/**
 * The DataSchema families as one piece the request handler hooks in: it routes a request to the family's
 * endpoint, and says whether a token's permissions allow it. The handler keeps the order of checks (route, body
 * size, faults, authentication, rate limit, then this permission check in the place of the custom objects scopes).
 */
import type { ErrorSpec } from '../error-body.js';
import { grants } from '../permissions.js';
import type { ApiResult } from '../schema-endpoints.js';
import type { DataSchemaContext } from './data-schema-endpoints.js';
import {
  createDataSchema,
  deleteDataSchema,
  getCoretype,
  getDataSchema,
  getDataSchemaVersion,
  getQuantityLimits,
  listCoretypes,
  listDataSchemas,
  listDataSchemaVersions,
  updateDataSchema,
} from './data-schema-endpoints.js';
import type { DataSchemaRouteMatch } from './data-schema-routes.js';
import type { DataSchemaStore } from './data-schema-store.js';
import type { DataSchemaLimits } from './quantity-limits.js';

export const MISSING_PERMISSION = 'missing.any.permissions';

/** The platform's refusal of a token whose roles lack the route's permission. */
export function permissionRefusal(match: DataSchemaRouteMatch, granted: readonly string[]): ErrorSpec | undefined {
  if (grants(granted, match.permission)) return undefined;
  const prefix =
    'Unable to perform the requested action. You must have at least one of the following permissions assigned:';
  return {
    status: 403,
    code: MISSING_PERMISSION,
    message: `${prefix} [${match.permission}]`,
    messageWithParams: `${prefix} [{permissions}]`,
    messageParams: { permissions: match.permission },
  };
}

/** A path parameter decoded, or undefined when it cannot be (such an id names no schema). */
function decoded(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export class DataSchemaService {
  constructor(
    readonly store: DataSchemaStore,
    readonly limits: DataSchemaLimits,
    private readonly coretypesDate: string,
  ) {}

  dispatch(match: DataSchemaRouteMatch, raw: string, correlationId: string): ApiResult {
    const context: DataSchemaContext = {
      family: match.family,
      store: this.store,
      limits: this.limits,
      correlationId,
      coretypesDate: this.coretypesDate,
    };
    const first = decoded(match.params[0]) ?? '\u0000';
    switch (match.name) {
      case 'list':
        return listDataSchemas(context);
      case 'create':
        return createDataSchema(context, raw);
      case 'get':
        return getDataSchema(context, first);
      case 'update':
        return updateDataSchema(context, first, raw);
      case 'delete':
        return deleteDataSchema(context, first);
      case 'versions':
        return listDataSchemaVersions(context, first);
      case 'version':
        return getDataSchemaVersion(context, first, decoded(match.params[1]) ?? '');
      case 'coretypes':
        return listCoretypes(context);
      case 'coretype':
        return getCoretype(context, first);
      case 'limits':
        return getQuantityLimits(context);
    }
  }
}
