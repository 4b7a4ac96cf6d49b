/**
 * The flags of `cxschema emulator`, turned into EmulatorOptions. Kept here (not in src/cli/) because it is the
 * emulator's vocabulary; the command module only declares the flags and prints.
 */
import { UsageError } from '../model/errors.js';
import type { LimitCount, PlatformLimits } from '../model/field-types.js';
import { EMULATOR_DEFAULT_LIMITS } from './contract-facts.js';
import { parseFaultSpec } from './fault-spec-text.js';
import type { FamilyName } from './dataschema/families.js';
import { FAMILY_NAMES } from './dataschema/families.js';
import type { DataSchemaLimitOverrides, SchemaQuantityLimits } from './dataschema/quantity-limits.js';
import { LIMIT_KEYS } from './dataschema/quantity-limits.js';
import { checkAdminExposure } from './admin-guard.js';
import { loadClientsFile } from './oauth-clients.js';
import { isPermission } from './permissions.js';
import type { EmulatorOptions } from './options.js';

export interface EmulatorFlags {
  port?: string;
  host?: string;
  data?: string;
  clients?: string;
  rateLimit?: string;
  faults?: string;
  seed?: string;
  tokenLifetime?: string;
  limits?: string;
  /** Permissions of the default clients, comma-separated. */
  permissions?: string;
  systemObjects?: string;
  admin?: boolean;
  adminToken?: string;
  legacyRateLimitHeaders?: boolean;
}

export const DEFAULT_CLI_PORT = 8787;

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

/** `300`, `300/min`, `0` or `off`. */
export function parseRateLimit(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off') return 0;
  const match = /^(\d+)\s*(\/\s*min)?$/.exec(trimmed);
  if (!match?.[1])
    throw new UsageError(`--rate-limit must be N/min (requests per minute per token) or off, not "${text}"`, {
      hint: 'e.g. --rate-limit 300/min, or --rate-limit 0 for no limit',
    });
  return Number(match[1]);
}

/** `maxFieldsPerSchema=20,maxNestingDepth=2`. */
export function parseLimits(text: string): Partial<PlatformLimits> {
  const limits: Partial<PlatformLimits> = {};
  const known = Object.keys(EMULATOR_DEFAULT_LIMITS);
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (!known.includes(key))
      throw new UsageError(`--limits: unknown limit "${key}"`, { hint: `known limits: ${known.join(', ')}` });
    limits[key as LimitCount] = wholeNumber(`--limits ${key}`, value, 0);
  }
  return limits;
}

/**
 * `--limits` with DataSchema keys too: `workitems.maxNumberOfFieldsPerSchema=5` goes to that family's /limits;
 * unprefixed keys are the custom objects' (parseLimits).
 */
export function parseAllLimits(text: string): {
  limits?: Partial<PlatformLimits>;
  dataSchemaLimits?: DataSchemaLimitOverrides;
} {
  const plain: string[] = [];
  const dataSchemaLimits: DataSchemaLimitOverrides = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    const dot = key.indexOf('.');
    if (dot < 0) {
      plain.push(part);
      continue;
    }
    const family = key.slice(0, dot);
    const limit = key.slice(dot + 1);
    if (!(FAMILY_NAMES as readonly string[]).includes(family))
      throw new UsageError(`--limits: unknown family "${family}" in "${key}"`, {
        hint: `families: ${FAMILY_NAMES.join(', ')}`,
      });
    if (!(LIMIT_KEYS as readonly string[]).includes(limit))
      throw new UsageError(`--limits: unknown limit "${limit}" in "${key}"`, {
        hint: `known DataSchema limits: ${LIMIT_KEYS.join(', ')}`,
      });
    const overrides = (dataSchemaLimits[family as FamilyName] ??= {});
    overrides[limit as keyof SchemaQuantityLimits] = wholeNumber(`--limits ${key}`, value, 0);
  }
  return {
    ...(plain.length > 0 ? { limits: parseLimits(plain.join(',')) } : {}),
    ...(Object.keys(dataSchemaLimits).length > 0 ? { dataSchemaLimits } : {}),
  };
}

/** `--permissions a:b:c,d:e:*` for the default clients. */
export function parsePermissions(text: string): string[] {
  const permissions = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = permissions.find((p) => !isPermission(p));
  if (bad !== undefined || permissions.length === 0) {
    throw new UsageError(
      `--permissions must list permissions such as workitems:workitemSchema:view, not "${bad ?? text}"`,
      { hint: 'domain:entity:action, with * allowed in a segment; * alone grants everything' },
    );
  }
  return permissions;
}

/**
 * `--host`: an empty value (`--host "$HOST"` with HOST unset) would have Node listen on every interface, the API
 * open to the network by accident rather than by choice: refused, the way to ask for that named.
 */
function hostFlag(host: string): string {
  if (host.trim() === '')
    throw new UsageError('--host is empty', {
      hint: 'leave it out for 127.0.0.1, or name the address, e.g. --host 0.0.0.0 to listen on every interface',
    });
  return host;
}

export async function emulatorOptionsFromFlags(flags: EmulatorFlags): Promise<EmulatorOptions> {
  const options: EmulatorOptions = {
    port: flags.port !== undefined ? wholeNumber('--port', flags.port, 0, 65535) : DEFAULT_CLI_PORT,
    host: flags.host === undefined ? '127.0.0.1' : hostFlag(flags.host),
  };
  if (flags.data !== undefined) options.dataPath = flags.data;
  if (flags.clients !== undefined) options.clients = await loadClientsFile(flags.clients);
  if (flags.rateLimit !== undefined) options.rateLimitPerMinute = parseRateLimit(flags.rateLimit);
  if (flags.faults !== undefined) options.faults = parseFaultSpec(flags.faults);
  if (flags.seed !== undefined) options.seed = wholeNumber('--seed', flags.seed, 0, 2 ** 32 - 1);
  if (flags.tokenLifetime !== undefined)
    options.tokenLifetimeSeconds = wholeNumber('--token-lifetime', flags.tokenLifetime, 1);
  if (flags.limits !== undefined) Object.assign(options, parseAllLimits(flags.limits));
  if (flags.permissions !== undefined) {
    if (flags.clients !== undefined)
      throw new UsageError(
        '--permissions sets the default clients\' permissions; with --clients, give each client its "permissions" or "roles" in the file',
      );
    options.defaultPermissions = parsePermissions(flags.permissions);
  }
  if (flags.systemObjects !== undefined)
    options.systemObjects = flags.systemObjects
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (flags.admin === true) options.admin = true;
  if (flags.adminToken !== undefined) options.adminToken = flags.adminToken;
  // Before binding: admin routes open to the network without a token are refused outright.
  checkAdminExposure(options.host ?? '127.0.0.1', options.admin === true, options.adminToken);
  if (flags.legacyRateLimitHeaders === true) options.legacyRateLimitHeaders = true;
  return options;
}
