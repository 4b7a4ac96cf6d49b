/**
 * The flags of `cxschema emulator`, turned into EmulatorOptions. Kept here (not in src/cli/) because it is the
 * emulator's vocabulary; the command module only declares the flags and prints.
 */
import { UsageError } from '../model/errors.js';
import type { PlatformLimits } from '../model/field-types.js';
import { EMULATOR_DEFAULT_LIMITS } from './contract-facts.js';
import { parseFaultSpec } from './fault-spec-text.js';
import { loadClientsFile } from './oauth-clients.js';
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
  systemObjects?: string;
  admin?: boolean;
  legacyRateLimitHeaders?: boolean;
}

export const DEFAULT_CLI_PORT = 8787;

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

/** `300`, `300/min`, `0` or `off`. */
export function parseRateLimit(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off') return 0;
  const match = /^(\d+)\s*(\/\s*min)?$/.exec(trimmed);
  if (!match?.[1]) throw new UsageError(`--rate-limit must be N/min (requests per minute per token) or off, not "${text}"`, { hint: 'e.g. --rate-limit 300/min, or --rate-limit 0 for no limit' });
  return Number(match[1]);
}

/** `maxFieldsPerSchema=20,maxNestingDepth=2`. */
export function parseLimits(text: string): Partial<PlatformLimits> {
  const limits: Partial<PlatformLimits> = {};
  const known = Object.keys(EMULATOR_DEFAULT_LIMITS);
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (!known.includes(key)) throw new UsageError(`--limits: unknown limit "${key}"`, { hint: `known limits: ${known.join(', ')}` });
    limits[key as keyof PlatformLimits] = wholeNumber(`--limits ${key}`, value, 0);
  }
  return limits;
}

export async function emulatorOptionsFromFlags(flags: EmulatorFlags): Promise<EmulatorOptions> {
  const options: EmulatorOptions = {
    port: flags.port !== undefined ? wholeNumber('--port', flags.port, 0, 65535) : DEFAULT_CLI_PORT,
    host: flags.host ?? '127.0.0.1',
  };
  if (flags.data !== undefined) options.dataPath = flags.data;
  if (flags.clients !== undefined) options.clients = await loadClientsFile(flags.clients);
  if (flags.rateLimit !== undefined) options.rateLimitPerMinute = parseRateLimit(flags.rateLimit);
  if (flags.faults !== undefined) options.faults = parseFaultSpec(flags.faults);
  if (flags.seed !== undefined) options.seed = wholeNumber('--seed', flags.seed, 0, 2 ** 32 - 1);
  if (flags.tokenLifetime !== undefined) options.tokenLifetimeSeconds = wholeNumber('--token-lifetime', flags.tokenLifetime, 1);
  if (flags.limits !== undefined) options.limits = parseLimits(flags.limits);
  if (flags.systemObjects !== undefined) options.systemObjects = flags.systemObjects.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (flags.admin === true) options.admin = true;
  if (flags.legacyRateLimitHeaders === true) options.legacyRateLimitHeaders = true;
  return options;
}
