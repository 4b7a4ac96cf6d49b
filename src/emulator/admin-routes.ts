/**
 * `/__emulator/*`, served only when the emulator was started with `admin: true` (`--admin`): change faults and
 * the rate limit while it runs, read counters and the request log, reset them, expire tokens. No OAuth token is
 * needed (the routes are for the machine that runs the tests), and they are not counted; who may reach them at
 * all is admin-guard.ts's to decide, before this runs.
 */
import { CxError } from '../model/errors.js';
import type { EmulatorCounters, FaultSpec, RequestLogEntry } from './options.js';

/** Function properties, not methods: the emulator's handle hands each one on by itself (no `this` to lose). */
export interface AdminControls {
  faults: () => FaultSpec;
  setFaults: (faults: FaultSpec) => void;
  rateLimit: () => number;
  setRateLimit: (perMinute: number) => void;
  counters: () => EmulatorCounters;
  requestLog: () => RequestLogEntry[];
  resetCounters: () => void;
  expireTokens: () => void;
}

export interface AdminResult {
  status: number;
  body?: string;
}

function ok(value: unknown): AdminResult {
  return { status: 200, body: JSON.stringify(value) };
}

function bad(message: string): AdminResult {
  return { status: 400, body: JSON.stringify({ message, code: 'bad.request', status: 400 }) };
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw === '' ? '{}' : raw);
  } catch {
    return undefined;
  }
}

export const ADMIN_PREFIX = '/__emulator/';

export function handleAdmin(controls: AdminControls, method: string, path: string, raw: string): AdminResult {
  const route = `${method} ${path.slice(ADMIN_PREFIX.length - 1)}`;
  try {
    switch (route) {
      case 'GET /faults':
        return ok(controls.faults());
      case 'PUT /faults': {
        const spec = parse(raw);
        if (spec === undefined) return bad('the body must be a FaultSpec as JSON');
        controls.setFaults(spec as FaultSpec);
        return ok(controls.faults());
      }
      case 'GET /rate-limit':
        return ok({ perMinute: controls.rateLimit() });
      case 'PUT /rate-limit': {
        const body = parse(raw) as { perMinute?: unknown } | undefined;
        const perMinute = body?.perMinute;
        if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 0)
          return bad('the body must be {"perMinute": <whole number, 0 for no limit>}');
        controls.setRateLimit(perMinute);
        return ok({ perMinute });
      }
      case 'GET /counters':
        return ok(controls.counters());
      case 'GET /requests':
        return ok(controls.requestLog());
      case 'POST /reset':
        controls.resetCounters();
        return { status: 204 };
      case 'POST /expire-tokens':
        controls.expireTokens();
        return { status: 204 };
      default:
        return {
          status: 404,
          body: JSON.stringify({ message: `no admin route ${route}`, code: 'not.found', status: 404 }),
        };
    }
  } catch (error) {
    if (error instanceof CxError) return bad(error.message);
    throw error;
  }
}
