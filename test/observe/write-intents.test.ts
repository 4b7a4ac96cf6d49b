/** Resolving the write intents an earlier run left open (docs/audit.md "Writes whose answer never came"). */
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_OPERATION_DEADLINE_MS } from '../../src/genesys/client-options.js';
import { LONGEST_WRITE_MS, longestWriteMs } from '../../src/genesys/schema-writes.js';
import type { RemoteSchema } from '../../src/model/schema.js';
import { computeEntryHash, GENESIS_HASH, hashContent, serializeEntry } from '../../src/observe/audit/audit-entry.js';
import type { AuditEntry } from '../../src/observe/audit/audit-entry.js';
import { openAuditLog, readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import {
  newIntentOwner,
  resolveOpenIntents,
  UNANSWERED_WRITE_BOUND_MS,
  type IntentOwner,
} from '../../src/observe/audit/write-intents.js';

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', family: 'contacts', actor: 'client-123' };
const BODY = { externalId: 'vip', name: 'VIP', version: 2, status: 'PUBLISHED' as const, fields: [] };
const STORED: RemoteSchema = { ...BODY, id: 'x', dateCreated: '', dateModified: '', selfUri: '' };
/** The run that resolves: none of the intents below is its own. */
const RUN = newIntentOwner();
/** A log written before intents named their owner, frozen: an intent (seq 3) is still open in it. */
const BEFORE_OWNER = fileURLToPath(new URL('../fixtures/audit/before-intent-owner.jsonl', import.meta.url));

/** A reader of versions that answers with `answer` and records each read as "externalId vN", in order. */
function recordedReads(answer: (externalId: string) => RemoteSchema | undefined): {
  reads: string[];
  version: (externalId: string, version: number) => Promise<RemoteSchema | undefined>;
} {
  const reads: string[] = [];
  return {
    reads,
    version: async (externalId, version) => {
      reads.push(`${externalId} v${version}`);
      return answer(externalId);
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-intents-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveOpenIntents', () => {
  it('records a write found in the org, one not done, and leaves other orgs and families alone', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', content: BODY } as const;
    const done = await log.append({ ...intent, schemaId: 'vip', version: 2 });
    const lost = await log.append({ ...intent, schemaId: 'gone', version: 2 });
    const other = await openAuditLog(path, { ...CONTEXT, family: 'workitems' });
    await other.append({ ...intent, schemaId: 'vip', version: 2 });

    const { reads, version } = recordedReads((externalId) => (externalId === 'vip' ? STORED : undefined));
    const { resolved } = await resolveOpenIntents({
      audit: log,
      context: CONTEXT,
      run: RUN,
      version,
    });
    expect(reads).toEqual(['vip v2', 'gone v2']);
    expect(resolved).toEqual([
      { intentSeq: done.seq, schemaId: 'vip', found: true },
      { intentSeq: lost.seq, schemaId: 'gone', found: false },
    ]);
    const entries = (await readAuditEntries(path)).slice(3);
    expect(entries).toMatchObject([
      { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', intentSeq: done.seq, contentSha256: hashContent(BODY) },
      { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', intentSeq: lost.seq },
    ]);
    expect(entries[1]!.errorMessage).toContain('has no version 2 of gone');
    expect((await verifyAuditChain(path)).ok).toBe(true);

    // Resolved once: the next run finds nothing open in this family.
    const again = await resolveOpenIntents({ audit: log, context: CONTEXT, run: RUN, version: async () => STORED });
    expect(again).toMatchObject({ resolved: [], leftOpen: [] });
  });

  it('records as not done an intent whose version the log says another write made, contents and all', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', content: BODY, version: 2 } as const;
    // Two runs raced to write vip v2 (and vat v2) with the same contents; the other one's answer came back.
    const raced = await log.append({ ...intent, schemaId: 'vip' });
    const claim = await log.append({
      action: 'SCHEMA_PUBLISHED',
      status: 'SUCCESS',
      schemaId: 'vip',
      version: 2,
      content: BODY,
    });
    // Claims that prove nothing about the intents below: another family's vat v2, and vat v2 with other contents
    // (a schema deleted and created again since).
    const other = await openAuditLog(path, { ...CONTEXT, family: 'workitems' });
    await other.append({ action: 'SCHEMA_PUBLISHED', status: 'SUCCESS', schemaId: 'vat', version: 2, content: BODY });
    await log.append({
      action: 'SCHEMA_PUBLISHED',
      status: 'SUCCESS',
      schemaId: 'vat',
      version: 2,
      content: { ...BODY, externalId: 'vat', name: 'Older' },
    });
    const alone = await log.append({ ...intent, schemaId: 'vat', content: { ...BODY, externalId: 'vat' } });

    const { resolved } = await resolveOpenIntents({
      audit: log,
      context: CONTEXT,
      run: RUN,
      version: async (externalId) => ({ ...STORED, externalId }),
    });
    expect(resolved).toEqual([
      { intentSeq: raced.seq, schemaId: 'vip', found: false, claimedBy: claim.seq },
      { intentSeq: alone.seq, schemaId: 'vat', found: true },
    ]);
    const settled = (await readAuditEntries(path)).filter((entry) => entry.intentSeq !== undefined);
    expect(settled).toMatchObject([
      { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', intentSeq: raced.seq, contentSha256: hashContent(BODY) },
      { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', intentSeq: alone.seq },
    ]);
    expect(settled[0]!.errorMessage).toBe(
      `version 2 of vip holds what entry #${raced.seq} intended, but entry #${claim.seq} records the answer to the write that made it: the write intended in entry #${raced.seq} was not done`,
    );
    expect((await verifyAuditChain(path)).ok).toBe(true);
  });

  it("records a dead run's intent once when two runs settle it together", async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const intent = await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      schemaId: 'vip',
      version: 2,
      content: BODY,
    });
    // Both runs read the intent as open before either records what became of it.
    let arrived = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const settleAsAnotherRun = async () =>
      resolveOpenIntents({
        audit: await openAuditLog(path, CONTEXT),
        context: CONTEXT,
        run: newIntentOwner(),
        version: async () => {
          if (++arrived === 2) bothRead();
          await barrier;
          return undefined;
        },
      });
    const [first, second] = await Promise.all([settleAsAnotherRun(), settleAsAnotherRun()]);
    expect(arrived).toBe(2);
    expect([...first.resolved, ...second.resolved]).toEqual([{ intentSeq: intent.seq, schemaId: 'vip', found: false }]);
    const settlements = (await readAuditEntries(path)).filter((entry) => entry.intentSeq === intent.seq);
    expect(settlements).toMatchObject([{ action: 'SCHEMA_WRITE_NOT_DONE' }]);
  });

  it('settles no intent of a log moved aside and replaced while it read, though one is open at the same seq', async () => {
    const path = join(dir, 'audit.jsonl');
    const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', schemaId: 'vip', content: BODY } as const;
    await (await openAuditLog(path, CONTEXT)).append({ ...intent, version: 2 });
    let replacement!: AuditEntry;
    const { resolved } = await resolveOpenIntents({
      audit: await openAuditLog(path, CONTEXT),
      context: CONTEXT,
      run: RUN,
      version: async () => {
        await rename(path, join(dir, 'aside.jsonl'));
        replacement = await (await openAuditLog(path, CONTEXT)).append({ ...intent, version: 3 });
        return undefined;
      },
    });
    expect(replacement.seq).toBe(1);
    expect(resolved).toEqual([]);
    expect(await readAuditEntries(path)).toEqual([replacement]);
  });

  it('converges after a run killed while it recorded its settlements: the next settles those cut off', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', version: 2, content: BODY } as const;
    const intents = [];
    for (const schemaId of ['a', 'b', 'c']) intents.push(await log.append({ ...intent, schemaId }));
    await resolveOpenIntents({ audit: log, context: CONTEXT, run: RUN, version: async () => undefined });
    // The settlements went out in one write; cut it inside the second, as a run killed during it leaves the log.
    const text = await readFile(path, 'utf8');
    const [firstSettled, secondSettled] = text.split('\n').slice(3);
    await writeFile(path, text.slice(0, text.indexOf(secondSettled!) + Math.floor(secondSettled!.length / 2)));
    expect(firstSettled).toContain(`"intentSeq":${intents[0]!.seq}`);
    expect(await verifyAuditChain(path)).toMatchObject({ tornTail: true, entries: 4 });

    const { reads, version } = recordedReads(() => STORED);
    const again = await resolveOpenIntents({
      audit: await openAuditLog(path, CONTEXT),
      context: CONTEXT,
      run: RUN,
      version,
    });
    expect(reads).toEqual(['b v2', 'c v2']);
    expect(again.resolved).toEqual([
      { intentSeq: intents[1]!.seq, schemaId: 'b', found: true },
      { intentSeq: intents[2]!.seq, schemaId: 'c', found: true },
    ]);
    expect((await readAuditEntries(path)).slice(3)).toMatchObject([
      { action: 'SCHEMA_WRITE_NOT_DONE', intentSeq: intents[0]!.seq },
      { action: 'AUDIT_REPAIRED' },
      { action: 'SCHEMA_WRITE_FOUND', intentSeq: intents[1]!.seq },
      { action: 'SCHEMA_WRITE_FOUND', intentSeq: intents[2]!.seq },
    ]);
    const verified = await verifyAuditChain(path);
    expect(verified.ok).toBe(true);
    expect(verified.openIntents).toBeUndefined();
  });

  it('says a version holding other contents was not this write', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      schemaId: 'vip',
      version: 2,
      content: BODY,
    });
    const changed = { ...STORED, name: 'Very important' };
    const {
      resolved: [resolution],
    } = await resolveOpenIntents({ audit: log, context: CONTEXT, run: RUN, version: async () => changed });
    expect(resolution).toMatchObject({ found: false });
    expect((await readAuditEntries(path)).at(-1)!.errorMessage).toContain('holds other contents');
  });

  it('settles an intent written before owners were recorded as it always did, in a log that still verifies', async () => {
    const path = join(dir, 'audit.jsonl');
    await copyFile(BEFORE_OWNER, path);
    expect((await verifyAuditChain(path)).ok).toBe(true);
    const log = await openAuditLog(path, { ...CONTEXT, family: 'customobjects' });
    const settled = await resolveOpenIntents({
      audit: log,
      context: { ...CONTEXT, family: 'customobjects' },
      run: RUN,
      version: async () => undefined,
    });
    expect(settled).toMatchObject({ resolved: [{ intentSeq: 3, schemaId: 'ticket', found: false }], leftOpen: [] });
    expect((await readAuditEntries(path)).at(-1)).toMatchObject({ action: 'SCHEMA_WRITE_NOT_DONE', intentSeq: 3 });
    expect((await verifyAuditChain(path)).ok).toBe(true);
  });
});

describe('resolveOpenIntents and the intents verify takes as open', () => {
  it('settles only PENDING intents, and takes no resolution from another schema as theirs', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const pending = await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      content: BODY,
      schemaId: 'vip',
      version: 2,
    });
    await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'SUCCESS',
      content: BODY,
      schemaId: 'done',
      version: 2,
    });
    // A link problem (docs/audit.md, "What verify catches"): it names the intent of another schema.
    await log.append({
      action: 'SCHEMA_CREATED',
      status: 'SUCCESS',
      schemaId: 'other',
      version: 1,
      intentSeq: pending.seq,
    });
    expect(await verifyAuditChain(path)).toMatchObject({ openIntents: [pending.seq], linkProblemCount: 1 });

    const { reads, version } = recordedReads(() => STORED);
    const { resolved } = await resolveOpenIntents({
      audit: log,
      context: CONTEXT,
      run: RUN,
      version,
    });
    expect(reads).toEqual(['vip v2']);
    expect(resolved).toEqual([{ intentSeq: pending.seq, schemaId: 'vip', found: true }]);
  });
});

describe('resolveOpenIntents and the run that wrote an intent', () => {
  const WRITTEN_AT = Date.parse('2026-03-01T12:00:00.000Z');
  const ALIVE_PID = 4242;
  const DEAD_PID = 5151;
  const isProcessAlive = (pid: number): boolean => pid === ALIVE_PID;

  /** One intent of `owner`, appended through the log with its clock at WRITTEN_AT. */
  async function intentOf(owner: IntentOwner): Promise<{ path: string; seq: number }> {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT, { now: () => new Date(WRITTEN_AT) });
    const intent = await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      schemaId: 'vip',
      version: 2,
      content: BODY,
      ...owner,
    });
    expect(intent).toMatchObject({ runId: owner.runId, pid: owner.pid, host: owner.host });
    return { path, seq: intent.seq };
  }

  /** Resolves `msLater` after the intent was written; returns the settlement and the versions read. */
  async function resolveLater(path: string, msLater: number) {
    const { reads, version } = recordedReads(() => undefined);
    const settlement = await resolveOpenIntents({
      audit: await openAuditLog(path, CONTEXT),
      context: CONTEXT,
      run: RUN,
      now: () => new Date(WRITTEN_AT + msLater),
      isProcessAlive,
      version,
    });
    return { settlement, reads, entries: await readAuditEntries(path) };
  }

  it('leaves an intent of another host open while it is younger than the bound, and settles it once older', async () => {
    const owner = { runId: 'run-on-build-7', pid: ALIVE_PID, host: `${hostname()}-build-7` };
    const { path, seq } = await intentOf(owner);

    const young = await resolveLater(path, UNANSWERED_WRITE_BOUND_MS - 1000);
    expect(young.settlement).toMatchObject({
      resolved: [],
      leftOpen: [
        {
          intentSeq: seq,
          schemaId: 'vip',
          version: 2,
          owner,
          ageMs: UNANSWERED_WRITE_BOUND_MS - 1000,
          why: 'elsewhere',
        },
      ],
    });
    // Nothing read, nothing written: the run that sent it may still get its answer and record it.
    expect(young.reads).toEqual([]);
    expect(young.entries).toHaveLength(1);

    const old = await resolveLater(path, UNANSWERED_WRITE_BOUND_MS + 1000);
    expect(old.settlement).toMatchObject({
      resolved: [{ intentSeq: seq, schemaId: 'vip', found: false }],
      leftOpen: [],
    });
    expect(old.reads).toEqual(['vip v2']);
    expect(old.entries.at(-1)).toMatchObject({ action: 'SCHEMA_WRITE_NOT_DONE', intentSeq: seq });
    expect((await verifyAuditChain(path)).ok).toBe(true);
  });

  it('leaves an intent of a live process of this host open until the bound: a pid reused keeps it no longer', async () => {
    const owner = { runId: 'run-alive', pid: ALIVE_PID, host: hostname() };
    const { path, seq } = await intentOf(owner);

    const young = await resolveLater(path, 1000);
    expect(young.settlement).toMatchObject({
      resolved: [],
      leftOpen: [{ intentSeq: seq, schemaId: 'vip', version: 2, owner, ageMs: 1000, why: 'running' }],
    });
    expect(young.reads).toEqual([]);

    const old = await resolveLater(path, UNANSWERED_WRITE_BOUND_MS + 1);
    expect(old.settlement.resolved).toEqual([{ intentSeq: seq, schemaId: 'vip', found: false }]);
    expect(old.settlement.leftOpen).toEqual([]);
  });

  it('settles at once an intent whose process of this host is gone', async () => {
    const { path, seq } = await intentOf({ runId: 'run-killed', pid: DEAD_PID, host: hostname() });
    const { settlement, reads } = await resolveLater(path, 1000);
    expect(settlement).toMatchObject({ resolved: [{ intentSeq: seq, schemaId: 'vip', found: false }], leftOpen: [] });
    expect(reads).toEqual(['vip v2']);
  });

  it('never settles an intent of its own run', async () => {
    const { path } = await intentOf({ ...RUN, pid: DEAD_PID });
    const { settlement, reads, entries } = await resolveLater(path, UNANSWERED_WRITE_BOUND_MS * 2);
    expect(settlement).toMatchObject({ resolved: [], leftOpen: [] });
    expect(reads).toEqual([]);
    expect(entries).toHaveLength(1);
  });

  describe('under one host name, several process tables', () => {
    /** This process as the resolving run sees it: a container on a machine whose boot id is boot-a. */
    const SELF = { pid: 7, host: hostname(), bootId: 'boot-a', pidNamespace: 'pid:[4026532100]', processStart: 900 };
    const startOf = (pid: number): number | undefined => (pid === ALIVE_PID ? 1234 : undefined);

    async function resolveHere(path: string, msLater: number) {
      return resolveOpenIntents({
        audit: await openAuditLog(path, CONTEXT),
        context: CONTEXT,
        run: RUN,
        now: () => new Date(WRITTEN_AT + msLater),
        processTable: { self: SELF, isAlive: isProcessAlive, startOf },
        version: async () => undefined,
      });
    }

    it('leaves open, until the bound, an intent of another machine or container of the same host name', async () => {
      // Its pid is not alive here, which says nothing: it is another process table's pid.
      for (const table of [{ bootId: 'boot-b' }, { pidNamespace: 'pid:[4026532999]' }]) {
        await rm(join(dir, 'audit.jsonl'), { force: true });
        const owner = { runId: 'run-next-door', ...SELF, pid: DEAD_PID, processStart: 55, ...table };
        const { path, seq } = await intentOf(owner);
        const young = await resolveHere(path, 1000);
        expect(young).toMatchObject({
          resolved: [],
          leftOpen: [{ intentSeq: seq, schemaId: 'vip', version: 2, owner, ageMs: 1000, why: 'elsewhere' }],
        });
        const old = await resolveHere(path, UNANSWERED_WRITE_BOUND_MS + 1);
        expect(old.resolved).toEqual([{ intentSeq: seq, schemaId: 'vip', found: false }]);
      }
    });

    it('settles at once an intent of this table whose pid now names a process started later', async () => {
      const { path, seq } = await intentOf({ runId: 'run-reused', ...SELF, pid: ALIVE_PID, processStart: 1000 });
      expect((await resolveHere(path, 1000)).resolved).toEqual([{ intentSeq: seq, schemaId: 'vip', found: false }]);
    });

    it('leaves open an intent of this table whose process still runs, started when the intent says', async () => {
      const owner = { runId: 'run-same', ...SELF, pid: ALIVE_PID, processStart: 1234 };
      const { path } = await intentOf(owner);
      expect((await resolveHere(path, 1000)).leftOpen).toMatchObject([{ owner, why: 'running' }]);
    });

    it('settles at once an intent of this very process under another run id', async () => {
      const { path, seq } = await intentOf({ runId: 'run-before-restart', ...SELF });
      const settled = await resolveOpenIntents({
        audit: await openAuditLog(path, CONTEXT),
        context: CONTEXT,
        run: { ...RUN, ...SELF },
        now: () => new Date(WRITTEN_AT + 1000),
        processTable: { self: SELF, isAlive: () => true, startOf: () => SELF.processStart },
        version: async () => undefined,
      });
      expect(settled.resolved).toEqual([{ intentSeq: seq, schemaId: 'vip', found: false }]);
    });

    it('records the table in the intent, under the hash', async () => {
      const { path } = await intentOf({ runId: 'run-1', ...SELF });
      const [entry] = await readAuditEntries(path);
      expect(entry).toMatchObject({ bootId: 'boot-a', pidNamespace: 'pid:[4026532100]', processStart: 900 });
      await writeFile(path, (await readFile(path, 'utf8')).replace('"bootId":"boot-a"', '"bootId":"boot-b"'));
      expect((await verifyAuditChain(path)).firstBadLine).toBe(1);
    });
  });

  it('records the owner under the hash: a host edited breaks the chain', async () => {
    const { path } = await intentOf({ runId: 'run-1', pid: ALIVE_PID, host: 'ci-runner' });
    expect((await verifyAuditChain(path)).ok).toBe(true);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"host":"ci-runner"', '"host":"ci-runner-2"'));
    expect((await verifyAuditChain(path)).firstBadLine).toBe(1);
  });
});

describe('the bound on a write left unanswered', () => {
  it('is the figure docs/audit.md gives, derived from the client defaults docs/client.md gives', async () => {
    const audit = await readFile(fileURLToPath(new URL('../../docs/audit.md', import.meta.url)), 'utf8');
    const seconds = UNANSWERED_WRITE_BOUND_MS / 1000;
    expect(audit).toContain(
      `The bound is ${seconds.toLocaleString('en-US')} s: **${Math.floor(seconds / 60)} min ${seconds % 60} s**`,
    );
    const client = await readFile(fileURLToPath(new URL('../../docs/client.md', import.meta.url)), 'utf8');
    expect(client).toContain(`\`longestWriteMs\`, ${Math.floor(LONGEST_WRITE_MS / 60_000)} min with the defaults`);
    expect(
      longestWriteMs({ maxAttempts: DEFAULT_MAX_ATTEMPTS, operationDeadlineMs: DEFAULT_OPERATION_DEADLINE_MS }),
    ).toBe(LONGEST_WRITE_MS);
    // A client allowed more attempts or a longer deadline writes for longer: the bound follows its settings.
    expect(longestWriteMs({ maxAttempts: 7, operationDeadlineMs: DEFAULT_OPERATION_DEADLINE_MS })).toBeGreaterThan(
      LONGEST_WRITE_MS,
    );
  });
});

describe('verify and the owner of an intent', () => {
  /** A one-entry log holding `members` on an entry of `action`, hashed as the log hashes it. */
  async function logWith(action: AuditEntry['action'], members: Partial<AuditEntry>): Promise<string> {
    const entry = {
      seq: 1,
      timestamp: '2026-03-01T12:00:00.000Z',
      action,
      schemaId: 'vip',
      version: 2,
      status: action === 'SCHEMA_WRITE_INTENDED' ? 'PENDING' : 'SUCCESS',
      ...CONTEXT,
      ...members,
      prevHash: GENESIS_HASH,
    } as Omit<AuditEntry, 'hash'>;
    const path = join(dir, 'audit.jsonl');
    await writeFile(path, serializeEntry({ ...entry, hash: computeEntryHash(entry) }));
    return path;
  }

  it('accepts an intent naming its whole owner, with or without its process table', async () => {
    const owner = { runId: 'run-1', pid: 4242, host: 'ci-runner' };
    expect((await verifyAuditChain(await logWith('SCHEMA_WRITE_INTENDED', owner))).ok).toBe(true);
    const table = { bootId: 'boot-a', pidNamespace: 'pid:[4026531836]', processStart: 900 };
    expect((await verifyAuditChain(await logWith('SCHEMA_WRITE_INTENDED', { ...owner, ...table }))).ok).toBe(true);
  });

  it.each([
    [
      'an owner on another action',
      'SCHEMA_CREATED',
      { runId: 'run-1', pid: 4242, host: 'ci' },
      'only a SCHEMA_WRITE_INTENDED',
    ],
    ['half an owner', 'SCHEMA_WRITE_INTENDED', { runId: 'run-1', pid: 4242 }, 'without "host"'],
    ['a process table without an owner', 'SCHEMA_WRITE_INTENDED', { bootId: 'boot-a' }, 'without "runId"'],
    ['an empty host', 'SCHEMA_WRITE_INTENDED', { runId: 'run-1', pid: 4242, host: '' }, 'an empty "host"'],
  ] as const)('refuses %s', async (_name, action, members, problem) => {
    const result = await verifyAuditChain(await logWith(action, members));
    expect(result).toMatchObject({ ok: false, firstBadLine: 1 });
    expect((result as { problem?: string }).problem).toContain(problem);
  });
});
