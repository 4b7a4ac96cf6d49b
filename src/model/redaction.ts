/**
 * What a message shows in place of a secret, and the one way a URL is made fit to show: its user part dropped. A
 * config value is quoted back in the error that refuses it, and any text bound for output (an error, an audit entry,
 * a change event) may quote a URL; a URL's user part may hold a password or a token (docs/config.md,
 * docs/portal-events.md, docs/architecture.md "Conventions").
 */

export const REDACTED = '[REDACTED]';

/** A URL's scheme at the start of a value: `https://`, `ftp://`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `value` with the user part of a URL in it replaced: `ftp://user:pw@host/x` becomes `ftp://[REDACTED]@host/x`,
 * and `user:pw@host` (a URL with its scheme left out) `[REDACTED]@host`. A user part is in the authority, which
 * runs from the scheme's `//` to the first `/`, `?` or `#`: `https://host/a@b` and `file:///p/cxschema@1.4.0/x`
 * have none, nor has any `file:` URL. Once the authority holds an `@`, the part ends at the last `@` of the value,
 * not at the first `/` as a URL parser would end it: a value that fails a check was typed by hand, and its password
 * may hold any character. For the same reason an authority that is no host and port (`user:pa` of
 * `https://user:pa/ss@host`, a password with a `/` in it) is read as the start of one. A value with no scheme and
 * no `:` before its `@` (`team@example.com`, an identifier typed wrongly) is returned as it is.
 */
export function redactUrlCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const scheme = SCHEME.exec(value)?.[0];
  // The authority follows the first `//` after a scheme's colon, where the scheme stands (after a space, say).
  const slashes = value.indexOf('://');
  if (slashes !== -1 && /(^|[^a-z0-9+.-])file$/i.test(value.slice(0, slashes))) return value;
  const authority = /^[^/?#]*/.exec(slashes === -1 ? value : value.slice(slashes + 3))![0];
  if (!authority.includes('@') && HOST_AND_PORT.test(authority)) return value;
  if (scheme !== undefined) return `${scheme}${REDACTED}${value.slice(at)}`;
  return value.slice(0, at).includes(':') ? `${REDACTED}${value.slice(at)}` : value;
}

/** An authority without a user part: a host (a bracketed IPv6 address included) and a port of digits, or nothing. */
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]*)(:[0-9]*)?$/;

/**
 * Whether `value` holds a URL's user part, by the rule redactUrlCredentials drops one by: the one test of an API
 * domain, in the config file and from GENESYS_OAUTH_DOMAIN alike, whose user part is refused (docs/config.md).
 */
export function hasUrlUserPart(value: string): boolean {
  return redactUrlCredentials(value) !== value;
}

/**
 * A URL with a scheme inside text: from the scheme to the first whitespace, double quote, angle bracket or backtick,
 * which end a URL in prose and in JSON (a URL's parser writes none of them unescaped in a user part). Any other
 * character is taken as part of it, so that a password holding `'`, `)` or `,` is not cut in two.
 * The scheme is at most 32 characters and needs no word boundary before it: with `\b` and no bound, every boundary
 * in a long run such as `a.a.a…` started a scan to the run's end (a 64 KB text took a second), and a scheme glued
 * to a word (`proxy_https://user:pw@host`) was not seen at all.
 */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"<>`]*/gi;

/**
 * `text` with the user part of every URL in it replaced as redactUrlCredentials replaces a value's:
 * `fetch https://user:pw@host/x failed` becomes `fetch https://[REDACTED]@host/x failed`. Only a URL with its scheme
 * is known for one in text: `a:b@c` there may be anything. redactSecrets (src/genesys/secret-redactor.ts) applies
 * it to every text it cleans, the CLI to every error it prints (src/cli/run-action.ts), and the emulator to the
 * paths its request log keeps (src/emulator/request-recorder.ts).
 */
export function redactUrlUserParts(text: string): string {
  // No @, no user part: most text is returned without a scan.
  if (!text.includes('@')) return text;
  return text.replace(URL_IN_TEXT, (url) => redactUrlCredentials(url));
}
