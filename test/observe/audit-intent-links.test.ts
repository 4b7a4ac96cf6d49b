/**
 * Verify follows every `intentSeq` (docs/audit.md, "What verify catches"): the entry it names must be an earlier
 * PENDING SCHEMA_WRITE_INTENDED entry of the same schema (externalId, family, org and environment) that no earlier
 * entry resolved. A resolution naming anything else is a link problem: reported with its line and failing the
 * verification, but no break in the chain, which is checked on to its end. An intent still open at the end is no
 * fault (a run killed between its write and the answer leaves one, for the next run to settle) and is listed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditChain, type AuditContext } from '../../src/observe/audit/audit-log.js';
import type { AuditAppend } from '../../src/observe/audit/audit-log.js';
import { LISTED } from '../../src/observe/audit/audit-chain.js';
import {
  computeEntryHash,
  GENESIS_HASH,
  serializeEntry,
  type AuditEntry,
} from '../../src/observe/audit/audit-entry.js';
import { formatVerification } from '../../src/observe/audit/audit-report.js';
import { intentLinks, type IntentLinks } from '../../src/observe/audit/intent-links.js';

const CONTEXT: AuditContext = { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-123' };
const OWNER = { runId: '0f6c2a1e-0000-4000-8000-000000000001', pid: 4242, host: 'ci-runner-7' };

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-links-'));
  path = join(dir, 'audit.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function intent(schemaId: string, version = 1): AuditAppend {
  return { action: 'SCHEMA_WRITE_INTENDED', schemaId, version, status: 'PENDING', content: { schemaId }, ...OWNER };
}

function created(schemaId: string, intentSeq: number): AuditAppend {
  return { action: 'SCHEMA_CREATED', schemaId, version: 1, status: 'SUCCESS', intentSeq };
}

/** Appends each entry through the log, in its own context when one is given. */
async function write(...entries: (AuditAppend | [AuditContext, AuditAppend])[]): Promise<void> {
  for (const item of entries) {
    const [context, entry] = Array.isArray(item) ? item : [CONTEXT, item];
    await (await openAuditLog(path, context)).append(entry);
  }
}

/** The link problems verify finds: each fails the verification, the chain being checked on to its end. */
async function linkProblems(): Promise<string[]> {
  const verdict = await verifyAuditChain(path);
  expect(verdict).toMatchObject({ ok: false });
  expect(verdict).not.toHaveProperty('firstBadLine');
  return (verdict.linkProblems ?? []).map((found) => found.problem);
}

describe('verify and the intents entries resolve', () => {
  it('passes intents resolved by their write, a refusal or a later run, and lists the ones left open', async () => {
    await write(
      intent('order'),
      created('order', 1),
      intent('customer'),
      intent('invoice'),
      { action: 'SCHEMA_WRITE_NOT_DONE', schemaId: 'customer', status: 'WARNING', intentSeq: 3 },
      { action: 'SCHEMA_DEPLOYMENT_FAILED', schemaId: 'invoice', version: 1, status: 'FAILED', intentSeq: 4 },
      intent('order', 2),
      intent('customer'),
      { action: 'SCHEMA_WRITE_FOUND', schemaId: 'order', version: 2, status: 'SUCCESS', intentSeq: 7 },
      intent('invoice'),
    );
    expect(await verifyAuditChain(path)).toEqual({
      ok: true,
      entries: 10,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      openIntents: [8, 10],
      openIntentCount: 2,
    });
  });

  it('lists no open intents for a log with none', async () => {
    await write(intent('order'), created('order', 1));
    expect(await verifyAuditChain(path)).not.toHaveProperty('openIntents');
  });

  it('refuses a resolution naming an entry that does not come before it', async () => {
    await write(intent('order'), created('order', 3), created('order', 1));
    expect(await verifyAuditChain(path)).toMatchObject({
      ok: false,
      entries: 3,
      linkProblems: [
        {
          line: 2,
          problem:
            'line 2 resolves the write intended in line 3, which does not come before it: no entry resolves a later one',
        },
      ],
    });

    await rm(path);
    await write(intent('order'), created('order', 2));
    expect(await linkProblems()).toEqual([
      'line 2 resolves the write intended in line 2, which does not come before it: no entry resolves a later one',
    ]);
  });

  it('refuses a resolution naming an entry that is no intent, or no entry at all', async () => {
    await write(intent('order'), created('order', 1), { ...created('order', 2), version: 2 });
    expect(await linkProblems()).toEqual([
      'line 3 resolves the write intended in line 2, which is a SCHEMA_CREATED entry, not a SCHEMA_WRITE_INTENDED one',
    ]);

    for (const intentSeq of [0, -1, 1.5]) {
      await rm(path);
      await write(intent('order'), created('order', intentSeq));
      expect(await linkProblems()).toEqual([`line 2 has an intentSeq ${intentSeq} that names no entry`]);
    }
  });

  it('refuses a resolution naming an intended entry that is not PENDING', async () => {
    await write({ ...intent('order'), status: 'SUCCESS' }, created('order', 1));
    expect(await linkProblems()).toEqual([
      'line 2 resolves the write intended in line 1, which is a SCHEMA_WRITE_INTENDED entry with a status other than PENDING',
    ]);
  });

  it("refuses a resolution naming another schema's intent", async () => {
    await write(intent('order'), created('customer', 1));
    expect(await linkProblems()).toEqual([
      'line 2 resolves the write intended in line 1, which is for another schema than "customer"',
    ]);
  });

  it('refuses a resolution naming an intent of the same externalId in another family, org or environment', async () => {
    const cases: [AuditContext, string][] = [
      [{ ...CONTEXT, family: 'workitems' }, 'in another family than customobjects'],
      [{ ...CONTEXT, orgDomain: 'usw2.pure.cloud' }, 'in another org than mypurecloud.ie'],
      [{ ...CONTEXT, environment: 'staging' }, 'in another environment than prod'],
    ];
    for (const [other, difference] of cases) {
      await rm(path, { force: true });
      await write([other, intent('order')], created('order', 1));
      expect(await linkProblems()).toEqual([
        `line 2 resolves the write intended in line 1, which is for "order" ${difference}`,
      ]);
    }
  });

  it('takes an intent without a family, written before families were recorded, as custom objects', async () => {
    await write(intent('order'), [{ ...CONTEXT, family: 'customobjects' }, created('order', 1)]);
    expect(await verifyAuditChain(path)).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses a second resolution of one intent, naming the line that resolved it', async () => {
    await write(
      intent('order'),
      { action: 'SCHEMA_WRITE_NOT_DONE', schemaId: 'order', status: 'WARNING', intentSeq: 1 },
      intent('customer'),
      created('order', 1),
    );
    expect(await linkProblems()).toEqual([
      'line 4 resolves the write intended in line 1, which line 2 already resolved',
    ]);
  });
});

describe('verify past a link problem', () => {
  it('checks the chain to its end, reporting every link problem with its line', async () => {
    // A run hung past its bound answers after another run settled its intent: cxschema writes this itself.
    await write(
      intent('order'),
      { action: 'SCHEMA_WRITE_NOT_DONE', schemaId: 'order', status: 'WARNING', intentSeq: 1 },
      created('order', 1),
      intent('customer'),
      created('customer', 2),
      created('customer', 4),
    );
    const verdict = await verifyAuditChain(path);
    expect(verdict).toEqual({
      ok: false,
      entries: 6,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      linkProblems: [
        { line: 3, problem: 'line 3 resolves the write intended in line 1, which line 2 already resolved' },
        {
          line: 5,
          problem:
            'line 5 resolves the write intended in line 2, which is a SCHEMA_WRITE_NOT_DONE entry, not a SCHEMA_WRITE_INTENDED one',
        },
      ],
      linkProblemCount: 2,
      linkProblemsUnreviewed: 2,
    });
    expect(verdict).not.toHaveProperty('problem');

    // Lines after a link problem are still checked: an edit there breaks the chain as anywhere else.
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[4] = lines[4]!.replace('"SUCCESS"', '"FAILED"');
    await writeFile(path, lines.join('\n'));
    expect(await verifyAuditChain(path)).toMatchObject({
      ok: false,
      entries: 4,
      firstBadLine: 5,
      problem: 'line 5 has a hash that does not match its content: the entry was edited',
    });
  });

  it('takes link problems at or before the anchored entry as reviewed, and fails on later ones', async () => {
    await write(intent('order'), created('customer', 1), intent('invoice'));
    const first = await verifyAuditChain(path);
    expect(first).toMatchObject({ ok: false, entries: 3, linkProblems: [{ line: 2 }] });

    const anchored = await verifyAuditChain(path, { anchor: first.lastHash! });
    expect(anchored).toMatchObject({ ok: true, entries: 3, anchorLine: 3, linkProblems: [{ line: 2 }] });

    await write(created('order', 2));
    expect(await verifyAuditChain(path, { anchor: first.lastHash! })).toMatchObject({
      ok: false,
      entries: 4,
      anchorLine: 3,
      linkProblems: [{ line: 2 }, { line: 4 }],
    });
  });
  it('names the anchored line when the chain breaks after it, its link problems taken as reviewed', async () => {
    await write(intent('order'), created('order', 1), created('order', 1), intent('invoice'), intent('customer'));
    const lines = (await readFile(path, 'utf8')).split('\n');
    const anchor = (JSON.parse(lines[3]!) as AuditEntry).hash;
    lines[4] = lines[4]!.replace('"customer"', '"client"');
    await writeFile(path, lines.join('\n'));
    const verdict = await verifyAuditChain(path, { anchor });
    expect(verdict).toMatchObject({
      ok: false,
      entries: 4,
      firstBadLine: 5,
      anchorLine: 4,
      linkProblems: [{ line: 3 }],
      linkProblemsUnreviewed: 0,
    });
    expect(formatVerification(verdict, 'a.jsonl')).toContain(
      'all at or before the anchored entry (line 4): taken as reviewed',
    );
  });
});

describe('verify of a log with many open intents or link problems', () => {
  /** Writes a chain of `count` entries made by `make` directly, as a forged log would be. */
  async function writeChain(count: number, make: (seq: number) => Partial<AuditEntry>): Promise<void> {
    const lines: string[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq += 1) {
      const made = make(seq);
      const body = {
        seq,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
        action: 'SCHEMA_WRITE_INTENDED',
        schemaId: `schema_${seq % 7}`,
        version: 1,
        status: 'PENDING',
        environment: CONTEXT.environment,
        orgDomain: CONTEXT.orgDomain,
        actor: CONTEXT.actor,
        ...(made.action === undefined ? OWNER : {}),
        ...made,
        prevHash,
      } as Omit<AuditEntry, 'hash'>;
      const entry = { ...body, hash: computeEntryHash(body) };
      lines.push(serializeEntry(entry));
      prevHash = entry.hash;
    }
    await writeFile(path, lines.join(''));
  }

  it('lists the first LISTED open intents and counts them all', async () => {
    await writeChain(LISTED + 50, () => ({}));
    const verdict = await verifyAuditChain(path);
    expect(verdict).toMatchObject({ ok: true, entries: LISTED + 50, openIntentCount: LISTED + 50 });
    expect(verdict.openIntents).toEqual(Array.from({ length: LISTED }, (_, index) => index + 1));
    expect(formatVerification(verdict, 'a.jsonl')[1]).toMatch(
      new RegExp(
        `^${LISTED + 50} intended writes not resolved \\(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and ${LISTED + 40} more\\): `,
      ),
    );
  });

  it('lists the first LISTED link problems and counts them all', async () => {
    await writeChain(LISTED + 51, (seq) =>
      seq === 1 ? {} : { action: 'SCHEMA_CREATED', status: 'SUCCESS', schemaId: 'schema_1', intentSeq: 1 },
    );
    const verdict = await verifyAuditChain(path);
    expect(verdict).toMatchObject({
      ok: false,
      entries: LISTED + 51,
      linkProblemCount: LISTED + 49,
      linkProblemsUnreviewed: LISTED + 49,
    });
    expect(verdict.linkProblems?.map((found) => found.line)).toEqual(
      Array.from({ length: LISTED }, (_, index) => index + 3),
    );
    expect(formatVerification(verdict, 'a.jsonl')).toContain(`  and ${LISTED + 39} more`);
  });

  it('keeps no entry it has taken', async () => {
    // What verify keeps an entry is a few integers: a log of millions of open intents fits in little memory.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const links = intentLinks();
    const taken = feed(links, 100);
    // A WeakRef holds its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(taken.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect(links.open(3)).toEqual({ lines: [1, 2, 3], count: 100 });
  });

  it('keeps as little for an open intent with a long schema id as for one with a short id', async () => {
    // A forged log can give each intent a different id of megabytes: what is kept an intent must not grow with it.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const retained = async (idLength: number, resolve: boolean): Promise<number> => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const links = intentLinks();
      feed(links, 2000, idLength, resolve);
      // The WeakRefs feed makes hold their entries until this job ends.
      await new Promise((done) => setImmediate(done));
      gc();
      const after = process.memoryUsage().heapUsed;
      expect(links.open(1).count).toBe(resolve ? 0 : 2000);
      return after - before;
    };
    for (const resolve of [false, true]) {
      const short = await retained(8, resolve);
      // 2000 ids of 4000 characters are 8 MB: kept once, let alone twice, they are far more than the margin.
      expect(await retained(4000, resolve)).toBeLessThan(short + 2 * 1024 * 1024);
    }
  });

  /** Open intents taken by `links`, made here so that nothing but `links` can hold them. */
  function feed(links: IntentLinks, count: number, idLength = 8, resolve = false): WeakRef<AuditEntry>[] {
    const taken: WeakRef<AuditEntry>[] = [];
    const entryOf = (seq: number, schemaId: string): AuditEntry =>
      ({
        seq,
        action: 'SCHEMA_WRITE_INTENDED',
        status: 'PENDING',
        schemaId,
        environment: 'prod',
        orgDomain: 'mypurecloud.ie',
      }) as AuditEntry;
    for (let seq = 1; seq <= count; seq += 1) {
      const entry = entryOf(resolve ? 2 * seq - 1 : seq, `schema_${seq}_`.padEnd(idLength, 'x'));
      if (links.follow(entry) !== undefined) throw new Error(`entry ${seq} was refused`);
      taken.push(new WeakRef(entry));
      if (!resolve) continue;
      const settled = { ...entry, seq: entry.seq + 1, action: 'SCHEMA_WRITE_NOT_DONE', intentSeq: entry.seq };
      if (links.follow(settled as AuditEntry) !== undefined) throw new Error(`entry ${seq + 1} was refused`);
    }
    return taken;
  }
});

describe('a last entry missing its newline, with a link problem', () => {
  it('is an entry with a link problem, not a torn line, and the next append keeps it', async () => {
    await write(intent('order'), created('customer', 1));
    await writeFile(path, (await readFile(path, 'utf8')).replace(/\n$/, ''));
    const finding = 'line 2 resolves the write intended in line 1, which is for another schema than "customer"';
    const before = await verifyAuditChain(path);
    expect(before).toMatchObject({ ok: false, entries: 2, linkProblems: [{ line: 2, problem: finding }] });
    expect(before).not.toHaveProperty('tornTail');

    await write(intent('invoice'));
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.map((line) => (line === '' ? '' : (JSON.parse(line) as AuditEntry).action))).toEqual([
      'SCHEMA_WRITE_INTENDED',
      'SCHEMA_CREATED',
      'SCHEMA_WRITE_INTENDED',
      '',
    ]);
    expect(await verifyAuditChain(path)).toMatchObject({
      ok: false,
      entries: 3,
      linkProblems: [{ line: 2, problem: finding }],
    });
  });
});
