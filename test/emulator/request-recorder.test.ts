/** The request log: the last REQUEST_LOG_CAPACITY requests, oldest first, with their faults; and the counters. */
import { describe, expect, it } from 'vitest';
import { REQUEST_LOG_CAPACITY, RequestRecorder } from '../../src/emulator/request-recorder.js';

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
});
