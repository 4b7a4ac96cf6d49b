/**
 * Access tokens issued by the OAuth endpoint: opaque random strings, each carrying its client's scopes and an
 * expiry read from the injectable clock (so tests expire tokens without waiting).
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClient, EmulatorScope } from './options.js';

export interface IssuedToken {
  clientId: string;
  scopes: ReadonlySet<EmulatorScope>;
  /** The client's permissions (permissions.ts), for the DataSchema routes. */
  permissions: readonly string[];
  expiresAt: number;
}

/** Past this many tokens, expired ones are dropped when a new one is issued. */
const PRUNE_AT = 10_000;

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(client: EmulatorClient): { accessToken: string; expiresIn: number } {
    if (this.tokens.size >= PRUNE_AT) this.prune();
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, {
      clientId: client.id,
      scopes: new Set(client.scopes),
      permissions: client.permissions ?? ['*'],
      expiresAt: this.now() + this.lifetimeSeconds * 1000,
    });
    return { accessToken, expiresIn: this.lifetimeSeconds };
  }

  /** The token's grant, or undefined when it is unknown or expired. */
  lookup(accessToken: string): IssuedToken | undefined {
    const token = this.tokens.get(accessToken);
    if (!token || token.expiresAt <= this.now()) return undefined;
    return token;
  }

  /** Every token issued so far is expired from now on. */
  expireAll(): void {
    for (const token of this.tokens.values()) token.expiresAt = Number.NEGATIVE_INFINITY;
  }

  /** The access tokens held now (tests look for them where they must never appear). */
  issued(): string[] {
    return [...this.tokens.keys()];
  }

  private prune(): void {
    const now = this.now();
    for (const [key, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(key);
  }
}
