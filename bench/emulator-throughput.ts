/**
 * The emulator against the least an HTTP server can do: bare node:http answering the same bytes (same status,
 * same body) with no logic at all, for four requests: GET one schema, GET a page of 25, POST a new schema, PUT
 * the next version of one. Both servers run in this process with the rate limit off; the load comes from a child
 * process (so client and server do not share one event loop): 16 keep-alive connections, one request in flight
 * on each, a fixed number of requests per run. Bare and emulator runs alternate in pairs (A, B, B, A, ...); each
 * figure is the median of the paired ratios, with their range.
 * - throughput: emulator requests/s / bare requests/s (higher is better), target >= 0.8;
 * - tail latency: emulator p99 / bare p99 (lower is better), target <= 2.
 * Runs are short and pairs many: on a machine shared with other work, the load changes from one second to the
 * next, and two runs close in time meet the same load. The load generator is one child process for the whole
 * benchmark, told each run's work on stdin, so no process start falls between the two runs of a pair. Beside
 * the ratios, the detail gives each server's CPU time per request (this process's CPU time during a run, divided
 * by its requests), which depends far less on the machine's load than a rate does.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import type { BenchResult } from './bench-result.js';
import { median, MIN_PAIRS } from './paired.js';

const CONNECTIONS = 16;
const REQUESTS_PER_RUN = 5_000;
const PAIRS = Math.max(MIN_PAIRS, 21);
const THROUGHPUT_TARGET = 0.8;
const P99_TARGET = 2;
const SCHEMAS = '/api/v2/customobjects/schemas';

type Kind = 'getOne' | 'getPage' | 'post' | 'put';

/**
 * The load generator, as CommonJS source for `node -e`: reads one run a line on stdin, writes its result as one
 * line on stdout ({"ok", "failed", "ms", "p99"}). Each run opens raw keep-alive sockets, one request in flight on
 * each, no pipelining, so that the client costs little and the figure is the server's. POST bodies create a new
 * schema each (a run tag and a counter in the externalId); each connection PUTs the next version of its own schema.
 */
const LOAD_SCRIPT = `
const net = require('node:net');
const fields = JSON.stringify([{ name: 'label', fieldtype: 'string', constraints: { maxLength: 200 } }, { name: 'amount', fieldtype: 'number' }]);
function runOnce({ url, token, kind, tag, connections, total, startVersions }) {
  const { hostname, port } = new URL(url);
  let sent = 0, ok = 0, failed = 0, open = 0;
  const latencies = [];
  const started = process.hrtime.bigint();
  function request(connection, n) {
    const head = (method, path, body) => method + ' ' + path + ' HTTP/1.1\\r\\nHost: ' + hostname + '\\r\\nAuthorization: Bearer ' + token + '\\r\\nConnection: keep-alive\\r\\n' +
      (body === undefined ? '\\r\\n' : 'Content-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    if (kind === 'getOne') return head('GET', '${SCHEMAS}/bench_07');
    if (kind === 'getPage') return head('GET', '${SCHEMAS}?pageSize=25');
    if (kind === 'post') return head('POST', '${SCHEMAS}', '{"externalId":"p' + tag + '_' + connection + '_' + n + '","name":"Posted","version":1,"status":"DRAFT","fields":' + fields + '}');
    const version = startVersions[connection] + n + 1;
    return head('PUT', '${SCHEMAS}/put_' + connection, '{"externalId":"put_' + connection + '","name":"Put ' + version + '","version":' + version + ',"status":"DRAFT","fields":' + fields + '}');
  }
  function connect(connection) {
    open++;
    const socket = net.connect(Number(port), hostname);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let n = 0;
    let sentAt = 0n;
    const next = () => {
      if (sent >= total) { socket.end(); return; }
      sent++;
      sentAt = process.hrtime.bigint();
      socket.write(request(connection, n++));
    };
    socket.on('connect', next);
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\\r\\n\\r\\n');
        if (headerEnd < 0) return;
        const head = buffer.subarray(0, headerEnd).toString('latin1');
        const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headerEnd + 4 + length) return;
        latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        if (/^HTTP\\/1.1 20[01]/.test(head)) ok++; else failed++;
        buffer = buffer.subarray(headerEnd + 4 + length);
        next();
      }
    });
    socket.on('error', () => { failed++; });
    socket.on('close', () => {
      if (--open > 0) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      latencies.sort((a, b) => a - b);
      process.stdout.write(JSON.stringify({ ok, failed, ms, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 }) + '\\n');
    });
  }
  for (let i = 0; i < connections; i++) connect(i);
}
let pending = '';
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\\n'); end >= 0; end = pending.indexOf('\\n')) {
    runOnce(JSON.parse(pending.slice(0, end)));
    pending = pending.slice(end + 1);
  }
});
`;

interface Run {
  ok: number;
  failed: number;
  ms: number;
  p99: number;
}

/** The load generator's process: `run` sends one run's work and resolves with its result; one run at a time. */
interface LoadGenerator {
  run(url: string, token: string, kind: Kind, tag: string, startVersions: readonly number[]): Promise<Run>;
  stop(): void;
}

function startLoadGenerator(): LoadGenerator {
  const child = spawn(process.execPath, ['-e', LOAD_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let waiting: { resolve: (run: Run) => void; reject: (error: Error) => void } | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const end = out.indexOf('\n');
    if (end < 0 || waiting === undefined) return;
    const line = out.slice(0, end);
    out = out.slice(end + 1);
    const { resolve } = waiting;
    waiting = undefined;
    resolve(JSON.parse(line) as Run);
  });
  child.on('exit', (code) => waiting?.reject(new Error(`load generator exited with ${code}`)));
  return {
    run: (url, token, kind, tag, startVersions) =>
      new Promise<Run>((resolve, reject) => {
        waiting = { resolve, reject };
        const work = { url, token, kind, tag, connections: CONNECTIONS, total: REQUESTS_PER_RUN, startVersions };
        child.stdin.write(`${JSON.stringify(work)}\n`);
      }),
    stop: () => child.kill(),
  };
}

/** A full collection where the runner allows one (`npm run bench` runs node with --expose-gc). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function token(url: string, id: string, secret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The floor: node:http reading the request and answering the bytes the emulator answers, with no logic at all. */
async function startBareServer(
  answers: Record<Kind, { status: number; body: string }>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const answer = (req: IncomingMessage): { status: number; body: string } => {
    if (req.method === 'POST') return answers.post;
    if (req.method === 'PUT') return answers.put;
    return req.url?.includes('?') === true ? answers.getPage : answers.getOne;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { status, body } = answer(req);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
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

export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0, limits: { maxSchemasPerOrg: 1_000_000 } });
  let bare: { url: string; stop(): Promise<void> } | undefined;
  let load: LoadGenerator | undefined;
  try {
    const bearer = await token(emulator.url, emulator.demoClient.id, emulator.demoClient.secret);
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> => {
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.text() };
    };
    const fields = [
      { name: 'label', fieldtype: 'string', constraints: { maxLength: 200 } },
      { name: 'amount', fieldtype: 'number' },
    ];
    // 25 schemas of 10 fields: a realistic org page; and one schema per connection for the PUTs, each at version 1.
    const versions: number[] = [];
    const seed = async (): Promise<void> => {
      await emulator.clearSchemas();
      for (let i = 0; i < 25; i++) {
        const tenFields = Array.from({ length: 10 }, (_, f) => ({
          name: `field_${f}`,
          fieldtype: f % 2 === 0 ? 'string' : 'number',
          required: f === 0,
          ...(f % 2 === 0 ? { constraints: { maxLength: 200 } } : {}),
        }));
        const created = await call('POST', SCHEMAS, {
          externalId: `bench_${String(i).padStart(2, '0')}`,
          name: `Bench ${i}`,
          version: 1,
          status: 'DRAFT',
          fields: tenFields,
        });
        if (created.status !== 201) throw new Error(`seeding failed: ${created.status}`);
      }
      for (let c = 0; c < CONNECTIONS; c++) {
        const created = await call('POST', SCHEMAS, {
          externalId: `put_${c}`,
          name: 'Put 1',
          version: 1,
          status: 'DRAFT',
          fields,
        });
        if (created.status !== 201) throw new Error(`seeding failed: ${created.status}`);
        versions[c] = 1;
      }
    };
    await seed();
    // The bytes each request gets from the emulator, for the bare server to answer with.
    const sample = { externalId: 'sample', name: 'Posted', version: 1, status: 'DRAFT', fields };
    const answers: Record<Kind, { status: number; body: string }> = {
      getOne: await call('GET', `${SCHEMAS}/bench_07`),
      getPage: await call('GET', `${SCHEMAS}?pageSize=25`),
      post: await call('POST', SCHEMAS, sample),
      put: await call('PUT', `${SCHEMAS}/sample`, { ...sample, name: 'Put 2', version: 2 }),
    };
    bare = await startBareServer(answers);
    const bareUrl = bare.url;
    const generator = startLoadGenerator();
    load = generator;

    let runs = 0;
    const results: BenchResult[] = [];
    for (const [kind, label] of [
      ['getOne', 'GET one schema'],
      ['getPage', 'GET a page of 25 schemas'],
      ['post', 'POST a new schema'],
      ['put', 'PUT the next version of a schema'],
    ] as const) {
      const throughput: number[] = [];
      const tails: number[] = [];
      const emulatorRates: number[] = [];
      const bareRates: number[] = [];
      const cpuPerRequest: Record<'bare' | 'emulator', number[]> = { bare: [], emulator: [] };
      let failed = 0;
      const once = async (side: 'bare' | 'emulator'): Promise<Run> => {
        // Both servers share this process: neither run pays for the garbage the other (or a reseed) left.
        collectGarbage();
        const cpuBefore = process.cpuUsage();
        const result = await generator.run(
          side === 'bare' ? bareUrl : emulator.url,
          side === 'bare' ? 'none' : bearer,
          kind,
          String(runs++),
          versions,
        );
        const cpu = process.cpuUsage(cpuBefore);
        cpuPerRequest[side].push((cpu.user + cpu.system) / Math.max(1, result.ok + result.failed));
        return result;
      };
      // Every emulator run of a write starts from the seeded org, so that each run does the same work: left to
      // grow, the org would reach some 100,000 schemas (200 times the platform's limit of 500) or versions, and
      // each pair would measure a slower server than the pair before (old-generation GC over a growing heap).
      const reseed = async (): Promise<void> => {
        if (kind === 'post' || kind === 'put') await seed();
      };
      await reseed();
      await once('bare');
      await once('emulator');
      cpuPerRequest.bare.length = 0;
      cpuPerRequest.emulator.length = 0;
      for (let pair = 0; pair < PAIRS; pair++) {
        const order: Array<'bare' | 'emulator'> = pair % 2 === 0 ? ['bare', 'emulator'] : ['emulator', 'bare'];
        const measured: Partial<Record<'bare' | 'emulator', Run>> = {};
        for (const side of order) {
          if (side === 'emulator') await reseed();
          measured[side] = await once(side);
        }
        const e = measured.emulator!;
        const b = measured.bare!;
        failed += e.failed + b.failed;
        const eRate = e.ok / (e.ms / 1000);
        const bRate = b.ok / (b.ms / 1000);
        emulatorRates.push(eRate);
        bareRates.push(bRate);
        throughput.push(eRate / bRate);
        tails.push(e.p99 / b.p99);
      }
      const ratio = median(throughput);
      const tail = median(tails);
      results.push(
        {
          name: `emulator ${label}: requests/s / bare node:http with the same bytes (higher is better)`,
          ratio,
          range: [Math.min(...throughput), Math.max(...throughput)],
          samples: PAIRS,
          target: `>= ${THROUGHPUT_TARGET}x`,
          pass: ratio >= THROUGHPUT_TARGET && failed === 0,
          detail:
            `medians: emulator ${median(emulatorRates).toFixed(0)}/s, bare ${median(bareRates).toFixed(0)}/s; ` +
            `server CPU per request: emulator ${median(cpuPerRequest.emulator).toFixed(0)} µs, ` +
            `bare ${median(cpuPerRequest.bare).toFixed(0)} µs; ` +
            `${REQUESTS_PER_RUN} requests a run on ${CONNECTIONS} connections; ${failed} failed`,
        },
        {
          name: `emulator ${label}: p99 latency / bare node:http p99 (lower is better)`,
          ratio: tail,
          range: [Math.min(...tails), Math.max(...tails)],
          samples: PAIRS,
          target: `<= ${P99_TARGET}x`,
          pass: tail <= P99_TARGET && failed === 0,
        },
      );
    }
    return results;
  } finally {
    load?.stop();
    await bare?.stop();
    await emulator.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
