/**
 * The emulator writes the answers of one turn of the event loop together at its end (src/emulator/http-io.ts):
 * nothing made must be lost or held back by it.
 */
import { ServerResponse } from 'node:http';
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

  it('go out before an injected reset closes their connection, each one made before it', async () => {
    const emulator = await started({ rateLimitPerMinute: 0, faults: { reset: 1 } });
    const host = `127.0.0.1:${emulator.port}`;
    // Three pipelined requests: two paths no route matches (answered 404 before any fault is drawn), then a route
    // whose request is reset. The second answer waits in node behind the first until the first is written.
    const unmatched = `GET /api/v2/nothing HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
    const text = await exchange(
      emulator.port,
      `${unmatched}${unmatched}GET ${SCHEMAS} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    );
    // Each answer's body ends without a newline: the next one's status line follows it on the same line.
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 404', 'HTTP/1.1 404']);
    expect(emulator.requestLog().map((entry) => [entry.status, entry.fault])).toEqual([
      [404, undefined],
      [404, undefined],
      [0, 'reset'],
    ]);
  });

  it('go out when the emulator stops in the turn that made them', async () => {
    const emulator = await started({ rateLimitPerMinute: 0 });
    // Stops the emulator right after the request log records the answer: in the turn that made it.
    const { record } = Object.getOwnPropertyDescriptors(RequestRecorder.prototype);
    vi.spyOn(RequestRecorder.prototype, 'record').mockImplementation(function (this: RequestRecorder, ...args) {
      (record?.value as RequestRecorder['record']).apply(this, args);
      void emulator.stop();
    });
    const host = `127.0.0.1:${emulator.port}`;
    const text = await exchange(emulator.port, `GET /api/v2/nothing HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(text.startsWith('HTTP/1.1 404')).toBe(true);
  });

  it('reach a program that faked the timers before the emulator was loaded', async () => {
    vi.resetModules();
    vi.useFakeTimers();
    const fresh = await import('../../src/emulator/index.js');
    const emulator = await fresh.startEmulator({ rateLimitPerMinute: 0 });
    running.push(emulator);
    const response = await fetch(`${emulator.url}/api/v2/nothing`);
    expect(response.status).toBe(404);
    // Bounded: an answer held back by the faked timers would otherwise wait for the suite's timeout.
  }, 30_000);

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

  it('tell onError of an answer that could not be written, and the emulator goes on', async () => {
    const errors: unknown[] = [];
    const emulator = await started({ rateLimitPerMinute: 0, onError: (error) => errors.push(error) });
    vi.spyOn(ServerResponse.prototype, 'end').mockImplementationOnce(() => {
      throw new Error('the socket broke');
    });
    const host = `127.0.0.1:${emulator.port}`;
    // The answer that could not be written is cut off: its connection closes with nothing on it.
    expect(await exchange(emulator.port, `GET /api/v2/nothing HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe('');
    expect(errors.map(String)).toEqual(['Error: an answer could not be written: the socket broke']);
    expect((await fetch(`${emulator.url}/api/v2/nothing`)).status).toBe(404);
    expect(errors).toHaveLength(1);
  });
});
