/**
 * The last line of defence for "secrets never appear in output" (docs/architecture.md): text that came from a server
 * (an error message, a description) is scrubbed of the client secret and of every token issued, in case a proxy or
 * a misbehaving endpoint echoes them.
 */
export interface SecretRedactor {
  add(secret: string): void;
  redact(text: string): string;
}

export const REDACTED = '[redacted]';
/** Tokens are replaced daily at most; a handful covers a long run. */
const MAX_SECRETS = 16;

export function createSecretRedactor(initial: readonly string[] = []): SecretRedactor {
  const secrets: string[] = [];
  const add = (secret: string): void => {
    // Very short values would redact ordinary words; no real secret or token is that short.
    if (secret.length < 6 || secrets.includes(secret)) return;
    secrets.push(secret);
    // Keep the first (the client secret) and the most recent tokens.
    if (secrets.length > MAX_SECRETS) secrets.splice(1, 1);
  };
  for (const secret of initial) add(secret);
  return {
    add,
    redact(text: string): string {
      let result = text;
      for (const secret of secrets) result = result.split(secret).join(REDACTED);
      return result;
    },
  };
}
