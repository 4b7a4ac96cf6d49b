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
  it('sends the bearer token of the current login', async () => {
    const seen: string[] = [];
    const next: Send = async (req) => {
      seen.push(String(req.headers?.['Authorization']));
      return { status: 200, headers: new Headers(), body: undefined, correlationId: 'c' };
    };
    const tokens = tokenSource(['tok-1', 'tok-2']);
    const send = authLayer(tokens)(next);
    await send(request);
    await send(request);
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    expect(tokens.logins).toBe(1);
    expect(tokens.invalidated).toEqual([]);
  });

  it('on 401 drops the token it sent and gives the 401 back, so the next attempt logs in afresh', async () => {
    const seen: string[] = [];
    const statuses = [401, 200];
    const next: Send = async (req) => {
      seen.push(String(req.headers?.['Authorization']));
      return {
        status: statuses.shift() as number,
        headers: new Headers(),
        body: { code: 'bad.credentials' },
        correlationId: 'c',
      };
    };
    const tokens = tokenSource(['tok-old', 'tok-new']);
    const send = authLayer(tokens)(next);
    expect((await send(request)).status).toBe(401);
    expect(tokens.invalidated).toEqual(['tok-old']);
    expect((await send(request)).status).toBe(200);
    expect(seen).toEqual(['Bearer tok-old', 'Bearer tok-new']);
    expect(tokens.logins).toBe(2);
  });
});
