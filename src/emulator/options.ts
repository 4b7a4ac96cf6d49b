/**
 * The emulator's public surface: what `startEmulator` takes and returns. Tests of every other module start it
 * on port 0 through this interface, so it changes only by addition.
 */
import type { PlatformLimits } from '../model/field-types.js';
import type { RemoteSchema } from '../model/schema.js';
import type { DataSchemaLimitOverrides } from './dataschema/quantity-limits.js';
import type { FamilyName } from './dataschema/families.js';

export type EmulatorScope = 'customobjects:schema:read' | 'customobjects:schema:write';

export interface EmulatorClient {
  id: string;
  secret: string;
  scopes: EmulatorScope[];
  /**
   * Permissions the client's tokens act with on the DataSchema routes (docs/targets.md "Permissions"), e.g.
   * `workitems:workitemSchema:view`, `*` allowed in a segment. With neither these nor `roles`: every permission.
   */
  permissions?: string[];
  /** Names of roles (EmulatorOptions.roles, or the clients file's "roles") whose permissions the client has. */
  roles?: string[];
}

/** Probabilities are 0..1 per request; reproducible with EmulatorOptions.seed. */
export interface FaultSpec {
  /** Probability of each of 500, 502, 503, 504 (e.g. `{ 503: 0.1 }`). */
  status?: Partial<Record<500 | 502 | 503 | 504, number>>;
  /** Probability of a 429 before the real limit is reached. */
  rateLimit?: number;
  /** Seconds in the Retry-After of injected 429s (default 1). */
  retryAfterSeconds?: number;
  /** Probability of a connection reset (the socket is destroyed without a response). */
  reset?: number;
  /** Added latency: fixed milliseconds, or uniformly random up to `max`. */
  latency?: number | { max: number };
  /** Probability that a write is applied and its response is then held for `slowSuccessMs`. */
  slowSuccess?: number;
  /** How long a slow success is held (default 30000). */
  slowSuccessMs?: number;
}

export interface EmulatorOptions {
  /** 0 (default in the library) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A JSON file that keeps the state across restarts, written atomically; in memory when absent. */
  dataPath?: string;
  /**
   * With `dataPath`: start from the state the file holds, read once without taking its lock (another emulator
   * may hold it: a reader sees one whole state), and never write it; changes stay in memory. `diff` reads so.
   */
  dataReadOnly?: boolean;
  /** OAuth clients; when absent, a demo client (and the GENESYS_OAUTH_* pair when set) is accepted. */
  clients?: EmulatorClient[];
  /** Requests per minute per token; 0 turns the limit off. Default 300. */
  rateLimitPerMinute?: number;
  /** Send the legacy inin-ratelimit-allowed/count/reset headers (the platform no longer does). */
  legacyRateLimitHeaders?: boolean;
  faults?: FaultSpec;
  /** Seed of the fault generator. */
  seed?: number;
  /** Lifetime of issued tokens (default 86400). */
  tokenLifetimeSeconds?: number;
  limits?: Partial<PlatformLimits>;
  /** Per DataSchema family, changes to the /limits it serves and enforces (docs/targets.md "Limits"). */
  dataSchemaLimits?: DataSchemaLimitOverrides;
  /** Role name -> permissions, for clients that name roles. */
  roles?: Record<string, string[]>;
  /** Permissions of the default clients (the demo client and the GENESYS_OAUTH_* pair); every one when absent. */
  defaultPermissions?: string[];
  systemObjects?: string[];
  /** Serve the admin routes under /__emulator/ (off by default). */
  admin?: boolean;
  /**
   * With `admin`: the admin routes then need `Authorization: Bearer <adminToken>` (at least 16 characters).
   * Required when `host` is not loopback.
   */
  adminToken?: string;
  /** Clock, injectable so tests can expire tokens and reset rate windows without waiting. */
  now?: () => number;
  /**
   * Told about failures that are not the client's (a data file that could not be written, a bug); the request
   * gets a 500 either way, or, when its answer was made and could not be written, its connection is cut off. The
   * library never prints: the CLI passes a function that does.
   */
  onError?: (error: unknown) => void;
  /**
   * With `dataPath`: wait for another process that holds the data file to stop (then read the state it left),
   * calling this once when the wait starts. Without it, a data file in use is an error naming its holder.
   */
  onDataLockWait?: (holder: { pid: number; host: string }) => void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  correlationId: string;
  /** Set for injected faults: 'status', 'rateLimit', 'reset', 'slowSuccess'. */
  fault?: string;
}

export interface EmulatorCounters {
  /**
   * `${METHOD} ${route}` -> status -> count; route uses templates, e.g. `/api/v2/customobjects/schemas/{externalId}`.
   */
  byRoute: Record<string, Record<string, number>>;
  total: number;
}

/** A running emulator: where it listens, and what tests and the admin routes may see and change. */
export interface EmulatorHandle {
  /** Base URL, e.g. http://127.0.0.1:54321 (usable as GENESYS_OAUTH_DOMAIN). */
  url: string;
  /** The client accepted when none were configured. */
  demoClient: EmulatorClient;
  stop(): Promise<void>;
  setFaults(faults: FaultSpec): void;
  /** Sends at once the answers a slow success is holding (faults `slowSuccess`); returns how many. */
  releaseHeldAnswers(): number;
  setRateLimit(perMinute: number): void;
  counters(): EmulatorCounters;
  requestLog(): RequestLogEntry[];
  resetCounters(): void;
  /** Make every issued token expired. */
  expireTokens(): void;
  /** Current version of every schema, and the versions of one. */
  schemas(): RemoteSchema[];
  versions(externalId: string): RemoteSchema[];
  /** The current version of every DataSchema of a family as served (soft-deleted workitem schemas included). */
  dataSchemas(family: FamilyName): Array<Record<string, unknown>>;
  /** The port it listens on. */
  port: number;
  /** The faults in force. */
  faults(): FaultSpec;
  /** The rate limit in force (requests per minute per token, 0 for none). */
  rateLimit(): number;
  /** Erase every schema (and its data file content). */
  clearSchemas(): Promise<void>;
  /** The access tokens it has issued and still holds. */
  issuedTokens(): string[];
  /** The pid of a process that had died holding the data file's lock, which this emulator took over. */
  dataLockTakenOverFrom?: number;
}
