/**
 * The API and token routes answer only requests whose Host names the emulator: a web page whose domain was
 * re-pointed at this machine (DNS rebinding) sends its own domain, and is refused before anything is read.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { adminRefusal } from '../../src/emulator/admin-guard.js';
import { hostNamesEmulator, HostVerdicts, MAX_KEPT_HOST_VERDICTS } from '../../src/emulator/host-check.js';
import { clientFor } from '../support/org-rig.js';

/** A request with the headers given as they are (fetch does not let a caller choose the Host header). */
function raw(
  emulator: EmulatorHandle,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function token(handle: EmulatorHandle): Promise<string> {
  const basic = Buffer.from(`${handle.demoClient.id}:${handle.demoClient.secret}`).toString('base64');
  const answer = await raw(
    handle,
    'POST',
    '/oauth/token',
    {
      Host: `127.0.0.1:${handle.port}`,
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    'grant_type=client_credentials',
  );
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

describe('the Host check of the API routes', () => {
  it('refuses a request for another domain, with a token or without, before it is counted', async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const bearer = `Bearer ${await token(emulator)}`;
    const before = emulator.counters().total;
    for (const host of [`rebound.example:${emulator.port}`, 'rebound.example', `evil.localhost:${emulator.port}`]) {
      const api = await raw(emulator, 'GET', '/api/v2/customobjects/schemas', { Host: host, Authorization: bearer });
      expect(api.status, host).toBe(403);
      expect(JSON.parse(api.body)).toMatchObject({ status: 403, code: 'forbidden' });
      const login = await raw(emulator, 'POST', '/oauth/token', { Host: host }, 'grant_type=client_credentials');
      expect(login.status, host).toBe(403);
    }
    expect(emulator.counters().total).toBe(before);
  });

  it('serves the loopback names and the bound address, whatever the port in front', async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const bearer = `Bearer ${await token(emulator)}`;
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, 'localhost:8080', 'LOCALHOST']) {
      const api = await raw(emulator, 'GET', '/api/v2/customobjects/schemas', { Host: host, Authorization: bearer });
      expect(api.status, host).toBe(200);
    }
    // The client and the CLI send Host: 127.0.0.1:PORT, and go on working.
    expect(await clientFor(emulator).list()).toEqual([]);
  });

  it('on a wildcard address, takes localhost and IP literals, never a DNS name', () => {
    const wildcard = { address: '0.0.0.0', name: '0.0.0.0' };
    expect(hostNamesEmulator(wildcard, '192.168.1.20:8080')).toBe(true);
    expect(hostNamesEmulator(wildcard, '[fe80::1]:8080')).toBe(true);
    expect(hostNamesEmulator(wildcard, 'localhost:8080')).toBe(true);
    expect(hostNamesEmulator(wildcard, 'devbox.lan:8080')).toBe(false);
    // Bound to an address by the name it was given: that name is the emulator's.
    const named = { address: '192.168.1.20', name: 'devbox.lan' };
    expect(hostNamesEmulator(named, 'devbox.lan:8080')).toBe(true);
    expect(hostNamesEmulator(named, '192.168.1.20')).toBe(true);
    expect(hostNamesEmulator(named, 'localhost')).toBe(false);
    expect(hostNamesEmulator(named, 'other.lan')).toBe(false);
    // Not an authority at all.
    for (const header of [undefined, '', 'a@127.0.0.1', '127.0.0.1/x', 'local host'])
      expect(hostNamesEmulator({ address: '127.0.0.1', name: '127.0.0.1' }, header)).toBe(false);
  });

  it("keeps verdicts per header that are the check's own, and past its bound still answers the same", () => {
    const named = { address: '192.168.1.20', name: 'devbox.lan' };
    const verdicts = new HostVerdicts(named);
    const headers = [undefined, '', 'devbox.lan:8080', '192.168.1.20', 'localhost', 'other.lan', 'a@devbox.lan'];
    // Asked twice, so that the second answer is the kept one; then many distinct headers, past the bound.
    for (let round = 0; round < 2; round++)
      for (const header of headers) expect(verdicts.namesEmulator(header)).toBe(hostNamesEmulator(named, header));
    for (let i = 0; i < MAX_KEPT_HOST_VERDICTS * 3; i++) {
      expect(verdicts.namesEmulator(`other${i}.lan`)).toBe(false);
      expect(verdicts.namesEmulator(`devbox.lan:${i}`)).toBe(true);
    }
    for (const header of headers) expect(verdicts.namesEmulator(header)).toBe(hostNamesEmulator(named, header));
  });

  it('takes a name with the trailing dot of the root, given or asked for', () => {
    expect(hostNamesEmulator({ address: '127.0.0.1', name: '127.0.0.1' }, 'localhost.:8080')).toBe(true);
    expect(hostNamesEmulator({ address: '192.168.1.20', name: 'devbox.lan.' }, 'devbox.lan:8080')).toBe(true);
    expect(hostNamesEmulator({ address: '192.168.1.20', name: 'devbox.lan' }, 'devbox.lan.:8080')).toBe(true);
  });

  it("is the admin routes' check too, which also wants their port", () => {
    const token = 't'.repeat(16);
    const guard = { address: '192.168.1.20', name: 'devbox.lan', port: 8080, token };
    expect(adminRefusal(guard, 'devbox.lan:8080', undefined, `Bearer ${token}`)).toBeUndefined();
    expect(adminRefusal(guard, '192.168.1.20:8080', undefined, `Bearer ${token}`)).toBeUndefined();
    expect(adminRefusal(guard, 'devbox.lan:9090', undefined, `Bearer ${token}`)).toMatchObject({ status: 403 });
    expect(adminRefusal(guard, 'other.lan:8080', undefined, `Bearer ${token}`)).toMatchObject({ status: 403 });
  });
});
