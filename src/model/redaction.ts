/**
 * What a message shows in place of a secret, and the one way a value that may be a URL is made fit to quote:
 * its user part dropped. A config value is quoted back in the error that refuses it, and a URL's user part may
 * hold a password or a token (docs/config.md, docs/portal-events.md).
 */

export const REDACTED = '[REDACTED]';

/** A URL's scheme at the start of a value: `https://`, `ftp://`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `value` with the user part of a URL in it replaced: `ftp://user:pw@host/x` becomes `ftp://[REDACTED]@host/x`,
 * and `user:pw@host` (a URL with its scheme left out) `[REDACTED]@host`. The part ends at the last `@`, not at the
 * first `/` as a URL parser would end it: a value that fails a check was typed by hand, and its password may hold
 * any character. So a value with an `@` in its path loses the path up to it too. A value with no `@`, or with no
 * scheme and no `:` before its `@` (`team@example.com`, an identifier typed wrongly), is returned as it is.
 */
export function redactUrlCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const scheme = SCHEME.exec(value)?.[0];
  if (scheme !== undefined) return `${scheme}${REDACTED}${value.slice(at)}`;
  return value.slice(0, at).includes(':') ? `${REDACTED}${value.slice(at)}` : value;
}
