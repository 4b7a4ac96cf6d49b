/**
 * The last resort: a request whose handling throws is still answered with the platform's ErrorBody (500, the
 * correlation id as contextId) and reported to onError, whether it failed before its body was read or after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { caller, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** An emulator whose clock throws once `broken` is set: every token lookup fails then. */
async function breakable(
  errors: unknown[],
  onError: (error: unknown) => unknown = (error) => errors.push(error),
): Promise<{ handle: EmulatorHandle; breakClock: () => void }> {
  let broken = false;
  const handle = await startEmulator({
    now: () => {
      if (broken) throw new Error('the clock broke');
      return 1_700_000_000_000;
    },
    onError,
  });
  return { handle, breakClock: () => (broken = true) };
}

describe('a request whose handling throws', () => {
  it('is answered 500 with an ErrorBody, after its body was read (POST) or without one (GET)', async () => {
    const errors: unknown[] = [];
    const { handle, breakClock } = await breakable(errors);
    emulator = handle;
    const call = caller(handle, await tokenFor(handle));
    breakClock();
    const posted = await call('POST', SCHEMAS, schemaBody('never'), { 'ININ-Correlation-Id': 'post-1' });
    const got = await call('GET', `${SCHEMAS}/never`, undefined, { 'ININ-Correlation-Id': 'get-1' });
    for (const [reply, id] of [
      [posted, 'post-1'],
      [got, 'get-1'],
    ] as const) {
      expect(reply.status).toBe(500);
      expect(reply.headers.get('inin-correlation-id')).toBe(id);
      expect(reply.body).toEqual({
        message: 'internal error',
        code: 'internal.server.error',
        status: 500,
        contextId: id,
        details: [],
        errors: [],
      });
    }
    expect(errors.map(String)).toEqual(['Error: the clock broke', 'Error: the clock broke']);
    expect(handle.schemas()).toEqual([]);
  });

  it('is still answered 500 when the onError reporter itself throws, and the server goes on', async () => {
    const errors: unknown[] = [];
    const { handle, breakClock } = await breakable(errors, (error) => {
      errors.push(error);
      throw new Error('the reporter broke');
    });
    emulator = handle;
    const call = caller(handle, await tokenFor(handle));
    breakClock();
    const first = await call('GET', `${SCHEMAS}/a`);
    const second = await call('POST', SCHEMAS, schemaBody('b'));
    expect([first.status, second.status]).toEqual([500, 500]);
    expect(errors.map(String)).toEqual(['Error: the clock broke', 'Error: the clock broke']);
  });

  it('is still answered 500 when an async onError reporter rejects', async () => {
    const errors: unknown[] = [];
    // A reporter typed as returning nothing may still be an async function (onError's type allows it).
    const rejecting = (error: unknown): Promise<never> => {
      errors.push(error);
      return Promise.reject(new Error('the reporter broke'));
    };
    const { handle, breakClock } = await breakable(errors, rejecting);
    emulator = handle;
    const call = caller(handle, await tokenFor(handle));
    breakClock();
    expect((await call('GET', `${SCHEMAS}/a`)).status).toBe(500);
    expect((await call('POST', SCHEMAS, schemaBody('b'))).status).toBe(500);
    expect(errors).toHaveLength(2);
  });
});
