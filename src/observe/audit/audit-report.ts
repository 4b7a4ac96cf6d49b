/**
 * What `cxschema audit` shows, as data and text: where the log is, which entries a `--since` selects, and how a
 * verification and a list of entries read. The CLI only prints what these return.
 */
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../model/errors.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditVerification } from './audit-chain.js';

export const DEFAULT_AUDIT_PATH = '.cxschema/audit.jsonl';

/**
 * The log's path: the one given, else `audit.path` from the config file (relative to the config file's folder),
 * else `.cxschema/audit.jsonl` under that folder (the working directory when there is no config file).
 */
export function resolveAuditPath(options: {
  file?: string;
  cwd: string;
  config?: { audit?: { path?: string }; root: string };
}): string {
  if (options.file !== undefined) return resolve(options.cwd, options.file);
  const root = options.config?.root ?? options.cwd;
  const configured = options.config?.audit?.path ?? DEFAULT_AUDIT_PATH;
  return isAbsolute(configured) ? configured : resolve(root, configured);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO-8601 date or date-time, or a duration back from now (`30m`, `12h`, `7d`, `2w`). */
/** Whether the month has that day: Date.parse takes 2025-02-30 as March 2, and the filter would start there. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

export function parseSince(text: string, now: () => number = Date.now): Date {
  const relative = /^(\d+)([smhdw])$/.exec(text.trim());
  if (relative) return new Date(now() - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const date = /^(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (date && isCalendarDay(Number(date[1]), Number(date[2]), Number(date[3]))) {
    const time = Date.parse(text.trim());
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new UsageError(`--since ${JSON.stringify(text)} is neither a date nor a duration`, {
    hint: 'use an ISO-8601 date or date-time (2025-01-31, 2025-01-31T12:00:00Z) or a duration such as 30m, 12h, 7d, 2w',
  });
}

/**
 * `--anchor`: the hash verify printed, as SHA-256 hex. Hex digits are read in either case, so a hash copied from
 * a tool that prints capitals finds its entry; anything else is a mistake of the command line, not a log rewritten,
 * which is what an anchor that no entry has would otherwise be reported as.
 */
export function parseAnchor(text: string): string {
  const hash = text.trim().toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hash)) return hash;
  throw new UsageError(`--anchor ${JSON.stringify(text)} is not a SHA-256 hash`, {
    hint: 'give the 64 hexadecimal digits that audit verify printed after "last hash"',
  });
}

export function formatVerification(result: AuditVerification, shownPath: string): string[] {
  const entries = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`;
  const lines: string[] = [];
  if (result.problem === undefined) {
    const last = result.lastHash === undefined ? '' : `; last hash ${result.lastHash}`;
    lines.push(`${shownPath}: chain intact, ${entries}${last}`);
  } else {
    lines.push(`${shownPath}: ${result.problem}`);
    const verb = result.entries === 1 ? 'is' : 'are';
    lines.push(
      result.firstBadLine === undefined
        ? `${entries} checked`
        : `${entries} before line ${result.firstBadLine} ${verb} intact`,
    );
  }
  if (result.linkProblems !== undefined && result.linkProblems.length > 0) lines.push(...linkProblemLines(result));
  if (result.problem === undefined && result.openIntents !== undefined && result.openIntents.length > 0)
    lines.push(openIntentsLine(result.openIntents, result.openIntentCount ?? result.openIntents.length));
  return lines;
}

/** Link problems named in a verification's text; more are counted. */
const LINK_PROBLEMS_NAMED = 10;

/** Entries naming an intent they cannot resolve: findings, but not a break in the chain (docs/audit.md). */
function linkProblemLines(result: AuditVerification): string[] {
  const problems = result.linkProblems ?? [];
  const count = result.linkProblemCount ?? problems.length;
  const reviewed = count - (result.linkProblemsUnreviewed ?? count);
  const lines = [
    `${count} ${count === 1 ? 'entry names a write intent it cannot' : 'entries name a write intent they cannot'} resolve:`,
  ];
  for (const found of problems.slice(0, LINK_PROBLEMS_NAMED)) lines.push(`  ${found.problem}`);
  if (count > LINK_PROBLEMS_NAMED) lines.push(`  and ${count - LINK_PROBLEMS_NAMED} more`);
  const anchored = `at or before the anchored entry (line ${result.anchorLine}): taken as reviewed`;
  if (reviewed === count) {
    lines.push(`all ${anchored}`);
  } else {
    if (reviewed > 0) lines.push(`${reviewed} ${anchored}`);
    lines.push(
      'cxschema writes such an entry when a log is moved aside during a run, when a run hung past its bound answers after another settled its intent, or when the clocks of two hosts disagree (docs/audit.md); once looked at, verify with --anchor set to the last hash takes those at or before it as reviewed',
    );
  }
  return lines;
}

/** Open intents named in a verification's text; more are counted. */
const OPEN_INTENTS_NAMED = 10;

/**
 * The intents no entry resolves: no fault (docs/audit.md, "What verify catches"), so said after the verdict. A
 * run settles only intents of its own org, environment and family, and only once their owner is gone or past the bound.
 */
function openIntentsLine(lines: readonly number[], count: number): string {
  const named = lines.slice(0, OPEN_INTENTS_NAMED).join(', ');
  const more = count > OPEN_INTENTS_NAMED ? ` and ${count - OPEN_INTENTS_NAMED} more` : '';
  if (count === 1)
    return `1 intended write not resolved (line ${named}): its run is still going, or stopped before its answer came; an apply or rollback against its org, environment and family settles it once its run is gone or past its bound`;
  return `${count} intended writes not resolved (lines ${named}${more}): their runs are still going, or stopped before their answers came; an apply or rollback against their org, environment and family settles each once its run is gone or past its bound`;
}

/** One line per entry, oldest first: time, seq, action, schema and version, status, latency, who, then details. */
export function formatAuditEntries(entries: readonly AuditEntry[]): string[] {
  const actionWidth = Math.max(0, ...entries.map((entry) => entry.action.length));
  const subjectWidth = Math.max(0, ...entries.map((entry) => subjectOf(entry).length));
  return entries.map((entry) => {
    const parts = [
      entry.timestamp,
      `#${entry.seq}`.padStart(5),
      entry.action.padEnd(actionWidth),
      subjectOf(entry).padEnd(subjectWidth),
      entry.status.padEnd(7),
      entry.latencyMs === undefined ? '' : `${Math.round(entry.latencyMs)} ms`,
      `${entry.actor}@${entry.environment}`,
    ];
    if (entry.correlationId !== undefined) parts.push(`correlation ${entry.correlationId}`);
    if (entry.restoredVersion !== undefined) parts.push(`restores v${entry.restoredVersion}`);
    let line = parts.filter((part) => part !== '').join('  ');
    if (entry.reason !== undefined) line += `\n    reason: ${entry.reason}`;
    if (entry.errorMessage !== undefined) line += `\n    ${entry.errorMessage}`;
    return line;
  });
}

function subjectOf(entry: AuditEntry): string {
  if (entry.schemaId === '') return '(audit log)';
  const schema = entry.version === undefined ? entry.schemaId : `${entry.schemaId} v${entry.version}`;
  // Custom objects is the family most logs only ever hold: named only when it is another (docs/audit.md).
  return entry.family === undefined || entry.family === 'customobjects' ? schema : `${entry.family}:${schema}`;
}
