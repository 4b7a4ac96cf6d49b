/**
 * Signing change events for the developer portal, and checking them on the receiving side. The signature is
 * HMAC-SHA256, keyed with the shared secret, over `${timestamp}.${body}`: binding the timestamp into the MAC lets
 * a receiver refuse a replayed event once it is older than its tolerance (the scheme webhook senders such as
 * Stripe use). The headers are documented in docs/portal-events.md.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Cxschema-Signature';
export const TIMESTAMP_HEADER = 'X-Cxschema-Timestamp';
export const EVENT_ID_HEADER = 'X-Cxschema-Event-Id';
export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` for a body sent at `timestamp` (seconds since the epoch). */
export function signPortalBody(body: string, timestamp: number, secret: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export type PortalSignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

export interface PortalSignatureInput {
  /** The raw request body, exactly as received (not re-serialized). */
  body: string | Uint8Array;
  /**
   * The X-Cxschema-Timestamp header, as node:http gives it (`request.headers['x-cxschema-timestamp']`); a header
   * given more than once (an array) is malformed.
   */
  timestamp: string | number | readonly string[] | undefined;
  /** The X-Cxschema-Signature header, as node:http gives it; a header given more than once is malformed. */
  signature: string | readonly string[] | undefined;
  secret: string;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** How far the timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
}

/** What a receiver runs on each request: constant-time comparison, and a timestamp within tolerance. */
export function verifyPortalSignature(input: PortalSignatureInput): PortalSignatureCheck {
  if (input.signature === undefined || input.timestamp === undefined || input.signature === '')
    return { ok: false, reason: 'missing' };
  const { signature, timestamp } = input;
  if (typeof signature !== 'string' || (typeof timestamp !== 'string' && typeof timestamp !== 'number'))
    return { ok: false, reason: 'malformed' };
  const timestampText = String(timestamp);
  if (!/^\d{1,12}$/.test(timestampText) || !signature.startsWith(SIGNATURE_PREFIX))
    return { ok: false, reason: 'malformed' };
  const given = signature.slice(SIGNATURE_PREFIX.length);
  if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const now = (input.now ?? Date.now)();
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now / 1000 - Number(timestampText)) > tolerance) return { ok: false, reason: 'expired' };
  const body = typeof input.body === 'string' ? input.body : Buffer.from(input.body).toString('utf8');
  const expected = signPortalBody(body, Number(timestampText), input.secret).slice(SIGNATURE_PREFIX.length);
  const match = timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
  return match ? { ok: true } : { ok: false, reason: 'mismatch' };
}
