/** The request log: the last REQUEST_LOG_CAPACITY requests, oldest first, with their faults; and the counters. */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { REQUEST_LOG_CAPACITY, RequestRecorder } from '../../src/emulator/request-recorder.js';

/** Sends one request with `target` as its request line's target, byte for byte; resolves to the answer's body. */
async function rawGet(port: number, target: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  await new Promise<void>((resolve, reject) => socket.on('end', resolve).on('error', reject));
  return answer.slice(answer.indexOf('\r\n\r\n') + 4);
}

function recordMany(recorder: RequestRecorder, from: number, count: number): void {
  for (let n = from; n < from + count; n++)
    recorder.record('GET /x', 'GET', `/x/${n}`, n % 7 === 0 ? 503 : 200, `id-${n}`, n % 7 === 0 ? 'status' : undefined);
}

describe('the request log', () => {
  it('holds every request in order until it is full, then the most recent ones', () => {
    const recorder = new RequestRecorder();
    recordMany(recorder, 0, 3);
    expect(recorder.requests()).toEqual([
      { method: 'GET', path: '/x/0', status: 503, correlationId: 'id-0', fault: 'status' },
      { method: 'GET', path: '/x/1', status: 200, correlationId: 'id-1' },
      { method: 'GET', path: '/x/2', status: 200, correlationId: 'id-2' },
    ]);
    // An entry without a fault has no fault property at all (the admin route serves these as JSON).
    expect(Object.keys(recorder.requests()[1]!)).toEqual(['method', 'path', 'status', 'correlationId']);
    recordMany(recorder, 3, REQUEST_LOG_CAPACITY * 2 + 5);
    const log = recorder.requests();
    expect(log).toHaveLength(REQUEST_LOG_CAPACITY);
    const last = REQUEST_LOG_CAPACITY * 2 + 7;
    expect(log[0]!.path).toBe(`/x/${last - REQUEST_LOG_CAPACITY + 1}`);
    expect(log.at(-1)!.path).toBe(`/x/${last}`);
    expect(log.every((e, i) => e.correlationId === `id-${last - REQUEST_LOG_CAPACITY + 1 + i}`)).toBe(true);
    expect(log.every((e) => (e.status === 503) === (e.fault === 'status'))).toBe(true);
    expect(recorder.counters().total).toBe(last + 1);
  });

  it('counts a reset as reset, and forgets everything on reset()', () => {
    const recorder = new RequestRecorder();
    recorder.record('POST /y', 'POST', '/y', 0, 'id-r', 'reset');
    recorder.record('POST /y', 'POST', '/y', 201, 'id-c');
    expect(recorder.counters()).toEqual({ byRoute: { 'POST /y': { reset: 1, '201': 1 } }, total: 2 });
    expect(recorder.requests()[0]).toEqual({
      method: 'POST',
      path: '/y',
      status: 0,
      correlationId: 'id-r',
      fault: 'reset',
    });
    recorder.reset();
    expect(recorder.requests()).toEqual([]);
    expect(recorder.counters()).toEqual({ byRoute: {}, total: 0 });
    recordMany(recorder, 0, 2);
    expect(recorder.requests().map((e) => e.path)).toEqual(['/x/0', '/x/1']);
  });

  it("keeps no URL's user part of a request's target, nor quotes one in its 404", async () => {
    const password = 'pw-SECRET-9-never-logged';
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
    try {
      const absolute = `http://deployer:${password}@127.0.0.1:${emulator.port}/api/v2/customobjects/nothing`;
      const bodies = [await rawGet(emulator.port, absolute), await rawGet(emulator.port, `/x/ftp://u:${password}@h/y`)];
      expect(bodies.map((body) => (JSON.parse(body) as { message: string }).message)).toEqual([
        `No resource at http://[REDACTED]@127.0.0.1:${emulator.port}/api/v2/customobjects/nothing`,
        'No resource at /x/ftp://[REDACTED]@h/y',
      ]);
      expect(emulator.requestLog().map((entry) => [entry.path, entry.status])).toEqual([
        [`http://[REDACTED]@127.0.0.1:${emulator.port}/api/v2/customobjects/nothing`, 404],
        ['/x/ftp://[REDACTED]@h/y', 404],
      ]);
    } finally {
      await emulator.stop();
    }
  });
});
