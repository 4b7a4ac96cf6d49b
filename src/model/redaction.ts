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
 * and `user:pw@host` (a URL with its scheme left out) `[REDACTED]@host`. A URL whose authority (from the scheme's
 * `//` to the first `/`, `?` or `#`) is plainly a host holds no user part there: `https://api.example.com/a@b`,
 * `file:///p/cxschema@1.4.0/x` (an empty authority), `http://[::1]:8080/x` keep their paths, and only a URL nested
 * in the rest (`?next=https://user:pw@h`) loses its user part. Any other authority is read as holding one, up to the
 * last `@` of the value rather than the first `/` as a URL parser would end it: a value that fails a check was typed
 * by hand, and a password may hold `/`, `?`, `#`, digits or `@` (`https://admin:2024/pw@host`,
 * `https://user:p@ss@host`), so a value that leaves any doubt loses its text up to that `@` (docs/config.md
 * "Credentials in URLs"). A value with no scheme and no `:` before its `@` (`team@example.com`) is returned as it is.
 */
export function redactUrlCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const plain = plainAuthorityEnd(value);
  if (plain !== undefined) return value.slice(0, plain) + redactUrlUserParts(value.slice(plain));
  const scheme = SCHEME.exec(value)?.[0];
  if (scheme !== undefined) return `${scheme}${REDACTED}${value.slice(at)}`;
  return value.slice(0, at).includes(':') ? `${REDACTED}${value.slice(at)}` : value;
}

/**
 * An authority that is plainly a host, and so holds no user part: none at all, a bracketed IPv6 address, `localhost`
 * or a dotted name, each with a port of digits or none. `user:pw`, `admin:2024`, `ghp_token`, a lone word: not.
 */
const PLAIN_AUTHORITY = /^(?:|\[[0-9a-f:.]+\](?::[0-9]+)?|(?:localhost|[a-z0-9_-]+(?:\.[a-z0-9_-]+)+)(?::[0-9]+)?)$/i;

/**
 * Where the scheme and authority `value` starts with end, when that authority is plainly a host: a URL's, or a
 * value's with its scheme left out (`api.example.com:443/x`).
 */
function plainAuthorityEnd(value: string): number | undefined {
  const start = SCHEME.exec(value)?.[0].length ?? 0;
  const authority = /^[^/?#]*/.exec(value.slice(start))![0];
  return PLAIN_AUTHORITY.test(authority) ? start + authority.length : undefined;
}

/**
 * Whether `value` holds a URL's user part, by the rule redactUrlCredentials drops one by: the one test of an API
 * domain, in the config file and from GENESYS_OAUTH_DOMAIN alike, whose user part is refused (docs/config.md).
 */
export function hasUrlUserPart(value: string): boolean {
  return redactUrlCredentials(value) !== value;
}

/**
 * The start of a URL inside text: its scheme and authority. The scheme is at most 32 characters and needs no word
 * boundary before it: with `\b` and no bound, every boundary in a long run such as `a.a.a…` started a scan to the
 * run's end (a 64 KB text took a second), and a scheme glued to a word (`proxy_https://user:pw@host`) was not seen.
 */
const URL_START = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"<>`/?#]*/gi;

/**
 * Where a URL in text ends: at whitespace, a double quote, an angle bracket or a backtick, which end a URL in prose
 * and in JSON (a URL's parser writes none of them unescaped in a user part). Any other character is taken as part
 * of it, so that a password holding `'`, `)` or `,` is not cut in two.
 */
const URL_END = /[\s"<>`]/g;

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
  let redacted = '';
  let kept = 0;
  const starts = new RegExp(URL_START);
  const ends = new RegExp(URL_END);
  for (let found = starts.exec(text); found !== null; found = starts.exec(text)) {
    // A plain host's URL holds no user part: the scan goes on past its authority, so that a URL nested in its path
    // or query is found as one of the text's, and every character is looked at a bounded number of times.
    if (plainAuthorityEnd(found[0]) !== undefined) continue;
    ends.lastIndex = found.index;
    const end = ends.exec(text)?.index ?? text.length;
    redacted += text.slice(kept, found.index) + redactUrlCredentials(text.slice(found.index, end));
    kept = end;
    starts.lastIndex = end;
  }
  return redacted + text.slice(kept);
}
