/**
 * Decides, request by request, which fault (if any) the emulator injects. Every decision draws the same five
 * numbers in the same order (latency, reset, status, 429, slow success), so that changing one probability does
 * not shift the others' sequence, and a seed replays a run.
 */
import { UsageError } from '../model/errors.js';
import type { FaultSpec } from './options.js';
import type { Random } from './seeded-random.js';
import { seededRandom } from './seeded-random.js';

export const FAULT_STATUSES = [500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export const DEFAULT_SLOW_SUCCESS_MS = 30_000;
export const DEFAULT_INJECTED_RETRY_AFTER = 1;

export interface FaultDecision {
  latencyMs: number;
  reset: boolean;
  status?: FaultStatus;
  rateLimit: boolean;
  slowSuccess: boolean;
}

/** A rejected value as the request spelled it: `{"max":5}`, not `[object Object]`. */
function shown(value: unknown): string {
  return JSON.stringify(value) ?? typeof value;
}

function checkProbability(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new UsageError(`fault ${name} must be a probability from 0 to 1, not ${shown(value)}`);
}

/**
 * The longest latency or slow-success hold: 2^31-1 ms (about 24.8 days), the longest delay Node's timers keep;
 * past it they fire after 1 ms, so a hold meant to outlast a test would end at once.
 */
export const MAX_FAULT_MS = 2_147_483_647;

function checkMilliseconds(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_FAULT_MS)
    throw new UsageError(
      `fault ${name} must be a number of milliseconds from 0 to ${MAX_FAULT_MS}, not ${shown(value)}`,
    );
}

const SPEC_KEYS = new Set([
  'status',
  'rateLimit',
  'retryAfterSeconds',
  'reset',
  'latency',
  'slowSuccess',
  'slowSuccessMs',
]);

/** Throws UsageError for a spec that is out of range; returns a copy that is safe to keep. */
export function checkFaultSpec(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new UsageError('faults must be an object');
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s))
    if (!SPEC_KEYS.has(key))
      throw new UsageError(`unknown fault "${key}"`, { hint: `known faults: ${[...SPEC_KEYS].join(', ')}` });
  const status = s['status'];
  if (status !== undefined) {
    if (typeof status !== 'object' || status === null)
      throw new UsageError('fault status must be an object like {"503": 0.1}');
    let sum = 0;
    for (const [code, p] of Object.entries(status)) {
      if (!(FAULT_STATUSES as readonly number[]).includes(Number(code)))
        throw new UsageError(`fault status ${code} is not one of ${FAULT_STATUSES.join(', ')}`);
      checkProbability(code, p);
      sum += p as number;
    }
    if (sum > 1) throw new UsageError('the status fault probabilities add up to more than 1');
  }
  checkProbability('rateLimit', s['rateLimit']);
  checkProbability('reset', s['reset']);
  checkProbability('slowSuccess', s['slowSuccess']);
  checkMilliseconds('slowSuccessMs', s['slowSuccessMs']);
  const retryAfter = s['retryAfterSeconds'];
  if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 1)) {
    throw new UsageError(`fault retryAfterSeconds must be a whole number of at least 1, not ${shown(retryAfter)}`);
  }
  const latency = s['latency'];
  if (typeof latency === 'object' && latency !== null) {
    const keys = Object.keys(latency);
    if (Array.isArray(latency) || keys.length !== 1 || keys[0] !== 'max')
      throw new UsageError(`fault latency must be milliseconds or {"max": milliseconds}, not ${shown(latency)}`);
    checkMilliseconds('latency max', (latency as { max?: unknown }).max);
  } else checkMilliseconds('latency', latency);
  return structuredClone(spec as FaultSpec);
}

export class FaultInjector {
  private spec: FaultSpec = {};
  private active = false;
  private readonly random: Random;

  constructor(seed: number, spec: FaultSpec = {}) {
    this.random = seededRandom(seed);
    this.set(spec);
  }

  set(spec: FaultSpec): void {
    this.spec = checkFaultSpec(spec);
    this.active = Object.keys(this.spec).length > 0;
  }

  get(): FaultSpec {
    return structuredClone(this.spec);
  }

  get slowSuccessMs(): number {
    return this.spec.slowSuccessMs ?? DEFAULT_SLOW_SUCCESS_MS;
  }

  get retryAfterSeconds(): number {
    return this.spec.retryAfterSeconds ?? DEFAULT_INJECTED_RETRY_AFTER;
  }

  /** Undefined when no fault is configured (no numbers are drawn then). */
  decide(): FaultDecision | undefined {
    if (!this.active) return undefined;
    const spec = this.spec;
    const [latencyDraw, resetDraw, statusDraw, rateDraw, slowDraw] = [
      this.random(),
      this.random(),
      this.random(),
      this.random(),
      this.random(),
    ];
    const latency = spec.latency;
    const latencyMs =
      latency === undefined ? 0 : typeof latency === 'number' ? latency : Math.floor(latencyDraw * (latency.max + 1));
    let status: FaultStatus | undefined;
    let cumulative = 0;
    for (const code of FAULT_STATUSES) {
      cumulative += spec.status?.[code] ?? 0;
      if (statusDraw < cumulative) {
        status = code;
        break;
      }
    }
    return {
      latencyMs,
      reset: resetDraw < (spec.reset ?? 0),
      ...(status !== undefined ? { status } : {}),
      rateLimit: rateDraw < (spec.rateLimit ?? 0),
      slowSuccess: slowDraw < (spec.slowSuccess ?? 0),
    };
  }
}
