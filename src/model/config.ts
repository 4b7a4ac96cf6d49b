/**
 * `cxschema.config.yaml`: found by walking up from the working directory, or named with --config.
 * Unknown keys are errors (the loader checks against this shape's JSON Schema).
 */
import type { CompatibilityMode, FamilyName } from './schema.js';
import type { PlatformLimits } from './field-types.js';

export type RuleSetting = 'error' | 'warning' | 'off';

export interface CompatibilityIgnore {
  /** A compatibility rule id, e.g. FIELD_REMOVED. */
  rule: string;
  /** Limit the ignore to one schema (externalId); all schemas when absent. */
  schema?: string;
  /** Limit the ignore to one field path (e.g. `address.street`). */
  field?: string;
  /** Why this break is accepted: required, so that every exception explains itself. */
  reason: string;
}

export interface PortalConfig {
  url: string;
  /** Name of the environment variable that holds the HMAC secret (never the secret itself). */
  secretEnv?: string;
  /** Per attempt, from 1 to MAX_PORTAL_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * The longest a portal attempt may wait, 5 minutes: the API client's own deadline for one call (docs/client.md).
 * A portal slower than that is down; apply waits for its last event before it ends (three attempts, 15 minutes at
 * most). Node's timers hold at most 2^31 - 1 ms and fire after 1 ms beyond that, so a larger value would abort
 * every attempt at once.
 */
export const MAX_PORTAL_TIMEOUT_MS = 300_000;

export interface AuditConfig {
  /** Path of the JSON Lines audit log; `.cxschema/audit.jsonl` when absent. */
  path?: string;
}

/** One org, chosen with `--env NAME`: where it is, which credentials reach it, and what differs there. */
export interface EnvironmentConfig {
  /** The platform family this environment deploys: the project's files of that family (docs/families.md). */
  target?: FamilyName;
  /** GENESYS_OAUTH_DOMAIN for this environment (region domain or base URL). */
  domain?: string;
  /** Name of the variable holding the OAuth client id (default GENESYS_OAUTH_CLIENT_ID). */
  clientIdEnv?: string;
  /** Name of the variable holding the OAuth client secret (default GENESYS_OAUTH_CLIENT_SECRET); never the secret. */
  clientSecretEnv?: string;
  /** The compatibility mode in this org, overriding `compatibility.mode`. */
  compatibility?: { mode: CompatibilityMode };
  /** The portal of this org, replacing `portal`; `false`: no change events from this org. */
  portal?: PortalConfig | false;
  /** The audit log of this org, replacing `audit`. */
  audit?: AuditConfig;
}

export interface CxConfig {
  /**
   * The platform family of the project's schema files (docs/families.md): custom objects when absent. A file
   * may name its own with `target:`. A run deploys the files of one family: this one, or its environment's.
   */
  target?: FamilyName;
  /** Derived by `--env`: the family the environment deploys (its `target`), when it names one. */
  environmentTarget?: FamilyName;
  /** Globs of schema files, relative to the config file's folder. */
  schemas: string[];
  /** The entries of `schemas` that reach outside the config file's folder, read only with --allow-outside. */
  outsideSchemas?: string[];
  /** Per-rule severity overrides (validation rules). */
  rules: Record<string, RuleSetting>;
  /** System object types beyond the platform's defaults. */
  systemObjects: string[];
  /** Overrides of the platform limits used offline. */
  limits: Partial<PlatformLimits>;
  compatibility: {
    mode: CompatibilityMode;
    ignore: CompatibilityIgnore[];
  };
  portal?: PortalConfig;
  audit?: AuditConfig;
  environments?: Record<string, EnvironmentConfig>;
  /** Absolute path of the config file, or undefined when defaults are in use. */
  path?: string;
  /** Absolute folder that relative paths in the config resolve against. */
  root: string;
}

export const DEFAULT_SCHEMA_GLOBS: readonly string[] = ['**/*.schema.yaml', '**/*.schema.yml', '**/*.schema.json'];
