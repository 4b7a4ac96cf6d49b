/**
 * The transport of a platform family (src/family/): the family says what a schema is on that API (types,
 * lifecycle, version rule, wire body, equality); a Target moves schemas to and from an org over HTTP, in the
 * domain's shape. Every method returns plain data; failures are ApiError.
 */
import type { Family } from '../family/family.js';
import type { PlatformLimits } from '../model/field-types.js';
import type { RemoteSchema, SchemaStatus, SchemaWriteBody } from '../model/schema.js';

export interface ListOptions {
  status?: SchemaStatus;
}

/** Why a read is made, for the run's request counts (docs/metrics.md). */
export interface ReadOptions {
  /** The read learns what an earlier call did (a write whose answer was lost, or a 409): its correlation id. */
  readsBack?: string;
}

/** Options of one create or update. */
export interface WriteOptions {
  /**
   * Abandons the write once aborted: nothing of it is sent from then on, no resend and no read back, and it fails
   * with a `client.request.abandoned` ApiError, its outcome unknown when a send of it had no clear answer
   * (docs/client.md "Abandoning a write"). A send already on its way is not called back.
   */
  signal?: AbortSignal;
  /**
   * Told, before the write returns it, when the schema it returns was learnt by reading back, not from an answer to
   * the write: a send's answer was lost (or a resend after one met a conflict) and the read back found the org
   * holding what the write makes. That may be this write, applied, or an identical write of someone else (two
   * applies of the same files racing): no one can tell which, so the caller should not claim it as its own
   * (docs/deploying.md "Conflicts"). Not told when the write's own answer says it was done.
   */
  onFound?: (stored: RemoteSchema) => void;
}

export interface Target {
  /** A short name for messages and audit entries: the family's name, e.g. `customobjects`. */
  readonly kind: string;
  readonly family: Family;
  /** The current version of every schema, read by paging the list endpoint. */
  list(options?: ListOptions): Promise<RemoteSchema[]>;
  /** The current version, or undefined when there is no such schema (found by the family's identity). */
  get(externalId: string, read?: ReadOptions): Promise<RemoteSchema | undefined>;
  /**
   * POST, making version 1. When the outcome is unknown (timeout, reset), the implementation reads back and
   * returns the stored resource if it equals the body (also when the resend meets "exists"), telling
   * `options.onFound` first. A first send answered "exists" is someone else's create: it is thrown, for the caller
   * to read back and record as such.
   */
  create(body: SchemaWriteBody, options?: WriteOptions): Promise<RemoteSchema>;
  /** PUT the version `body.version` names as the one the write makes; same read-back rule as create. */
  update(body: SchemaWriteBody, options?: WriteOptions): Promise<RemoteSchema>;
  delete(externalId: string): Promise<void>;
  /** Every version, oldest first. */
  versions(externalId: string, read?: ReadOptions): Promise<RemoteSchema[]>;
  version(externalId: string, version: number, read?: ReadOptions): Promise<RemoteSchema | undefined>;
  limits(): Promise<PlatformLimits>;
  systemObjects(): Promise<string[]>;
}
