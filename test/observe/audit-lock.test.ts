import { mkdtemp, readFile, rm, writeFile, utimes, readdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, AuditLockError, withFileLock } from '../../src/observe/audit/audit-lock.js';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-lock-'));
  lockPath = join(dir, 'audit.jsonl.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clock that only moves when the lock waits: no real time passes. */
function fakeTime(start = Date.now()): { now: () => number; sleep: (ms: number) => Promise<void>; waited: number[] } {
  let time = start;
  const waited: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      waited.push(ms);
      time += ms;
    },
    waited,
  };
}

describe('the audit lock file', () => {
  it('holds the owner pid and is removed on release', async () => {
    const release = await acquireFileLock(lockPath);
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; host: string; nonce: string };
    expect(owner.pid).toBe(process.pid);
    expect(owner.host).toBe(hostname());
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live owner and gives up after the timeout, naming the lock file', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 4242, host: hostname(), nonce: 'other' }));
    const time = fakeTime();
    const attempt = acquireFileLock(lockPath, {
      timeoutMs: 1000,
      staleMs: 60_000,
      isProcessAlive: () => true,
      now: time.now,
      sleep: time.sleep,
    });
    await expect(attempt).rejects.toBeInstanceOf(AuditLockError);
    await expect(attempt).rejects.toThrow(lockPath);
    expect(time.waited.length).toBeGreaterThan(3);
    expect(time.waited.every((ms) => ms <= 100)).toBe(true);
    // The live owner's lock is left alone.
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: 'other' });
  });

  it('takes over a lock whose owner process is gone', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 999_999, host: hostname(), nonce: 'dead' }));
    const time = fakeTime();
    const release = await acquireFileLock(lockPath, {
      isProcessAlive: (pid) => pid !== 999_999,
      now: time.now,
      sleep: time.sleep,
    });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(time.waited).toEqual([]);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits staleMs for a lock of another container of this host name, though its pid is not alive here', async () => {
    const self = { pid: 7, host: hostname(), bootId: 'boot-a', pidNamespace: 'pid:[4026532100]' };
    await writeFile(lockPath, JSON.stringify({ ...self, pid: 4242, pidNamespace: 'pid:[4026532999]', nonce: 'next' }));
    const written = Date.now();
    await utimes(lockPath, written / 1000, written / 1000);
    const time = fakeTime(written);
    const attempt = acquireFileLock(lockPath, {
      staleMs: 60_000,
      timeoutMs: 1000,
      processTable: { self, isAlive: () => false },
      now: time.now,
      sleep: time.sleep,
    });
    await expect(attempt).rejects.toBeInstanceOf(AuditLockError);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: 'next' });
  });

  it('takes over a lock from another host only once it is older than staleMs', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere', nonce: 'far' }));
    const written = Date.now();
    await utimes(lockPath, written / 1000, written / 1000);
    const time = fakeTime(written);
    const release = await acquireFileLock(lockPath, {
      staleMs: 500,
      timeoutMs: 10_000,
      now: time.now,
      sleep: time.sleep,
    });
    expect(time.waited.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(500);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });

  it('treats an empty lock file (owner killed while creating it) as stale after a short grace', async () => {
    await writeFile(lockPath, '');
    // Age is measured from the file's mtime: pin it to the fake clock's start, or the few real milliseconds
    // between writing the file and reading Date.now() would shorten the measured wait.
    const written = Date.now();
    await utimes(lockPath, written / 1000, written / 1000);
    const time = fakeTime(written);
    const release = await acquireFileLock(lockPath, { staleMs: 60_000, now: time.now, sleep: time.sleep });
    const waitedMs = time.waited.reduce((sum, ms) => sum + ms, 0);
    expect(waitedMs).toBeGreaterThanOrEqual(2000);
    expect(waitedMs).toBeLessThan(3000);
    await release();
  });

  it('does not delete a lock taken over while it was held past half of staleMs', async () => {
    let time = Date.now();
    const release = await acquireFileLock(lockPath, { staleMs: 1000, now: () => time });
    time += 600;
    await writeFile(lockPath, JSON.stringify({ pid: 7, host: hostname(), nonce: 'successor' }));
    await release();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: 'successor' });
  });

  it('releases the lock when the body throws', async () => {
    await expect(
      withFileLock(lockPath, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });
});
