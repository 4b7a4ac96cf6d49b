/** Options that count things in flight at once (steps, history reads), checked where a library call takes them. */
import { ConfigError } from './errors.js';

/**
 * `value` as a whole number of at least one, or `fallback` when absent; a ConfigError otherwise (NaN, Infinity, zero,
 * a negative number or a fraction below one), as the client refuses its own `concurrency`: a count of none would
 * start nothing and report every step as not reached.
 */
export function countOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 1)
    throw new ConfigError(`option ${name} must be a whole number of at least 1, got ${value}`);
  return Math.floor(value);
}
