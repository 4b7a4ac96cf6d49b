/**
 * One side of the emulator benchmark, as a process of its own: `emulator` (the emulator with the rate limit off)
 * or `bare` (node:http answering fixed bytes with no logic). Each server has its own heap, so neither pays for the
 * other's garbage or shares its compiled code, and the benchmark needs no forced collection between runs (a
 * forced full collection also throws away optimised code, which measures a cold server: see the benchmark).
 * Driven over the IPC channel (`fork`), one message at a time, each answered by one message:
 * - `{ type: 'cpu' }` → `{ type: 'cpu', micros }`: this process's CPU time so far (user + system, µs);
 * - `{ type: 'reseed' }` (emulator) → `{ type: 'reseeded' }`: the org back to the seeded schemas;
 * - `{ type: 'answers', answers, workMicros, keepWrites }` (bare) → `{ type: 'ready', url }`: the bytes to answer
 *   with, how many microseconds to keep the CPU busy before each answer (the calibration's server), and whether to
 *   parse, keep and serialise each write (the floor's server), then listens;
 * - `{ type: 'reseed' }` (bare) → `{ type: 'reseeded' }`: the floor's server forgets the writes it kept.
 * Each announces itself first: the emulator with `{ type: 'ready', url, token, answers }` once it is seeded, the
 * bare server with `{ type: 'started' }` once it takes messages (one sent before would be lost).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../src/emulator/index.js';
import type { Answers, ServerReply, ServerRequest } from '../http-server-protocol.js';
import { CONNECTIONS, SCHEMAS } from '../http-server-protocol.js';

function reply(message: ServerReply): void {
  process.send?.(message);
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Keeps this thread busy for `micros` µs: work of a known cost, with no allocation and no I/O. */
function busy(micros: number): void {
  const until = process.hrtime.bigint() + BigInt(Math.round(micros * 1000));
  while (process.hrtime.bigint() < until);
}

/**
 * What any server that keeps its writes must do beyond bare node:http, and nothing more: parse the body, keep a
 * resource made of it (a new schema for a POST, the next version for a PUT) and answer with that resource's JSON.
 * No check of any kind: the floor under an emulator that also checks what the platform checks.
 */
class KeptWrites {
  private readonly schemas = new Map<string, object[]>();
  /** The last millisecond written and its text, as the emulator keeps them: writes within one share it. */
  private lastInstant = Number.NaN;
  private lastTimestamp = '';

  write(method: string, raw: string): string {
    const body = JSON.parse(raw) as { externalId: string; name: string; status: string; fields: unknown };
    const versions = this.schemas.get(body.externalId) ?? [];
    if (versions.length === 0 || method === 'POST') this.schemas.set(body.externalId, versions);
    const instant = Date.now();
    if (instant !== this.lastInstant) {
      this.lastTimestamp = new Date(instant).toISOString();
      this.lastInstant = instant;
    }
    const at = this.lastTimestamp;
    const resource = {
      id: body.externalId,
      externalId: body.externalId,
      name: body.name,
      version: versions.length + 1,
      status: body.status,
      fields: body.fields,
      dateCreated: at,
      dateModified: at,
      selfUri: `${SCHEMAS}/${body.externalId}`,
    };
    versions.push(resource);
    return JSON.stringify(resource);
  }

  forget(): void {
    this.schemas.clear();
  }
}

async function serveBare(answers: Answers, workMicros: number, kept: KeptWrites | undefined): Promise<string> {
  const answer = (req: IncomingMessage): { status: number; body: string } => {
    if (req.method === 'POST') return answers.post;
    if (req.method === 'PUT') return answers.put;
    return req.url?.includes('?') === true ? answers.getPage : answers.getOne;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { status, body: fixed } = answer(req);
      const keeps = kept !== undefined && (req.method === 'POST' || req.method === 'PUT');
      const body = keeps ? kept.write(req.method!, Buffer.concat(chunks).toString('utf8')) : fixed;
      if (workMicros > 0) busy(workMicros);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function serveEmulator(): Promise<void> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0, limits: { maxSchemasPerOrg: 1_000_000 } });
  const { id, secret } = emulator.demoClient;
  const tokenResponse = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.text() };
  };
  const fields = [
    { name: 'label', fieldtype: 'string', constraints: { maxLength: 200 } },
    { name: 'amount', fieldtype: 'number' },
  ];
  // 25 schemas of 10 fields, a realistic org page; and one schema per connection for the PUTs, at version 1.
  const seed = async (): Promise<void> => {
    await emulator.clearSchemas();
    for (let i = 0; i < 25; i++) {
      const tenFields = Array.from({ length: 10 }, (_, f) => ({
        name: `field_${f}`,
        fieldtype: f % 2 === 0 ? 'string' : 'number',
        required: f === 0,
        ...(f % 2 === 0 ? { constraints: { maxLength: 200 } } : {}),
      }));
      const externalId = `bench_${String(i).padStart(2, '0')}`;
      const created = await call('POST', SCHEMAS, {
        externalId,
        name: `Bench ${i}`,
        version: 1,
        status: 'DRAFT',
        fields: tenFields,
      });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${created.body}`);
    }
    for (let c = 0; c < CONNECTIONS; c++) {
      const created = await call('POST', SCHEMAS, {
        externalId: `put_${c}`,
        name: 'Put 1',
        version: 1,
        status: 'DRAFT',
        fields,
      });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${created.body}`);
    }
  };
  await seed();
  // The bytes each request gets from the emulator, for the bare server to answer with.
  const sample = { externalId: 'sample', name: 'Posted', version: 1, status: 'DRAFT', fields };
  const answers: Answers = {
    getOne: await call('GET', `${SCHEMAS}/bench_07`),
    getPage: await call('GET', `${SCHEMAS}?pageSize=25`),
    post: await call('POST', SCHEMAS, sample),
    put: await call('PUT', `${SCHEMAS}/sample`, { ...sample, name: 'Put 2', version: 2 }),
  };
  await seed();
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'cpu') reply({ type: 'cpu', micros: cpuMicros() });
    else if (message.type === 'reseed') void seed().then(() => reply({ type: 'reseeded' }));
  });
  reply({ type: 'ready', url: emulator.url, token, answers });
}

const side = process.argv[2];
if (side === 'emulator') {
  await serveEmulator();
} else if (side === 'bare') {
  let kept: KeptWrites | undefined;
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'cpu') reply({ type: 'cpu', micros: cpuMicros() });
    else if (message.type === 'reseed') {
      kept?.forget();
      reply({ type: 'reseeded' });
    } else if (message.type === 'answers') {
      if (message.keepWrites === true) kept = new KeptWrites();
      void serveBare(message.answers, message.workMicros ?? 0, kept).then((url) => reply({ type: 'ready', url }));
    }
  });
  reply({ type: 'started' });
} else {
  throw new Error('usage: http-server.js emulator|bare');
}
// The parent ends this process when the benchmark is done (or dies: the IPC channel closes with it).
process.on('disconnect', () => process.exit(0));
