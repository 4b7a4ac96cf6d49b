/**
 * The one secret redactor, the last line of defence for "secrets never appear in output" (docs/architecture.md
 * "Conventions"). Text bound for an error message, an audit entry, a metrics file or a portal event is scrubbed
 * in two passes: the known secret values, in the forms they travel in (as is, URL-encoded, base64 inside a Basic
 * header), then the shapes credentials take on the wire, so that a token this process never saw (one echoed back
 * by a proxy, say) is caught as well. A URL's user part is one of those shapes: it is dropped as a config error
 * drops it (src/model/redaction.ts), so that one rule decides what a user part is.
 */
import { REDACTED, redactUrlUserParts } from '../model/redaction.js';

export { REDACTED };

/** Credential shapes, each keeping its label and replacing only the value. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  // Authorization headers: `Bearer eyJ...`, `Basic Y2xp...`.
  /\b(Bearer|Basic)(\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  // JSON properties: "access_token": "...", "client_secret":"...".
  /("(?:access_token|refresh_token|id_token|client_secret|secret|password|token|authorization)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi,
  // Query strings and form bodies: access_token=..., client_secret=...
  /\b((?:access_token|refresh_token|id_token|client_secret|password|secret|token)=)[^&\s"']+/gi,
];

/**
 * Returns `text` with every occurrence of each secret, every bearer/basic credential or token-like property, and
 * the user part of every URL (`https://user:password@host` becomes `https://[REDACTED]@host`), replaced by
 * `[REDACTED]`. Empty secrets are ignored (they would match everywhere).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  }
  // Longest first, so that a secret containing another is removed whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(REDACTED);
  }
  out = out.replace(CREDENTIAL_PATTERNS[0]!, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
  out = out.replace(CREDENTIAL_PATTERNS[1]!, (_m, head: string, tail: string) => `${head}${REDACTED}${tail}`);
  out = out.replace(CREDENTIAL_PATTERNS[2]!, (_m, head: string) => `${head}${REDACTED}`);
  return redactUrlUserParts(out);
}

/** Containers deeper than this in an error body are dropped rather than walked: no platform answer nests so deep. */
const MAX_REDACTED_DEPTH = 32;

/**
 * A JSON value (a response body) with every string in it, member names included, passed through `redact`: an
 * error body is made clean before any part of it (a code, a correlation id, a parameter) is read into a message.
 */
export function redactStrings(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_REDACTED_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact, depth + 1));
  // fromEntries defines each member, so a `__proto__` key stays a member rather than setting a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [redact(key), redactStrings(member, redact, depth + 1)]),
  );
}

/** A redactor that learns secrets as they appear: the client secret first, then every token issued. */
export interface SecretRedactor {
  // Function properties, not methods: callers hand `redact` on by itself (no `this` to lose).
  add: (secret: string) => void;
  redact: (text: string) => string;
}

/** Tokens are replaced daily at most; a handful covers a long run. */
const MAX_SECRETS = 16;

/** Very short values would redact ordinary words; no real secret or token is that short. */
export const MIN_SECRET_LENGTH = 6;

export function createSecretRedactor(initial: readonly string[] = []): SecretRedactor {
  const secrets: string[] = [];
  const add = (secret: string): void => {
    if (secret.length < MIN_SECRET_LENGTH || secrets.includes(secret)) return;
    secrets.push(secret);
    // Keep the first (the client secret) and the most recent tokens.
    if (secrets.length > MAX_SECRETS) secrets.splice(1, 1);
  };
  for (const secret of initial) add(secret);
  return { add, redact: (text) => redactSecrets(text, secrets) };
}
