/**
 * A client that goes away before it has sent its whole body (it closes its end, or its connection breaks) is the
 * client's doing: nobody is left to answer, and it is no failure of the emulator's. onError, which the CLI prints
 * as `emulator error: ...`, is not told; the emulator answers the next request as before.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { caller, tokenFor } from './emulator-fixtures.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** Sends the head of a request and part of its body, then ends (`end`) or breaks (`destroy`) the connection. */
function leaveMidBody(
  handle: EmulatorHandle,
  method: string,
  path: string,
  token: string,
  how: 'end' | 'destroy',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(handle.port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.on('connect', () => {
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${handle.port}\r\nAuthorization: Bearer ${token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"externalId":',
        () => {
          if (how === 'end') socket.end();
          else socket.destroy();
        },
      );
    });
    // Ended, the connection closes once the server has closed its side too; broken, at once.
    socket.resume();
  });
}

describe('a client that leaves in the middle of its body', () => {
  const routes: Array<[string, string]> = [
    ['POST', '/api/v2/customobjects/schemas'],
    ['PUT', '/api/v2/customobjects/schemas/order'],
    ['POST', '/api/v2/taskmanagement/workitems/schemas'],
    ['POST', '/oauth/token'],
    ['PUT', '/__emulator/faults'],
  ];

  for (const how of ['end', 'destroy'] as const) {
    it(`(${how}) is not reported as the emulator's failure, on every route that reads a body`, async () => {
      const errors: unknown[] = [];
      const handle = await startEmulator({ admin: true, onError: (error) => errors.push(error) });
      emulator = handle;
      const token = await tokenFor(handle);
      const call = caller(handle, token);
      for (const [method, path] of routes) {
        await leaveMidBody(handle, method, path, token, how);
        // A whole exchange after the connection closed: the server has seen the close by the time it answers.
        expect((await call('GET', '/api/v2/customobjects/limits')).status).toBe(200);
      }
      expect(errors.map(String)).toEqual([]);
      expect(handle.schemas()).toEqual([]);
    });
  }
});
