/**
 * The emulator writes the answers of one turn of the event loop together at its end (src/emulator/http-io.ts):
 * nothing made must be lost or held back by it.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { RequestRecorder } from '../../src/emulator/request-recorder.js';
import { SCHEMAS, tokenFor } from './emulator-fixtures.js';

const running: EmulatorHandle[] = [];

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

async function started(options: Parameters<typeof startEmulator>[0]): Promise<EmulatorHandle> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

/** Writes `raw` on one connection and resolves with everything read until the server closes it. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    // A reset is what the second request asks for: what was read before it is the answer.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}

describe('answers written at the end of the turn', () => {
  it('reach a program that fakes the timers after starting the emulator', async () => {
    const emulator = await started({ rateLimitPerMinute: 0 });
    const token = await tokenFor(emulator);
    vi.useFakeTimers();
    const response = await fetch(`${emulator.url}${SCHEMAS}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { entities: unknown[] }).entities).toEqual([]);
    // Bounded: an answer held back by the faked timers would otherwise wait for the suite's timeout.
  }, 30_000);

  it('go out before an injected reset closes their connection', async () => {
    const emulator = await started({ rateLimitPerMinute: 0, faults: { reset: 1 } });
    const host = `127.0.0.1:${emulator.port}`;
    // Two pipelined requests: a path no route matches (answered 404 before any fault is drawn), then a route
    // whose request is reset, in the same turn.
    const text = await exchange(
      emulator.port,
      `GET /api/v2/nothing HTTP/1.1\r\nHost: ${host}\r\n\r\nGET ${SCHEMAS} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    );
    expect(text.startsWith('HTTP/1.1 404')).toBe(true);
    expect(emulator.requestLog().map((entry) => [entry.status, entry.fault])).toEqual([
      [404, undefined],
      [0, 'reset'],
    ]);
  });

  it('keep an answer made whole when the request fails after it, in the same turn', async () => {
    const errors: unknown[] = [];
    const emulator = await started({ rateLimitPerMinute: 0, onError: (error) => errors.push(error) });
    const token = await tokenFor(emulator);
    vi.spyOn(RequestRecorder.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('the request log failed');
    });
    const response = await fetch(`${emulator.url}${SCHEMAS}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { entities: unknown[] }).entities).toEqual([]);
    expect(errors.map(String)).toEqual(['Error: the request log failed']);
  });
});
