/** The Genesys Cloud client's public surface. */
export type { ListOptions, Target, WriteOptions } from './target.js';
export { createCustomObjectsTarget, type CustomObjectsTarget } from './custom-objects-target.js';
export type { ClientStats } from './client-stats.js';
export { createTarget, type HttpTarget } from './create-target.js';
export { createDataSchemaTarget, dataSchemaRoutes } from './data-schema-target.js';
export {
  credentialsFromEnv,
  resolveEndpoints,
  isLoopbackHost,
  CREDENTIAL_VARIABLES,
  DEFAULT_CREDENTIAL_VARIABLES,
  type CredentialVariables,
  type Credentials,
  type Endpoints,
} from './client-config.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_OPERATION_DEADLINE_MS,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ClientOptions,
} from './client-options.js';
export type { TransportHooks, ResponseEvent, RetryEvent, ThrottleEvent, RetryReason } from './transport-hooks.js';
export {
  ApiError,
  ABANDONED_ERROR_CODE,
  NETWORK_ERROR_CODE,
  TIMEOUT_ERROR_CODE,
  REQUIRED_SCOPES,
} from './api-error.js';
export type { Problem } from './error-body.js';
export type { ApiRequest, ApiResponse, HttpMethod, Layer, RetrySummary, Send } from './api-request.js';
export type { FetchLike, FetchLikeInit, FetchLikeResponse, ResponseHeaders } from './node-http-fetch.js';
// The custom objects family's content equality, under the name the client has always exported it.
export {
  sameSchemaContent,
  normalizeSchema,
  type ComparableSchema,
} from '../family/custom-objects/content-equality.js';
export {
  SCHEMAS_ROUTE,
  SCHEMA_ROUTE,
  VERSIONS_ROUTE,
  VERSION_ROUTE,
  LIMITS_ROUTE,
  SYSTEM_OBJECTS_ROUTE,
} from './custom-objects-target.js';
export { redactSecrets, createSecretRedactor, REDACTED, type SecretRedactor } from './secret-redactor.js';
