/** The admin routes open to no one but the machine that runs the emulator, or the holder of the admin token. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { emulatorOptionsFromFlags, startEmulator } from '../../src/emulator/index.js';
import { UsageError } from '../../src/model/errors.js';

const TOKEN = 'admin-token-0123456789abcdef';

/** A request with the headers given as they are (fetch does not let a caller choose the Host header). */
function raw(
  emulator: EmulatorHandle,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--admin on a host other than loopback', () => {
  it('is refused without --admin-token, before anything listens', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      const error = await emulatorOptionsFromFlags({ host, admin: true }).catch((e: unknown) => e);
      expect(error, host).toBeInstanceOf(UsageError);
      expect(String((error as UsageError).message)).toContain(`--admin on ${host}`);
      expect((error as UsageError).hint).toContain('--admin-token');
    }
    await expect(startEmulator({ host: '0.0.0.0', admin: true })).rejects.toThrow(UsageError);
  });

  it('is accepted with a token long enough, and a short token or a token without --admin is refused', async () => {
    expect(await emulatorOptionsFromFlags({ host: '0.0.0.0', admin: true, adminToken: TOKEN })).toMatchObject({
      host: '0.0.0.0',
      admin: true,
      adminToken: TOKEN,
    });
    await expect(emulatorOptionsFromFlags({ admin: true, adminToken: 'short' })).rejects.toThrow(
      /at least 16 characters/,
    );
    await expect(emulatorOptionsFromFlags({ adminToken: TOKEN })).rejects.toThrow(/pass --admin/);
  });
});

describe('admin routes with a token', () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ admin: true, adminToken: TOKEN });
  });
  afterAll(() => emulator.stop());

  it('answer 401 without the token, 403 with another, and serve the one that has it', async () => {
    const missing = await fetch(`${emulator.url}/__emulator/faults`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).not.toContain(TOKEN);
    const wrong = await fetch(`${emulator.url}/__emulator/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token-0123456789abcdeX' },
    });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${emulator.url}/__emulator/faults`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({});
  });

  it('leave the API as it was (its own OAuth tokens)', async () => {
    expect((await fetch(`${emulator.url}/api/v2/customobjects/schemas`)).status).toBe(401);
  });
});

describe('admin routes and the Host header (DNS rebinding)', () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ admin: true, faults: { status: { 503: 0.5 } } });
  });
  afterAll(() => emulator.stop());

  it('refuse a Host that names another site, and change nothing', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${emulator.port}`,
      `127.0.0.1:${emulator.port + 1 > 65535 ? 1 : emulator.port + 1}`,
      `user@127.0.0.1:${emulator.port}`,
    ]) {
      const reply = await raw(emulator, 'PUT', '/__emulator/faults', { host });
      expect(reply.status, host).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ code: 'forbidden', status: 403 });
    }
    expect(emulator.faults()).toEqual({ status: { 503: 0.5 } });
  });

  it('refuse a write from a page of another origin, even with the loopback Host', async () => {
    const reply = await raw(emulator, 'POST', '/__emulator/expire-tokens', {
      host: `127.0.0.1:${emulator.port}`,
      origin: 'http://evil.example',
    });
    expect(reply.status).toBe(403);
    expect((JSON.parse(reply.body) as { message: string }).message).toMatch(/other origins/);
  });

  it('serve the loopback Host, with localhost too, and a same-origin page', async () => {
    expect((await raw(emulator, 'GET', '/__emulator/faults', { host: `127.0.0.1:${emulator.port}` })).status).toBe(200);
    expect((await raw(emulator, 'GET', '/__emulator/faults', { host: `localhost:${emulator.port}` })).status).toBe(200);
    expect(
      (
        await raw(emulator, 'GET', '/__emulator/counters', {
          host: `localhost:${emulator.port}`,
          origin: `http://127.0.0.1:${emulator.port}`,
        })
      ).status,
    ).toBe(200);
  });
});

describe('admin routes on a wildcard address', () => {
  it('accept an IP literal Host and refuse a name, reached through loopback only', async () => {
    const emulator = await startEmulator({ host: '0.0.0.0', admin: true, adminToken: TOKEN });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect(
        (await raw(emulator, 'GET', '/__emulator/faults', { ...auth, host: `127.0.0.1:${emulator.port}` })).status,
      ).toBe(200);
      expect(
        (await raw(emulator, 'GET', '/__emulator/faults', { ...auth, host: `evil.example:${emulator.port}` })).status,
      ).toBe(403);
    } finally {
      await emulator.stop();
    }
  });
});
