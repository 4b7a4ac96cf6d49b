/**
 * The `--faults SPEC` syntax of `cxschema emulator`: comma-separated `key=value` pairs, e.g.
 * `503=0.1,429=0.05,reset=0.02,latency=50,slow=0.02`. Documented in docs/api-contract.md "Faults".
 *
 * | key | value | FaultSpec |
 * | 500, 502, 503, 504 | probability 0..1 | status[code] |
 * | 429 | probability | rateLimit |
 * | retry-after | whole seconds >= 1 | retryAfterSeconds |
 * | reset | probability | reset |
 * | latency | ms (fixed), or `max:N` (uniform 0..N) | latency |
 * | slow | probability | slowSuccess |
 * | slow-ms | ms | slowSuccessMs |
 * Numbers are decimal (`0.1`, `50`); milliseconds are at most 2147483647 (MAX_FAULT_MS).
 */
import { UsageError } from '../model/errors.js';
import type { FaultSpec } from './options.js';
import { checkFaultSpec } from './fault-injector.js';

const HINT =
  'write --faults as key=value pairs, e.g. 503=0.1,429=0.05,reset=0.02,latency=50,slow=0.02 (keys: 500 502 503 504 429 retry-after reset latency slow slow-ms)';

/** Decimal only, as the other numeric flags: `Number()` alone would take `0x1`, `1e-1` or `0b1`. */
function number(key: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text) || !Number.isFinite(value))
    throw new UsageError(`--faults: ${key} needs a number, not "${text}"`, { hint: HINT });
  return value;
}

export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new UsageError(`--faults: "${part}" is not key=value`, { hint: HINT });
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    switch (key) {
      case '500':
      case '502':
      case '503':
      case '504':
        spec.status = { ...spec.status, [Number(key)]: number(key, value) };
        break;
      case '429':
        spec.rateLimit = number(key, value);
        break;
      case 'retry-after':
        spec.retryAfterSeconds = number(key, value);
        break;
      case 'reset':
        spec.reset = number(key, value);
        break;
      case 'latency':
        spec.latency = value.startsWith('max:') ? { max: number(key, value.slice(4)) } : number(key, value);
        break;
      case 'slow':
        spec.slowSuccess = number(key, value);
        break;
      case 'slow-ms':
        spec.slowSuccessMs = number(key, value);
        break;
      default:
        throw new UsageError(`--faults: unknown key "${key}"`, { hint: HINT });
    }
  }
  try {
    return checkFaultSpec(spec);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`--faults: ${error.message}`, { hint: HINT });
    throw error;
  }
}
