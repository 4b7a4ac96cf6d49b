/**
 * The emulator must never be what limits our tests: at least 3,000 GET requests a second on loopback with the
 * rate limit off. The emulator runs in this process; the load comes from a child process (so client and server
 * do not share one event loop), with keep-alive connections and a fixed number of requests in flight.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import type { BenchResult } from './bench-result.js';

const TARGET_PER_SECOND = 3000;
const CONCURRENCY = 16;
const WARMUP_MS = 300;
const MEASURE_MS = 1000;
/** Rounds alternate between the bare server and the emulator; the best of each is kept, so that a burst of load
 * from elsewhere on the machine during one round does not decide the figure. */
const ROUNDS = 3;

/**
 * The load generator, as CommonJS source for `node -e`: keep-alive connections over raw sockets (one request in
 * flight on each, no pipelining), so that the client costs little and the figure is the server's. It reads each
 * response's status line and Content-Length, and prints {"ok": n, "failed": n} after the run.
 */
const LOAD_SCRIPT = `
const net = require('node:net');
const [url, token, path, concurrency, warmupMs, measureMs] = process.argv.slice(1);
const { hostname, port } = new URL(url);
const request = Buffer.from('GET ' + path + ' HTTP/1.1\\r\\nHost: ' + hostname + '\\r\\nAuthorization: Bearer ' + token + '\\r\\nConnection: keep-alive\\r\\n\\r\\n');
let counting = false, ok = 0, failed = 0, open = 0;
const stopAt = Date.now() + Number(warmupMs) + Number(measureMs);
setTimeout(() => { counting = true; }, Number(warmupMs));
function connection() {
  open++;
  const socket = net.connect(Number(port), hostname);
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  socket.on('connect', () => socket.write(request));
  socket.on('data', (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\\r\\n\\r\\n');
      if (headerEnd < 0) return;
      const head = buffer.subarray(0, headerEnd).toString('latin1');
      const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < headerEnd + 4 + length) return;
      if (counting) { if (head.startsWith('HTTP/1.1 200')) ok++; else failed++; }
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (Date.now() >= stopAt) { socket.end(); return; }
      socket.write(request);
    }
  });
  socket.on('error', () => { if (counting) failed++; });
  socket.on('close', () => { if (--open === 0) process.stdout.write(JSON.stringify({ ok, failed })); });
}
for (let i = 0; i < Number(concurrency); i++) connection();
`;

function runLoad(url: string, token: string, path: string): Promise<{ ok: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD_SCRIPT, url, token, path, String(CONCURRENCY), String(WARMUP_MS), String(MEASURE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { ok: number; failed: number }) : reject(new Error(`load generator exited with ${code}`))));
  });
}

async function token(url: string, id: string, secret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The floor: node:http answering the same bytes with no logic at all, measured the same way in the same run. */
async function startBareServer(body: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Rate {
  perSecond: number;
  ok: number;
  failed: number;
}

async function measure(url: string, bearer: string, path: string): Promise<Rate> {
  const load = await runLoad(url, bearer, path);
  return { perSecond: load.ok / (MEASURE_MS / 1000), ok: load.ok, failed: load.failed };
}

function best(rates: Rate[]): Rate {
  return rates.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
}

export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0 });
  let bareServer: { url: string; stop(): Promise<void> } | undefined;
  try {
    const bearer = await token(emulator.url, emulator.demoClient.id, emulator.demoClient.secret);
    // 25 schemas of 10 fields: a realistic org page.
    for (let i = 0; i < 25; i++) {
      const fields = Array.from({ length: 10 }, (_, f) => ({ name: `field_${f}`, fieldtype: f % 2 === 0 ? 'string' : 'number', required: f === 0, ...(f % 2 === 0 ? { constraints: { maxLength: 200 } } : {}) }));
      const response = await fetch(`${emulator.url}/api/v2/customobjects/schemas`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalId: `bench_${String(i).padStart(2, '0')}`, name: `Bench ${i}`, version: 1, status: 'DRAFT', fields }),
      });
      if (response.status !== 201) throw new Error(`seeding failed: ${response.status}`);
    }
    const one = '/api/v2/customobjects/schemas/bench_07';
    const page = '/api/v2/customobjects/schemas?pageSize=25';
    const oneBody = await (await fetch(`${emulator.url}${one}`, { headers: { authorization: `Bearer ${bearer}` } })).text();
    bareServer = await startBareServer(oneBody);
    const rounds: { bare: Rate[]; one: Rate[]; page: Rate[] } = { bare: [], one: [], page: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.bare.push(await measure(bareServer.url, 'none', '/'));
      rounds.one.push(await measure(emulator.url, bearer, one));
      rounds.page.push(await measure(emulator.url, bearer, page));
    }
    const bare = best(rounds.bare);
    const results: BenchResult[] = [];
    for (const [name, rates] of [
      ['GET one schema', rounds.one],
      ['GET a page of 25 schemas', rounds.page],
    ] as const) {
      const rate = best(rates);
      const failed = rates.reduce((sum, r) => sum + r.failed, 0);
      results.push({
        name: `emulator ${name}`,
        ratio: rate.perSecond / TARGET_PER_SECOND,
        target: `>= 1.00x of ${TARGET_PER_SECOND} requests/s (rate limit off, ${CONCURRENCY} keep-alive connections from a child process)`,
        pass: rate.perSecond >= TARGET_PER_SECOND && failed === 0,
        detail: `best of ${ROUNDS} rounds: ${rate.perSecond.toFixed(0)} requests/s (rounds: ${rates.map((r) => r.perSecond.toFixed(0)).join(', ')}), ${failed} failed`,
      });
    }
    const oneRate = best(rounds.one);
    results.push({
      name: 'emulator GET one schema vs bare node:http serving the same bytes',
      ratio: oneRate.perSecond / bare.perSecond,
      target: '>= 0.40x (what auth, routing, faults, counters and the log cost over node:http alone)',
      pass: oneRate.perSecond / bare.perSecond >= 0.4,
      detail: `${oneRate.perSecond.toFixed(0)} vs ${bare.perSecond.toFixed(0)} requests/s (bare rounds: ${rounds.bare.map((r) => r.perSecond.toFixed(0)).join(', ')})`,
    });
    return results;
  } finally {
    await bareServer?.stop();
    await emulator.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) console.log(`${result.pass ? 'PASS' : 'FAIL'} ${result.name}: ${result.ratio?.toFixed(2)}x (${result.detail})`);
}
