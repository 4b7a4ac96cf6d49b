/**
 * The emulator against the least an HTTP server can do: bare node:http answering the same bytes (same status,
 * same body) with no logic at all, for four requests: GET one schema, GET a page of 25, POST a new schema, PUT
 * the next version of one. Each server is a process of its own (processes/http-server.ts), the emulator with the
 * rate limit off; the load comes from a third process: 16 keep-alive connections, one request in flight on each,
 * a fixed number of requests per run. Bare and emulator runs alternate in pairs (A, B, B, A, ...); each figure is
 * the median of the paired ratios, with their range.
 * - throughput: emulator requests/s / bare requests/s (higher is better), target >= 0.8;
 * - tail latency: emulator p99 / bare p99 (lower is better), target <= 2.
 * Both servers are measured warm, as a server that has been answering for a while is: a few unrecorded runs of
 * each come first. Neither is made to collect its garbage between runs: in one shared process that was needed
 * (so that one server's garbage was not collected in the other's run), but a forced full collection also drops
 * the optimised code that refers to objects it frees (V8's "weak objects" deoptimisation: some 130 functions
 * after each run, node's own HTTP code among them), so that every run measured a server recompiling itself:
 * 86 against 45 µs of CPU a POST, where the same two servers, warm, take 33-43 against 15-18 µs.
 * Runs are short and pairs many: on a machine shared with other work, the load changes from one second to the
 * next, and two runs close in time meet the same load. The load generator is one child process for the whole
 * benchmark, told each run's work on stdin, so no process start falls between the two runs of a pair. Beside
 * the ratios, the detail gives each server's CPU time per request (its process's CPU time during a run, divided
 * by its requests), which depends far less on the machine's load than a rate does.
 * The POSTs are also run against calibration servers: bare node:http that busies itself for a few microseconds
 * (CALIBRATION_WORK_MICROS) before each answer and does nothing else, in the same rotation. Their ratios to bare
 * say how much work a request the 0.8 target leaves any server on this machine, whatever its code
 * (docs/architecture.md, "The emulator's cost per request").
 * The POSTs and PUTs also run against the floor: bare node:http that parses each body, keeps a resource made of it
 * and answers with that resource's JSON, and checks nothing. It is the least any server that keeps its writes does,
 * so the detail gives its ratios to bare (throughput and p99) and the emulator's to it. The targets stay against
 * bare, as the benchmark names them.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { benchScript } from './cli-process.js';
import { median, MIN_PAIRS } from './paired.js';
import type { Answers, Kind, ServerReply, ServerRequest } from './http-server-protocol.js';
import { CONNECTIONS, SCHEMAS } from './http-server-protocol.js';

const REQUESTS_PER_RUN = 5_000;
const PAIRS = Math.max(MIN_PAIRS, 21);
const THROUGHPUT_TARGET = 0.8;
const P99_TARGET = 2;
/** The calibration servers' extra work a request, in µs of busy CPU: one server for each. */
const CALIBRATION_WORK_MICROS = [5, 10] as const;
/** Unrecorded runs of each side before the pairs: V8 has compiled the hot code of both by then. */
const WARMUP_RUNS = 3;

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

/** A server process (processes/http-server.ts) and its IPC channel: one request, one reply, in order. */
interface ServerProcess {
  ask(request: ServerRequest): Promise<ServerReply>;
  /** The first message the process sends of itself. */
  announced: Promise<ServerReply>;
  stop(): void;
}

/**
 * A calibration server is named by its extra work: `calibration 5` works 5 µs more a request than bare. The floor
 * parses, keeps and serialises each write.
 */
type Side = 'bare' | 'emulator' | 'floor' | `calibration ${number}`;

function startServerProcess(side: Side): ServerProcess {
  const child: ChildProcess = fork(benchScript('http-server'), [side === 'emulator' ? side : 'bare'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<{ resolve: (reply: ServerReply) => void; reject: (error: Error) => void }> = [];
  let announce: ((reply: ServerReply) => void) | undefined;
  const announced = new Promise<ServerReply>((resolve) => (announce = resolve));
  child.on('message', (reply: ServerReply) => {
    if (announce !== undefined) {
      announce(reply);
      announce = undefined;
    } else waiting.shift()?.resolve(reply);
  });
  child.on('exit', (code) => {
    for (const { reject } of waiting.splice(0)) reject(new Error(`the ${side} server exited with ${code}`));
  });
  return {
    announced,
    ask: (request) =>
      new Promise<ServerReply>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.send(request);
      }),
    stop: () => child.kill(),
  };
}

async function cpuMicros(server: ServerProcess): Promise<number> {
  const reply = await server.ask({ type: 'cpu' });
  if (reply.type !== 'cpu') throw new Error(`expected the CPU time, got ${reply.type}`);
  return reply.micros;
}

function rangeText(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
}

/**
 * What the floor reached, and the emulator against it: `the floor (parse, keep, serialise): 0.70 of bare
 * (0.62-0.75), p99 1.60x bare (1.4-1.9), 22 µs a request; emulator / floor 0.80 (0.71-0.90), p99 1.40x (...)`.
 */
function floorDetail(floor: FloorRatios, cpu: ReadonlyMap<Side, number[]>): string {
  return (
    `the floor, bare node:http that parses, keeps and serialises each write: ` +
    `${median(floor.ofBare).toFixed(2)} of bare (${rangeText(floor.ofBare)}), ` +
    `p99 ${median(floor.tailOfBare).toFixed(2)}x bare's (${rangeText(floor.tailOfBare)}), ` +
    `${median(cpu.get('floor')!).toFixed(0)} µs a request; ` +
    `emulator / floor ${median(floor.emulatorOf).toFixed(2)} (${rangeText(floor.emulatorOf)}), ` +
    `p99 ${median(floor.emulatorTailOf).toFixed(2)}x the floor's (${rangeText(floor.emulatorTailOf)})`
  );
}

/** The floor's paired ratios: to bare, and the emulator's to the floor, for throughput and p99. */
interface FloorRatios {
  ofBare: number[];
  tailOfBare: number[];
  emulatorOf: number[];
  emulatorTailOf: number[];
}

/** What each calibration server reached: `bare + 5 µs: 0.87 of bare (0.80-0.95), 22 µs a request`. */
function calibrationDetail(ratios: ReadonlyMap<Side, number[]>, cpu: ReadonlyMap<Side, number[]>): string {
  const parts = [...ratios].map(([side, values]) => {
    const micros = side.slice('calibration '.length);
    return `bare + ${micros} µs: ${median(values).toFixed(2)} of bare (${rangeText(values)}), ${median(cpu.get(side)!).toFixed(0)} µs a request`;
  });
  return `calibration, bare node:http working more a request: ${parts.join('; ')}`;
}

export async function run(): Promise<BenchResult[]> {
  const emulatorProcess = startServerProcess('emulator');
  const bareProcess = startServerProcess('bare');
  const floorProcess = startServerProcess('floor');
  const calibrationSides = CALIBRATION_WORK_MICROS.map((micros): Side => `calibration ${micros}`);
  const processes = new Map<Side, ServerProcess>([
    ['emulator', emulatorProcess],
    ['bare', bareProcess],
    ['floor', floorProcess],
    ...calibrationSides.map((side): [Side, ServerProcess] => [side, startServerProcess(side)]),
  ]);
  let load: LoadGenerator | undefined;
  try {
    const ready = await emulatorProcess.announced;
    if (ready.type !== 'ready' || ready.token === undefined || ready.answers === undefined)
      throw new Error('the emulator process did not start');
    const emulatorUrl = ready.url;
    const bearer = ready.token;
    const answers: Answers = ready.answers;
    await bareProcess.announced;
    const bareReady = await bareProcess.ask({ type: 'answers', answers });
    if (bareReady.type !== 'ready') throw new Error('the bare server did not start');
    const bareUrl = bareReady.url;
    await floorProcess.announced;
    const floorReady = await floorProcess.ask({ type: 'answers', answers, keepWrites: true });
    if (floorReady.type !== 'ready') throw new Error('the floor server did not start');
    const urls = new Map<Side, string>([
      ['bare', bareUrl],
      ['emulator', emulatorUrl],
      ['floor', floorReady.url],
    ]);
    for (const micros of CALIBRATION_WORK_MICROS) {
      const side: Side = `calibration ${micros}`;
      const server = processes.get(side)!;
      await server.announced;
      const calibrationReady = await server.ask({ type: 'answers', answers, workMicros: micros });
      if (calibrationReady.type !== 'ready') throw new Error(`the ${side} server did not start`);
      urls.set(side, calibrationReady.url);
    }
    const versions: number[] = Array.from({ length: CONNECTIONS }, () => 1);
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
      const calibrated = kind === 'post';
      const writes = kind === 'post' || kind === 'put';
      const sides: Side[] = [
        'bare',
        'emulator',
        ...(writes ? (['floor'] as const) : []),
        ...(calibrated ? calibrationSides : []),
      ];
      const floor: FloorRatios = { ofBare: [], tailOfBare: [], emulatorOf: [], emulatorTailOf: [] };
      const calibration = new Map<Side, number[]>(calibrationSides.map((side) => [side, []]));
      const cpuPerRequest = new Map<Side, number[]>(sides.map((side) => [side, []]));
      let failed = 0;
      const once = async (side: Side): Promise<Run> => {
        const server = processes.get(side)!;
        const cpuBefore = await cpuMicros(server);
        const result = await generator.run(
          urls.get(side)!,
          side === 'emulator' ? bearer : 'none',
          kind,
          String(runs++),
          versions,
        );
        const cpu = (await cpuMicros(server)) - cpuBefore;
        cpuPerRequest.get(side)!.push(cpu / Math.max(1, result.ok + result.failed));
        return result;
      };
      // Every emulator run of a write starts from the seeded org, so that each run does the same work: left to
      // grow, the org would reach some 100,000 schemas (200 times the platform's limit of 500) or versions, and
      // each pair would measure a slower server than the pair before (old-generation GC over a growing heap). The
      // floor forgets its writes before each run for the same reason.
      const reseed = async (side: Side): Promise<void> => {
        if (writes && (side === 'emulator' || side === 'floor')) await processes.get(side)!.ask({ type: 'reseed' });
      };
      for (let warmup = 0; warmup < WARMUP_RUNS; warmup++) {
        for (const side of sides) {
          await reseed(side);
          await once(side);
        }
      }
      for (const side of sides) cpuPerRequest.get(side)!.length = 0;
      for (let pair = 0; pair < PAIRS; pair++) {
        // Each side comes first in turn, so that none always runs right after another.
        const order = [...sides.slice(pair % sides.length), ...sides.slice(0, pair % sides.length)];
        const measured: Partial<Record<Side, Run>> = {};
        for (const side of order) {
          await reseed(side);
          measured[side] = await once(side);
        }
        const e = measured.emulator!;
        const b = measured.bare!;
        failed += e.failed + b.failed;
        for (const [side, ratios] of calibration) {
          const c = measured[side];
          if (c === undefined) continue;
          failed += c.failed;
          ratios.push(c.ok / (c.ms / 1000) / (b.ok / (b.ms / 1000)));
        }
        const eRate = e.ok / (e.ms / 1000);
        const bRate = b.ok / (b.ms / 1000);
        const f = measured.floor;
        if (f !== undefined) {
          failed += f.failed;
          const fRate = f.ok / (f.ms / 1000);
          floor.ofBare.push(fRate / bRate);
          floor.tailOfBare.push(f.p99 / b.p99);
          floor.emulatorOf.push(eRate / fRate);
          floor.emulatorTailOf.push(e.p99 / f.p99);
        }
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
            `server CPU per request: emulator ${median(cpuPerRequest.get('emulator')!).toFixed(0)} µs, ` +
            `bare ${median(cpuPerRequest.get('bare')!).toFixed(0)} µs; ` +
            (writes ? `${floorDetail(floor, cpuPerRequest)}; ` : '') +
            (calibrated ? `${calibrationDetail(calibration, cpuPerRequest)}; ` : '') +
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
    for (const server of processes.values()) server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
