/**
 * The seam between cxschema and a versioned schema API (docs/architecture.md). The custom objects API is the first
 * implementation; external contacts and workitems schemas come later behind the same interface.
 * Every method returns plain data; failures are ApiError.
 */
import type { PlatformLimits } from '../model/field-types.js';
import type { RemoteSchema, SchemaStatus, SchemaWriteBody } from '../model/schema.js';

export interface ListOptions {
  status?: SchemaStatus;
}

export interface Target {
  /** A short name for messages and audit entries, e.g. `customobjects`. */
  readonly kind: string;
  /** The current version of every schema, read by paging the list endpoint. */
  list(options?: ListOptions): Promise<RemoteSchema[]>;
  /** The current version, or undefined when there is no such schema. */
  get(externalId: string): Promise<RemoteSchema | undefined>;
  /**
   * POST as version 1. When the outcome is unknown (timeout, reset), or the platform says the schema exists,
   * the implementation reads back and returns the stored resource if it equals the body.
   */
  create(body: SchemaWriteBody): Promise<RemoteSchema>;
  /** PUT version current + 1; same read-back rule as create. */
  update(body: SchemaWriteBody): Promise<RemoteSchema>;
  delete(externalId: string): Promise<void>;
  /** Every version, oldest first. */
  versions(externalId: string): Promise<RemoteSchema[]>;
  version(externalId: string, version: number): Promise<RemoteSchema | undefined>;
  limits(): Promise<PlatformLimits>;
  systemObjects(): Promise<string[]>;
}
