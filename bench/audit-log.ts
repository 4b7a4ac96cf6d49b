/**
 * The audit log's cost against the least a durable log can do. Appends: cxschema's append (lock file, read of
 * the last entry, hashing, one write, fsync) against a bare `open(append) + write + fsync + close` of the same
 * lines, 7 rounds of 50 of each, interleaved. Verification: verifyAuditChain over 20,000 entries against
 * reading the same file and JSON.parse-ing every line, 7 interleaved pairs. Settling: resolveOpenIntents over
 * 200 open intents at the end of a log of 2,000 entries, against one read of that log (readAuditEntries), 7
 * interleaved pairs: the log read once for each intent settled made this some 200x. Opening: openAuditLog (which
 * checks, under the lock, that an append could chain to the last entry) on the 20,000-entry log against the same
 * on a log of one entry, 15 interleaved pairs: the check reads the tail alone, so a run's start does not grow with
 * the log. Each figure is the median of the paired ratios, with their range.
 */
import { copyFile, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { figureOf, pairedRatio } from './paired.js';
import {
  openAuditLog,
  readAuditEntries,
  verifyAuditChain,
  GENESIS_HASH,
  type AuditEntry,
} from '../src/observe/audit/audit-log.js';
import { computeEntryHash, hashContent } from '../src/observe/audit/audit-entry.js';
import { newIntentOwner, resolveOpenIntents } from '../src/observe/audit/write-intents.js';

const APPEND_TARGET = 4;
const VERIFY_TARGET = 6;
const APPENDS = 350;
const ROUND = 50;
const VERIFY_ENTRIES = 20_000;
const SETTLE_TARGET = 5;
const OPEN_INTENTS = 200;
const SETTLE_HISTORY = 2_000;
const OPEN_TARGET = 2;
const OPEN_PAIRS = 15;
const CONTEXT = { environment: 'bench', orgDomain: 'example.test', actor: 'bench-client' };

function entry(index: number) {
  return {
    action: 'SCHEMA_UPDATED' as const,
    schemaId: `schema_${index % 50}`,
    version: index,
    status: 'SUCCESS' as const,
    latencyMs: 12.5,
    correlationId: `c-${index}`,
  };
}

/** A write intent no entry resolves, as a run killed before its answer leaves it (no owner: settled at once). */
function openIntent(index: number) {
  return {
    action: 'SCHEMA_WRITE_INTENDED' as const,
    schemaId: `intended_${index}`,
    version: 2,
    status: 'PENDING' as const,
    contentSha256: hashContent({ externalId: `intended_${index}`, version: 2 }),
  };
}

function buildChain(count: number, member: (index: number) => Partial<AuditEntry> = entry): string {
  let prevHash = GENESIS_HASH;
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const body = {
      seq: index + 1,
      timestamp: new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString(),
      ...member(index),
      ...CONTEXT,
      prevHash,
    } as Omit<AuditEntry, 'hash'>;
    const hash = computeEntryHash(body);
    lines.push(`${JSON.stringify({ ...body, hash })}\n`);
    prevHash = hash;
  }
  return lines.join('');
}

async function bareAppends(path: string, lines: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const line of lines) {
    const handle = await open(path, 'a');
    await handle.write(line);
    await handle.sync();
    await handle.close();
  }
  return performance.now() - started;
}

async function auditAppends(path: string, count: number): Promise<number> {
  const log = await openAuditLog(path, CONTEXT);
  const started = performance.now();
  for (let index = 0; index < count; index++) await log.append(entry(index));
  return performance.now() - started;
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-bench-audit-'));
  try {
    // Warm up both paths (JIT, page cache), then alternate rounds so that both see the same disk and load.
    await auditAppends(join(dir, 'warm.jsonl'), ROUND);
    const lines = (await readFile(join(dir, 'warm.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `${l}\n`);
    await bareAppends(join(dir, 'warm-bare.jsonl'), lines);
    // Rounds of 50 appends each side, in interleaved pairs: the median of the per-round ratios.
    let round = 0;
    const appends = await pairedRatio(
      () => auditAppends(join(dir, `audit-${round}.jsonl`), ROUND),
      () => bareAppends(join(dir, `bare-${round++}.jsonl`), lines),
      { pairs: APPENDS / ROUND },
    );

    // A long log, chained in memory and written at once: the figure is verification, not writing.
    const big = join(dir, 'big.jsonl');
    await writeFile(big, buildChain(VERIFY_ENTRIES));

    let parsed = 0;
    let verification = await verifyAuditChain(big);
    const verify = await pairedRatio(
      async () => {
        const started = performance.now();
        verification = await verifyAuditChain(big);
        return performance.now() - started;
      },
      async () => {
        const started = performance.now();
        parsed = 0;
        for (const line of (await readFile(big, 'utf8')).split('\n')) {
          if (line === '') continue;
          JSON.parse(line);
          parsed++;
        }
        return performance.now() - started;
      },
    );

    // The check made when a run opens its log, on the long log and on a log of one entry.
    const small = join(dir, 'small.jsonl');
    await writeFile(small, buildChain(1));
    const timeOpen = async (path: string): Promise<number> => {
      const started = performance.now();
      await openAuditLog(path, CONTEXT);
      return performance.now() - started;
    };
    const opening = await pairedRatio(
      () => timeOpen(big),
      () => timeOpen(small),
      { pairs: OPEN_PAIRS },
    );

    // A log whose last entries are the intents a crash left open; each settling works on a fresh copy of it.
    const crashed = join(dir, 'crashed.jsonl');
    await writeFile(
      crashed,
      buildChain(SETTLE_HISTORY + OPEN_INTENTS, (index) =>
        index < SETTLE_HISTORY ? entry(index) : openIntent(index - SETTLE_HISTORY),
      ),
    );
    let copies = 0;
    let settledPath = crashed;
    let resolved = 0;
    const settle = await pairedRatio(
      async () => {
        settledPath = join(dir, `settled-${copies++}.jsonl`);
        await copyFile(crashed, settledPath);
        const audit = await openAuditLog(settledPath, CONTEXT);
        const started = performance.now();
        const settlement = await resolveOpenIntents({
          audit,
          context: CONTEXT,
          run: newIntentOwner(),
          version: () => Promise.resolve(undefined),
        });
        const elapsed = performance.now() - started;
        resolved = settlement.resolved.length;
        return elapsed;
      },
      async () => {
        const started = performance.now();
        await readAuditEntries(crashed);
        return performance.now() - started;
      },
    );
    const settledLog = await verifyAuditChain(settledPath);

    return [
      {
        name: `audit append (lock + chain + fsync) / bare append + fsync, rounds of ${ROUND} entries (lower is better)`,
        ...figureOf(appends),
        target: `<= ${APPEND_TARGET}x`,
        pass: appends.median <= APPEND_TARGET,
        detail: `medians a round: audit ${appends.medianA.toFixed(0)} ms, bare ${appends.medianB.toFixed(0)} ms`,
      },
      {
        name: `audit verify / read + JSON.parse, ${VERIFY_ENTRIES} entries (lower is better)`,
        ...figureOf(verify),
        target: `<= ${VERIFY_TARGET}x`,
        pass: verify.median <= VERIFY_TARGET && verification.ok && verification.entries === parsed,
        detail: `medians: verify ${verify.medianA.toFixed(0)} ms, parse ${verify.medianB.toFixed(0)} ms, ${verification.entries} entries ok=${verification.ok}`,
      },
      {
        name: `open (the check before the first write), ${VERIFY_ENTRIES} entries / 1 entry (lower is better)`,
        ...figureOf(opening),
        target: `<= ${OPEN_TARGET}x`,
        pass: opening.median <= OPEN_TARGET,
        detail: `medians: ${opening.medianA.toFixed(2)} ms / ${opening.medianB.toFixed(2)} ms`,
      },
      {
        name: `settle ${OPEN_INTENTS} open intents / one read of the log, ${SETTLE_HISTORY + OPEN_INTENTS} entries (lower is better)`,
        ...figureOf(settle),
        target: `<= ${SETTLE_TARGET}x`,
        pass:
          settle.median <= SETTLE_TARGET &&
          resolved === OPEN_INTENTS &&
          settledLog.ok &&
          settledLog.openIntentCount === undefined,
        detail: `medians: settle ${settle.medianA.toFixed(0)} ms, read ${settle.medianB.toFixed(1)} ms, ${resolved} settled, log ok=${settledLog.ok}`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
