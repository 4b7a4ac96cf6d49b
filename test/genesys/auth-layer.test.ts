import { describe, expect, it } from 'vitest';
import type { ApiRequest, Send } from '../../src/genesys/api-request.js';
import { authLayer } from '../../src/genesys/auth-layer.js';
import type { TokenSource } from '../../src/genesys/token-source.js';

function tokenSource(values: string[]): TokenSource & { invalidated: string[] } {
  let current: string | undefined;
  const invalidated: string[] = [];
  let logins = 0;
  return {
    invalidated,
    token: async () => {
      if (current === undefined) {
        current = values.shift();
        logins++;
      }
      return current as string;
    },
    invalidate: (t: string) => {
      invalidated.push(t);
      if (t === current) current = undefined;
    },
    get logins() {
      return logins;
    },
  };
}

const request: ApiRequest = { method: 'PUT', route: '/r', path: '/x', correlationId: 'c', body: { a: 1 } };

describe('authLayer', () => {
  it('sends the bearer token, and on 401 once more with a fresh one', async () => {
    const seen: string[] = [];
    const statuses = [401, 200];
    const next: Send = async (req) => {
      seen.push(String(req.headers?.['Authorization']));
      return { status: statuses.shift() as number, headers: new Headers(), body: undefined, correlationId: 'c' };
    };
    const tokens = tokenSource(['tok-old', 'tok-new']);
    const response = await authLayer(tokens)(next)(request);
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Bearer tok-old', 'Bearer tok-new']);
    expect(tokens.invalidated).toEqual(['tok-old']);
  });

  it('gives a second 401 back as it is', async () => {
    let calls = 0;
    const next: Send = async () => {
      calls++;
      return { status: 401, headers: new Headers(), body: { code: 'bad.credentials' }, correlationId: 'c' };
    };
    const response = await authLayer(tokenSource(['a-token', 'b-token', 'c-token']))(next)(request);
    expect(response.status).toBe(401);
    expect(calls).toBe(2);
  });
});
