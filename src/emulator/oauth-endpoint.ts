/**
 * `POST /oauth/token`, the client credentials grant (docs/api-contract.md "OAuth 2.0 client credentials"): the client
 * authenticates with HTTP Basic (or, as RFC 6749 §2.3.1 also allows, client_id and client_secret in the form);
 * the grant type is checked first, then the client.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorClient } from './options.js';
import type { TokenStore } from './token-store.js';

export interface TokenResult {
  status: number;
  body: string;
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so that the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Whether the request authenticates its client with HTTP Basic, well formed or not. */
function usesBasic(authorization: string | undefined): authorization is string {
  return authorization !== undefined && /^basic(\s|$)/i.test(authorization);
}

/** The id and secret of a Basic header, or undefined when it holds no `id:secret`. */
function basicCredentials(authorization: string): { id: string; secret: string } | undefined {
  const decoded = Buffer.from(authorization.slice(5).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function issueToken(
  clients: ReadonlyMap<string, EmulatorClient>,
  tokens: TokenStore,
  authorization: string | undefined,
  form: string,
): TokenResult {
  const params = new URLSearchParams(form);
  if (params.get('grant_type') !== 'client_credentials') {
    return { status: 400, body: JSON.stringify({ error: 'unsupported_grant_type' }) };
  }
  const fromForm =
    params.get('client_id') !== null
      ? { id: params.get('client_id') ?? '', secret: params.get('client_secret') ?? '' }
      : undefined;
  // Basic wins whenever it is sent: a malformed one fails the request rather than let the form's credentials
  // stand in for it (a client sending two methods is refused by the one it meant to use, RFC 6749 §2.3).
  const credentials = usesBasic(authorization) ? basicCredentials(authorization) : fromForm;
  const client = credentials ? clients.get(credentials.id) : undefined;
  if (!credentials || !client || !sameSecret(client.secret, credentials.secret)) {
    return {
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        description: 'Client authentication failed: unknown client or wrong secret',
      }),
    };
  }
  const issued = tokens.issue(client);
  return {
    status: 200,
    body: JSON.stringify({ access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn }),
  };
}
