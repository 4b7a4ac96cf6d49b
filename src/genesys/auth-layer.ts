/**
 * Adds the bearer token. On a 401 (docs/api-contract.md: an unknown or expired token is answered 401 `bad.credentials`)
 * it drops the token it sent, so the next attempt logs in afresh, and gives the 401 back: the retry layer sends
 * once more, through the throttle, so the extra attempt is paced like any other.
 */
import type { Layer } from './api-request.js';
import type { TokenSource } from './token-source.js';

export function authLayer(tokens: TokenSource): Layer {
  return (next) => async (request) => {
    // The login, when one is needed, is waited for only until the call's deadline, or until the call is abandoned
    // (docs/client.md "Login").
    const token = await tokens.token(request.deadline, request.signal);
    const response = await next({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } });
    if (response.status === 401) tokens.invalidate(token);
    return response;
  };
}
