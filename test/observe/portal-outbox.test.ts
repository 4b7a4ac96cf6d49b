/** The portal outbox file (docs/portal-events.md "When the portal does not get an event"). */
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock } from '../../src/observe/audit/audit-lock.js';
import { newIntentOwner, type IntentOwner } from '../../src/observe/audit/write-intents.js';
import { eventIdOfIntent } from '../../src/observe/portal/event-ids.js';
import { resendEvents } from '../../src/observe/portal/outbox-resend.js';
import { createPortalExporter, type ChangeEvent, type PortalExporter } from '../../src/observe/portal/portal-export.js';
import {
  MAX_OUTBOX_EVENTS,
  openPortalOutbox,
  outboxPathFor,
  OutboxUnreadableError,
  readOutboxRecords,
  type OutboxEvent,
  type OutboxRecord,
} from '../../src/observe/portal/portal-outbox.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

let dir: string;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-outbox-'));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

function change(schema: string, version = 2): ChangeEvent {
  return {
    schema,
    version,
    previousVersion: version - 1,
    status: 'PUBLISHED',
    diff: [{ path: 'email', kind: 'added', after: { name: 'email', fieldtype: 'string' } }],
    timestamp: '2026-01-02T03:04:05.000Z',
    environment: 'prod',
  };
}

const send = (eventId: string, schema: string, environment = 'prod'): OutboxRecord => ({
  op: 'send',
  eventId,
  environment,
  event: change(schema),
});

const hold = (eventId: string, schema: string, owner: IntentOwner, environment = 'prod'): OutboxRecord => ({
  op: 'hold',
  eventId,
  environment,
  owner,
  heldAt: '2026-01-02T03:04:05.000Z',
  event: change(schema, 1),
});

describe('the portal outbox', () => {
  it('lives beside the audit log, one per log', () => {
    expect(outboxPathFor('/p/.cxschema/audit.jsonl')).toBe('/p/.cxschema/audit.portal-outbox.jsonl');
    expect(outboxPathFor('/p/logs/audit-prod.jsonl')).toBe('/p/logs/audit-prod.portal-outbox.jsonl');
    expect(outboxPathFor('/p/logs/audit.log')).toBe('/p/logs/audit.log.portal-outbox.jsonl');
  });

  it('keeps its events across a torn last line, and writes over the torn bytes at the next append', async () => {
    const outbox = openPortalOutbox(join(dir, 'nested', 'audit.portal-outbox.jsonl'));
    await outbox.append([send('e1', 'customer')]);
    await outbox.append([send('e2', 'order')]);
    // An append cut short: half of a record, without its newline.
    const torn = JSON.stringify(send('e3', 'invoice')).slice(0, 40);
    await appendFile(outbox.path, torn);

    expect((await outbox.pending('prod')).map((event) => event.eventId)).toEqual(['e1', 'e2']);
    await outbox.append([send('e4', 'ticket')]);
    const text = await readFile(outbox.path, 'utf8');
    expect(text).not.toContain(torn);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(3);
    expect((await outbox.pending('prod')).map((event) => event.eventId)).toEqual(['e1', 'e2', 'e4']);
    // Only its owner reads and writes it.
    expect((await stat(outbox.path)).mode & 0o777).toBe(0o600);
  });

  it('keeps a whole last record that lost only its newline', async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    await writeFile(outbox.path, JSON.stringify(send('e1', 'customer')));
    await outbox.append([send('e2', 'order')]);
    expect((await readOutboxRecords(outbox.path)).map((record) => record.op !== 'done' && record.eventId)).toEqual([
      'e1',
      'e2',
    ]);
  });

  it('takes stock: what is done goes, holds of runs that are over are sent, the rest waits; the file holds what is left', async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    const over = newIntentOwner();
    const live = newIntentOwner();
    await outbox.append([
      send('e1', 'customer'),
      send('e2', 'order'),
      hold('h1', 'invoice', over),
      hold('h2', 'ticket', live),
      send('t1', 'customer', 'test'),
      hold('t2', 'order', { ...over, runId: 'test-run' }, 'test'),
    ]);
    await outbox.append([{ op: 'done', eventIds: ['e1'], why: 'sent' }]);
    const judged: string[] = [];
    const stock = await outbox.takeStock('prod', (owner) => {
      judged.push(owner.runId);
      return owner.runId === live.runId;
    });
    expect(stock.ready.map((event) => event.eventId)).toEqual(['e2', 'h1']);
    expect(stock).toMatchObject({ waiting: 1, dropped: [] });
    // Another environment's holds are judged by its own runs.
    expect(judged.sort()).toEqual([live.runId, over.runId].sort());

    const records = await readOutboxRecords(outbox.path);
    expect(records.map((record) => record.op !== 'done' && `${record.op} ${record.eventId}`)).toEqual([
      'send e2',
      'send h1',
      'hold h2',
      'send t1',
      'hold t2',
    ]);
    // Taking stock again changes nothing.
    const text = await readFile(outbox.path, 'utf8');
    await outbox.takeStock('prod', (owner) => owner.runId === live.runId);
    expect(await readFile(outbox.path, 'utf8')).toBe(text);

    // Once nothing is left, nor is the file.
    await outbox.append([{ op: 'done', eventIds: ['e2', 'h1', 'h2', 't1', 't2'], why: 'sent' }]);
    expect(await outbox.takeStock('prod', () => false)).toEqual({ ready: [], waiting: 0, dropped: [] });
    await expect(stat(outbox.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("removes the temporary files of a rewrite killed before its rename, and no one else's", async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    await outbox.append([send('e1', 'customer')]);
    const killed = `${outbox.path}.0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.tmp`;
    await writeFile(killed, '{"op":"send"');
    // Not a rewrite's: another file's temporary, and a name that only looks like one.
    const others = ['audit.jsonl.0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.tmp', 'audit.portal-outbox.jsonl.notes.tmp'];
    for (const name of others) await writeFile(join(dir, name), 'keep');
    const stock = await outbox.takeStock('prod', () => false);
    expect(stock.ready.map((event) => event.eventId)).toEqual(['e1']);
    const names = await readdir(dir);
    expect(names).not.toContain(basename(killed));
    expect(names).toEqual(expect.arrayContaining(others));
  });

  it(`keeps at most ${MAX_OUTBOX_EVENTS} events of an environment, dropping the oldest`, async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    const ids = Array.from({ length: MAX_OUTBOX_EVENTS + 2 }, (_, index) => `e${index}`);
    await outbox.append([send('t0', 'customer', 'test'), ...ids.map((id) => send(id, 'customer'))]);
    const stock = await outbox.takeStock('prod', () => false);
    expect(stock.dropped.map((event) => event.eventId)).toEqual(['e0', 'e1']);
    expect(stock.ready).toHaveLength(MAX_OUTBOX_EVENTS);
    expect(stock.ready[0]!.eventId).toBe('e2');
    expect(await outbox.pending('test')).toHaveLength(1);
  });

  it('refuses a file with a line in the middle that is not a record, naming the line', async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    await writeFile(outbox.path, `${JSON.stringify(send('e1', 'customer'))}\n{"op":"send"}\n`);
    const refused = await outbox.takeStock('prod', () => false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutboxUnreadableError);
    expect((refused as Error).message).toBe(
      `the portal outbox ${outbox.path} cannot be read: line 2 is not an outbox record`,
    );
  });
});

describe('the event id of a write', () => {
  it('is a UUID made from the intent that announced the write: the same for every run that makes it', () => {
    const hash = 'a'.repeat(64);
    expect(eventIdOfIntent(hash)).toBe(eventIdOfIntent(hash));
    expect(eventIdOfIntent(hash)).not.toBe(eventIdOfIntent('b'.repeat(64)));
    expect(eventIdOfIntent(hash)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the marks of events the portal took', () => {
  const waiting = (count: number): OutboxEvent[] =>
    Array.from({ length: count }, (_, index) => ({
      eventId: `e${index}`,
      environment: 'prod',
      event: change(`schema_${index}`),
    }));

  it('are asked for together while the outbox waits for its turn, and written as one record', async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    await outbox.append([send('e1', 'customer'), send('e2', 'order'), send('e3', 'invoice')]);
    await Promise.all([outbox.markSent('e1'), outbox.markSent('e2')]);
    // A mark asked for once the others are written goes in a write of its own: none waits for a later batch.
    await outbox.markSent('e3');
    expect((await readOutboxRecords(outbox.path)).filter((record) => record.op === 'done')).toEqual([
      { op: 'done', eventIds: ['e1', 'e2'], why: 'sent' },
      { op: 'done', eventIds: ['e3'], why: 'sent' },
    ]);
    expect(await outbox.pending('prod')).toEqual([]);
  });

  it('of a round that resends what waits are written together, not one write and fsync each', async () => {
    const outbox = openPortalOutbox(join(dir, 'audit.portal-outbox.jsonl'));
    const events = waiting(5);
    await outbox.append(events.map((event) => ({ op: 'send', ...event })));
    // A portal that takes each event at once: every mark is asked for before the first can be written.
    const taken: string[] = [];
    const portal: PortalExporter = { send: async (_event, options) => void taken.push(options!.eventId!) };

    const outcome = await resendEvents(events, portal, outbox);
    expect(taken).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(outcome).toEqual({ sent: events, notTried: [], unmarked: [] });
    expect((await readOutboxRecords(outbox.path)).filter((record) => record.op === 'done')).toEqual([
      { op: 'done', eventIds: ['e0', 'e1', 'e2', 'e3', 'e4'], why: 'sent' },
    ]);
    expect(await outbox.takeStock('prod', () => false)).toEqual({ ready: [], waiting: 0, dropped: [] });
  });

  it('not written leave the events to send again, under the ids they were sent with', async () => {
    const path = join(dir, 'audit.portal-outbox.jsonl');
    // The marks wait at most 50 ms for the lock, which another process holds for the whole round.
    const outbox = openPortalOutbox(path, { lock: { timeoutMs: 50 } });
    const events = waiting(3);
    await outbox.append(events.map((event) => ({ op: 'send', ...event })));
    receiver = await startReceiver((_request, response) => response.writeHead(204).end());
    const portal = createPortalExporter({ url: receiver.url, secret: 'outbox-secret' });

    const release = await acquireFileLock(`${path}.lock`);
    let first;
    try {
      first = await resendEvents(events, portal, outbox);
    } finally {
      await release();
    }
    expect(first.sent).toEqual(events);
    expect(first.unmarked.map(({ event }) => event.eventId)).toEqual(['e0', 'e1', 'e2']);

    const stock = await outbox.takeStock('prod', () => false);
    expect(stock.ready).toEqual(events);
    expect(await resendEvents(stock.ready, portal, outbox)).toMatchObject({ sent: events, unmarked: [] });
    const ids = receiver.received.map((request) => request.headers['x-cxschema-event-id']);
    expect(ids).toEqual(['e0', 'e1', 'e2', 'e0', 'e1', 'e2']);
    expect(await outbox.pending('prod')).toEqual([]);
  });
});
