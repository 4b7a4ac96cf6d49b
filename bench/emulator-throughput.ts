/**
 * The emulator against the least an HTTP server can do: bare node:http answering the same bytes (same status,
 * same body) with no logic at all, for four requests: GET one schema, GET a page of 25, POST a new schema, PUT
 * the next version of one. Both servers run in this process with the rate limit off; the load comes from a child
 * process (so client and server do not share one event loop): 16 keep-alive connections, one request in flight
 * on each, a fixed number of requests per run. Bare and emulator runs alternate in pairs; each figure is the
 * median of the paired ratios, with their range.
 * - throughput: emulator requests/s / bare requests/s (higher is better), target >= 0.8;
 * - tail latency: emulator p99 / bare p99 (lower is better), target <= 2.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import type { BenchResult } from './bench-result.js';
import { median, MIN_PAIRS } from './paired.js';

const CONNECTIONS = 16;
const REQUESTS_PER_RUN = 6_000;
const PAIRS = MIN_PAIRS;
const THROUGHPUT_TARGET = 0.8;
const P99_TARGET = 2;
const SCHEMAS = '/api/v2/customobjects/schemas';

type Kind = 'getOne' | 'getPage' | 'post' | 'put';

/**
 * The load generator, as CommonJS source for `node -e`: raw keep-alive sockets, one request in flight on each,
 * no pipelining, so that the client costs little and the figure is the server's. POST bodies create a new schema
 * each (a run tag and a counter in the externalId); each connection PUTs the next version of its own schema.
 * Prints {"ok", "failed", "ms", "p99"} at the end.
 */
const LOAD_SCRIPT = `
const net = require('node:net');
const [url, token, kind, tag, connections, total, startVersionsJson] = process.argv.slice(1);
const { hostname, port } = new URL(url);
const startVersions = JSON.parse(startVersionsJson);
const fields = JSON.stringify([{ name: 'label', fieldtype: 'string', constraints: { maxLength: 200 } }, { name: 'amount', fieldtype: 'number' }]);
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
    if (sent >= Number(total)) { socket.end(); return; }
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
    process.stdout.write(JSON.stringify({ ok, failed, ms, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 }));
  });
}
for (let i = 0; i < Number(connections); i++) connect(i);
`;

interface Run {
  ok: number;
  failed: number;
  ms: number;
  p99: number;
}

function runLoad(url: string, token: string, kind: Kind, tag: string, startVersions: readonly number[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [
      '-e',
      LOAD_SCRIPT,
      url,
      token,
      kind,
      tag,
      String(CONNECTIONS),
      String(REQUESTS_PER_RUN),
      JSON.stringify(startVersions),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`load generator exited with ${code}`)),
    );
  });
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
    // 25 schemas of 10 fields: a realistic org page; and one schema per connection for the PUTs.
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
    const versions: number[] = [];
    for (let c = 0; c < CONNECTIONS; c++) {
      if (
        (await call('POST', SCHEMAS, { externalId: `put_${c}`, name: 'Put 1', version: 1, status: 'DRAFT', fields }))
          .status !== 201
      )
        throw new Error('seeding failed');
      versions.push(1);
    }
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
      let failed = 0;
      const once = (side: 'bare' | 'emulator'): Promise<Run> => {
        return runLoad(
          side === 'bare' ? bareUrl : emulator.url,
          side === 'bare' ? 'none' : bearer,
          kind,
          String(runs++),
          versions,
        );
      };
      // PUT versions must follow on: re-read each connection's schema after every emulator run.
      const syncVersions = async (): Promise<void> => {
        if (kind !== 'put') return;
        for (let c = 0; c < CONNECTIONS; c++)
          versions[c] = (JSON.parse((await call('GET', `${SCHEMAS}/put_${c}`)).body) as { version: number }).version;
      };
      await once('bare');
      await once('emulator');
      await syncVersions();
      for (let pair = 0; pair < PAIRS; pair++) {
        const order: Array<'bare' | 'emulator'> = pair % 2 === 0 ? ['bare', 'emulator'] : ['emulator', 'bare'];
        const measured: Partial<Record<'bare' | 'emulator', Run>> = {};
        for (const side of order) {
          measured[side] = await once(side);
          if (side === 'emulator') await syncVersions();
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
          detail: `medians: emulator ${median(emulatorRates).toFixed(0)}/s, bare ${median(bareRates).toFixed(0)}/s; ${REQUESTS_PER_RUN} requests a run on ${CONNECTIONS} connections; ${failed} failed`,
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
    await bare?.stop();
    await emulator.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
