/**
 * Adds the bearer token, and on a 401 gets a fresh token and sends once more (API.md: an unknown or expired
 * token is answered 401 `bad.credentials`). A second 401 goes up as it is: a new token did not help.
 */
import type { Layer } from './api-request.js';
import type { TokenSource } from './token-source.js';

export function authLayer(tokens: TokenSource): Layer {
  return (next) => async (request) => {
    const token = await tokens.token();
    const response = await next({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } });
    if (response.status !== 401) return response;
    tokens.invalidate(token);
    const fresh = await tokens.token();
    return next({ ...request, headers: { ...request.headers, Authorization: `Bearer ${fresh}` } });
  };
}
