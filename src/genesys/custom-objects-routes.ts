/**
 * The custom objects API's routes (docs/api-contract.md "Endpoints"), as templates: metrics label requests with these.
 */
export const SCHEMAS_ROUTE = '/api/v2/customobjects/schemas';
export const SCHEMA_ROUTE = '/api/v2/customobjects/schemas/{externalId}';
export const VERSIONS_ROUTE = '/api/v2/customobjects/schemas/{externalId}/versions';
export const VERSION_ROUTE = '/api/v2/customobjects/schemas/{externalId}/versions/{version}';
export const LIMITS_ROUTE = '/api/v2/customobjects/limits';
export const SYSTEM_OBJECTS_ROUTE = '/api/v2/customobjects/systemobjects';
