/**
 * What a caller may tune in the client, and the defaults. The clock, `sleep` and `fetch` are injected so unit
 * tests never wait for real (docs/architecture.md).
 */
import { ConfigError } from '../model/errors.js';
import { realSleep, type Sleep } from './abort-watch.js';
import type { Credentials } from './client-config.js';
import { boundedFetch } from './bounded-fetch.js';
import { envProxyRequested, nodeHttpFetch, type FetchLike } from './node-http-fetch.js';
import type { TransportHooks } from './transport-hooks.js';

export interface ClientOptions {
  credentials: Credentials;
  /**
   * The HTTP exchange: node:http by default (node-http-fetch.ts); Node's fetch, or any function of its shape. An
   * answer whose body is a stream (a fetch Response) is read up to MAX_ANSWER_BYTES (bounded-fetch.ts).
   */
  fetch?: FetchLike;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /**
   * Waits `ms` milliseconds. Given the call's `signal`, it may end early once that is aborted; the client ends the
   * wait then in any case (docs/client.md "Abandoning a write").
   */
  sleep?: Sleep;
  /**
   * The rate the limiter starts at and recovers to: the platform's default is 300 a minute per token
   * (docs/api-contract.md).
   */
  rateLimitPerMinute?: number /* default 300 */;
  /** Requests in flight at once. */
  concurrency?: number /* default 8 */;
  /** Timeout of one attempt. */
  requestTimeoutMs?: number /* default 30000 */;
  /** Time one logical call may take, retries and waits included. */
  operationDeadlineMs?: number /* default 300000 */;
  /** Attempts per logical call, the first one included. */
  maxAttempts?: number /* default 6 */;
  hooks?: TransportHooks;
  userAgent?: string;
  /** Uniform in [0, 1): the backoff's jitter. Injected to make tests reproducible. */
  random?: () => number;
}

export interface ResolvedClientOptions {
  credentials: Credentials;
  fetch: FetchLike;
  now: () => number;
  sleep: Sleep;
  rateLimitPerMinute: number;
  concurrency: number;
  requestTimeoutMs: number;
  operationDeadlineMs: number;
  maxAttempts: number;
  hooks: TransportHooks;
  userAgent: string;
  random: () => number;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
// Long enough to sit out a full fixed-window Retry-After (up to 60 s) more than once.
export const DEFAULT_OPERATION_DEADLINE_MS = 300_000;
export const DEFAULT_MAX_ATTEMPTS = 6;
export const DEFAULT_USER_AGENT = 'cxschema';

/** node:http, unless the process asks for the environment's proxy, which only Node's fetch honours. */
function defaultExchange(): FetchLike {
  return envProxyRequested(process.env, process.execArgv) ? globalThis.fetch : nodeHttpFetch;
}

export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  return {
    credentials: options.credentials,
    // Whichever exchange: an answer is read up to the same bound (answer-bound.ts), fetch's as node:http's.
    fetch: boundedFetch(options.fetch ?? defaultExchange()),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? realSleep,
    rateLimitPerMinute: positive(options.rateLimitPerMinute, DEFAULT_RATE_LIMIT_PER_MINUTE, 'rateLimitPerMinute'),
    concurrency: count(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency'),
    requestTimeoutMs: positive(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs'),
    operationDeadlineMs: positive(options.operationDeadlineMs, DEFAULT_OPERATION_DEADLINE_MS, 'operationDeadlineMs'),
    maxAttempts: count(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 'maxAttempts'),
    hooks: options.hooks ?? {},
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    random: options.random ?? Math.random,
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`client option ${name} must be a positive number, got ${value}`);
  return value;
}

/**
 * A number of whole things (attempts, slots), at least one: a positive fraction below 1 would round down to none,
 * and a write would then end without a single send.
 */
function count(value: number | undefined, fallback: number, name: string): number {
  const counted = positive(value, fallback, name);
  if (counted < 1) throw new ConfigError(`client option ${name} must be at least 1, got ${counted}`);
  return Math.floor(counted);
}
