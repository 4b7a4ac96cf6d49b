/**
 * Who may use the admin routes. They can clear every fault, reset the counters and expire every token, so:
 * - the Host header must name the emulator as the API routes' check does (host-check.ts), and its port: a page
 *   whose domain was re-pointed at this machine (DNS rebinding) sends its own domain and is refused;
 * - an Origin header, which browsers send on cross-site writes, must name the emulator too: a page elsewhere
 *   cannot post to the admin routes of the emulator on its visitor's machine;
 * - with an admin token, `Authorization: Bearer <token>` is required (compared in constant time);
 * - on an address other than loopback, the admin routes need a token at all (checkAdminExposure).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { UsageError } from '../model/errors.js';
import { namesListeningHost, parseAuthority, type ListeningHost } from './host-check.js';
import { isLoopbackHost } from './oauth-clients.js';

/** Short tokens can be guessed over the network; this is the least the emulator accepts. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export interface AdminGuard extends ListeningHost {
  port: number;
  token: string | undefined;
}

export interface AdminRefusal {
  status: 401 | 403;
  message: string;
  code: 'bad.credentials' | 'forbidden';
}

/** Refuses admin routes reachable from the network without a token, and a token too short to resist guessing. */
export function checkAdminExposure(host: string, admin: boolean, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new UsageError(`--admin-token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`, {
      hint: 'e.g. --admin-token "$(openssl rand -hex 16)"',
    });
  }
  if (token !== undefined && !admin)
    throw new UsageError('--admin-token protects the admin routes: pass --admin as well');
  if (admin && token === undefined && !isLoopbackHost(host)) {
    throw new UsageError(
      `--admin on ${host} would let anyone who can reach this machine change faults, reset counters and expire tokens`,
      {
        hint: 'pass --admin-token TOKEN (at least 16 characters; sent as "Authorization: Bearer TOKEN"), or listen on 127.0.0.1',
      },
    );
  }
}

/** `host[:port]` of a Host header or an Origin URL names this emulator: the API routes' check, and the port. */
function namesEmulator(guard: AdminGuard, hostname: string, port: string): boolean {
  if ((port === '' ? '80' : port) !== String(guard.port)) return false;
  return namesListeningHost(guard, hostname);
}

function sameToken(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function adminRefusal(
  guard: AdminGuard,
  host: string | undefined,
  origin: string | undefined,
  authorization: string | undefined,
): AdminRefusal | undefined {
  const authority = host === undefined ? undefined : parseAuthority(host);
  if (authority === undefined || !namesEmulator(guard, authority.hostname, authority.port)) {
    return {
      status: 403,
      code: 'forbidden',
      message: 'the admin routes answer only requests whose Host header names the address the emulator listens on',
    };
  }
  if (origin !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.protocol !== 'http:' || !namesEmulator(guard, url.hostname, url.port)) {
      return {
        status: 403,
        code: 'forbidden',
        message: 'the admin routes refuse requests from web pages of other origins',
      };
    }
  }
  if (guard.token === undefined) return undefined;
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match?.[1])
    return {
      status: 401,
      code: 'bad.credentials',
      message: 'the admin routes need "Authorization: Bearer <admin token>"',
    };
  if (!sameToken(match[1], guard.token))
    return { status: 403, code: 'forbidden', message: 'the admin token is not the one the emulator was started with' };
  return undefined;
}
