/**
 * The local platform: an HTTP server that implements the custom objects API of docs/api-contract.md, for tests, for
 * users without an org, and for CI pipelines. Imports only src/model/ and node built-ins (docs/architecture.md).
 */
export {
  startEmulator,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_FAULT_SEED,
} from './server.js';
export type {
  EmulatorOptions,
  EmulatorHandle,
  EmulatorClient,
  EmulatorScope,
  FaultSpec,
  RequestLogEntry,
  EmulatorCounters,
} from './options.js';
export { parseFaultSpec } from './fault-spec-text.js';
export { checkFaultSpec } from './fault-injector.js';
export { loadClientsFile, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, ALL_SCOPES } from './oauth-clients.js';
export type { ErrorBody, ErrorDetail } from './error-body.js';
export { emulatorOptionsFromFlags, parseRateLimit, parseLimits, DEFAULT_CLI_PORT } from './emulator-flags.js';
export type { EmulatorFlags } from './emulator-flags.js';
export { isLoopbackHost } from './oauth-clients.js';
