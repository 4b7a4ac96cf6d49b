/**
 * What a deploy says on stderr about the write intents earlier runs left open (docs/audit.md "Writes whose
 * answer never came"): one line for each intent settled, and one for each left to a run that may still be going.
 * Schema ids, run ids and host names come from the audit log, a file anyone with access may have edited.
 */
import { hostname } from 'node:os';
import type { IntentLeftOpen, IntentResolution, IntentSettlement } from '../../observe/audit/write-intents.js';
import { sanitizeForTerminal } from './terminal-text.js';

export function intentSettlementLines(settlement: IntentSettlement): string[] {
  return [
    ...settlement.resolved.map(
      (resolution) =>
        `audit: ${sanitizeForTerminal(resolution.schemaId)}: a write an earlier run sent without hearing back (entry #${resolution.intentSeq}) ${outcome(resolution)}`,
    ),
    ...settlement.leftOpen.map((open) => leftOpenLine(open, settlement.boundMs)),
  ];
}

function outcome(resolution: IntentResolution): string {
  if (resolution.found) return 'was done';
  if (resolution.claimedBy === undefined) return 'was not done';
  return `was not done: entry #${resolution.claimedBy} records the write that made that version`;
}

function leftOpenLine(open: IntentLeftOpen, boundMs: number): string {
  const { owner } = open;
  const run = `run ${owner.runId} (pid ${owner.pid}${open.why === 'running' ? '' : ` on ${owner.host}`})`;
  const why =
    open.why === 'running'
      ? 'is still running on this host'
      : `ran ${owner.host === hostname() ? 'on another machine, boot or container of this host name' : 'on another host'}${ago(open.ageMs)} and may still be waiting for its answer; settled once the intent is ${minutes(boundMs)} old`;
  return sanitizeForTerminal(
    `audit: ${open.schemaId} v${open.version}: left open the write intended in entry #${open.intentSeq}: ${run} ${why}`,
  );
}

function ago(ms: number): string {
  if (ms < 0) return ", whose clock is ahead of this one's,";
  return ms < 60_000 ? ` ${Math.floor(ms / 1000)} s ago` : ` ${minutes(ms)} ago`;
}

function minutes(ms: number): string {
  return `${Math.floor(ms / 60_000)} min`;
}
