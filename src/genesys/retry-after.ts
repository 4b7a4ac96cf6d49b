/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3); the platform sends seconds
 * (docs/api-contract.md), proxies sometimes send dates.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
