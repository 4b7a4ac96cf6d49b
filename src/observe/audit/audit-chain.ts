/**
 * Checking an audit log's hash chain end to end, and reading its entries. A line is bad when it is not an entry,
 * when its hash does not match its content (edited), or when it does not follow the line before it (an entry
 * deleted, inserted or reordered): the chain ends there. A last line without its newline that is not an entry's
 * JSON object is a torn append: reported as such, and removed by the next append. One that is was not cut short
 * (isTorn): unless it is a whole entry following the one before it, it is reported as any other bad line.
 *
 * An entry whose `intentSeq` names a write intent it cannot resolve (intent-links.ts) is a link problem, not a
 * break: cxschema itself writes one in a few cases (docs/audit.md, "What verify catches"), so the chain is checked
 * on to its end, every link problem is reported with its line, and one at or before the `--anchor` entry counts as
 * reviewed.
 */
import { AuditLogCorruptError } from './audit-errors.js';
import { GENESIS_HASH, parseEntryLine, type AuditEntry } from './audit-entry.js';
import { checkLogFile, logReadError, readLogLineBatches, readLogLines, type LogLine } from './audit-lines.js';
import { intentLinks } from './intent-links.js';

export interface AuditVerification {
  ok: boolean;
  /** Entries whose chain holds, up to the first bad line. */
  entries: number;
  /** 1-based line number of the first bad line: where the chain breaks. */
  firstBadLine?: number;
  /** Why the chain breaks, or that the anchor is not found. */
  problem?: string;
  /** The first bad line is the last one and lacks its newline: an append was interrupted (or the file cut). */
  tornTail?: boolean;
  /** Hash of the last good entry: record it elsewhere to detect a log rewritten from that point on. */
  lastHash?: string;
  /**
   * When the log is intact: the lines of the write intents that no entry resolves, the first LISTED of them
   * (absent when there are none). No fault: a run still going, or killed between a write and its answer, leaves
   * them; a later run settles them once their owner is gone.
   */
  openIntents?: number[];
  /** How many write intents no entry resolves (`openIntents` lists at most LISTED). */
  openIntentCount?: number;
  /**
   * Entries of the chain whose `intentSeq` names no intent they can resolve, oldest first (absent when there are
   * none), the first LISTED of them. They fail the verification unless they come at or before the anchored entry
   * (`anchorLine`).
   */
  linkProblems?: LinkProblem[];
  /** How many link problems there are (`linkProblems` lists at most LISTED). */
  linkProblemCount?: number;
  /** How many of them come after the anchored entry (all of them when there is no anchor). */
  linkProblemsUnreviewed?: number;
  /** The line of the entry holding the anchored hash, when an anchor was given and found. */
  anchorLine?: number;
}

export interface LinkProblem {
  line: number;
  /** The finding, starting with "line N". */
  problem: string;
}

export interface VerifyOptions {
  /**
   * A hash recorded earlier (from a previous verify): the chain must still hold an entry with it. A chain alone
   * cannot tell a log rewritten wholesale, hashes and all, from the original; an anchor kept elsewhere can.
   */
  anchor?: string;
}

type Checked = { entry: AuditEntry } | { problem: string };

/**
 * How many open intents and link problems a verification lists: a log of any length is read with little memory,
 * and a forged one could hold millions of either. The rest are counted.
 */
export const LISTED = 100;

/** Checks one line against the entry before it. */
export function checkEntryLine(
  text: string,
  previous: { hash: string; seq: number; line: number },
  utf8 = true,
): Checked {
  const parsed = parseEntryLine(text, utf8);
  if ('problem' in parsed) return parsed;
  const entry = parsed.entry;
  if (entry.prevHash !== previous.hash || entry.seq !== previous.seq + 1) {
    return { problem: describeBrokenLink(entry, previous) };
  }
  return { entry };
}

/**
 * Whether a last line without its newline is what an interrupted append leaves. That is the start of what it wrote,
 * cut short, and no part of an entry (a flat JSON object) short of its closing brace is valid JSON; or, when a
 * repair written over a longer torn line was interrupted before the file was shortened, the end of that torn line,
 * which can be anything short of an object holding an entry's members (`12`, cut from a hash, parses). So a line
 * that parses as an object with `seq` or `hash` was not cut: an entry edited and its newline removed, which the next
 * append must not take for a crash and remove.
 */
export function isTorn(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true;
  }
  return !(typeof value === 'object' && value !== null && !Array.isArray(value) && ('seq' in value || 'hash' in value));
}

function describeBrokenLink(entry: AuditEntry, previous: { hash: string; seq: number; line: number }): string {
  const expected = previous.seq + 1;
  const after = previous.line === 0 ? 'the start of the log' : `line ${previous.line}`;
  if (entry.seq > expected) {
    // Verify stops at this line, so it cannot know whether the entries between turn up further down: two lines
    // swapped read here as one missing, and a deletion is only the likelier of the two.
    const missing = entry.seq - expected;
    return `does not follow ${after}: seq ${entry.seq} comes after seq ${previous.seq}, ${missing} ${missing === 1 ? 'entry is' : 'entries are'} missing before it (deleted, or moved further down)`;
  }
  if (entry.seq < expected) {
    return `does not follow ${after}: seq ${entry.seq} comes after seq ${previous.seq}, entries were reordered or repeated`;
  }
  return `does not follow ${after}: its prevHash is not the hash of the entry before it, an entry was replaced or inserted`;
}

export async function verifyAuditChain(path: string, options: VerifyOptions = {}): Promise<AuditVerification> {
  let previous = { hash: GENESIS_HASH, seq: 0, line: 0 };
  let anchored = options.anchor === undefined;
  let anchorLine: number | undefined;
  /** The link problems at or before the anchored entry. */
  let reviewed = 0;
  const links = intentLinks();
  const linkProblems: LinkProblem[] = [];
  let linkProblemCount = 0;
  await checkLogFile(path);
  /** A blank line is accepted only as the very last (an editor's trailing newline); one before an entry is bad. */
  let blank: LogLine | undefined;
  try {
    for await (const batch of readLogLineBatches(path)) {
      for (const line of batch) {
        if (blank !== undefined) return withLinks(badLine(blank, 'is blank, between entries', previous));
        if (line.text === '' && line.terminated) {
          blank = line;
          continue;
        }
        const checked = checkEntryLine(line.text, previous, line.utf8);
        if ('problem' in checked) return withLinks(badLine(line, checked.problem, previous));
        const unlinked = links.follow(checked.entry);
        if (unlinked !== undefined) {
          linkProblemCount += 1;
          if (linkProblems.length < LISTED)
            linkProblems.push({ line: line.number, problem: `line ${line.number} ${unlinked}` });
        }
        previous = { hash: checked.entry.hash, seq: checked.entry.seq, line: line.number };
        if (checked.entry.hash === options.anchor && !anchored) {
          anchored = true;
          anchorLine = line.number;
          reviewed = linkProblemCount;
        }
      }
    }
  } catch (error) {
    // Opened after the check above: the file may be one this user can see but not read.
    throw logReadError(path, error);
  }
  const lastHash = previous.line === 0 ? {} : { lastHash: previous.hash };
  if (!anchored) {
    return withLinks({
      ok: false,
      entries: previous.seq,
      problem: `no entry has the anchored hash ${options.anchor}: the log was rewritten or cut short`,
      ...lastHash,
    });
  }
  const open = links.open(LISTED);
  return withLinks({
    ok: linkProblemCount === reviewed,
    entries: previous.seq,
    ...lastHash,
    ...(open.count === 0 ? {} : { openIntents: open.lines, openIntentCount: open.count }),
  });

  /** The anchored line, once found, and the link problems: a line that breaks the chain after them keeps both. */
  function withLinks(result: AuditVerification): AuditVerification {
    if (anchorLine !== undefined) result = { ...result, anchorLine };
    if (linkProblemCount === 0) return result;
    return {
      ...result,
      linkProblems,
      linkProblemCount,
      linkProblemsUnreviewed: linkProblemCount - reviewed,
    };
  }
}

function badLine(
  line: LogLine,
  problem: string,
  previous: { hash: string; seq: number; line: number },
): AuditVerification {
  const result: AuditVerification = { ok: false, entries: previous.seq, firstBadLine: line.number };
  if (previous.line > 0) result.lastHash = previous.hash;
  if (!line.terminated && isTorn(line.text)) {
    // The same check by which the next append removes it (a whole entry missing its newline is kept, a link
    // problem and all, and any other line that parses is refused as an edit).
    result.tornTail = true;
    result.problem = `line ${line.number} is torn: ${Buffer.byteLength(line.text)} bytes without a newline, left by an interrupted append or a cut; the next append removes it and records AUDIT_REPAIRED`;
  } else {
    result.problem = `line ${line.number} ${problem}`;
  }
  return result;
}

export interface AuditFilter {
  /** Only entries about this schema (externalId). */
  schema?: string;
  /** Only entries at or after this time. */
  since?: Date;
}

/**
 * The entries of a log, oldest first, filtered. A torn last line is left out; any other line that is not an
 * entry stops the read (show what the log says, or say that it cannot).
 */
export async function readAuditEntries(path: string, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  const since = filter.since?.getTime();
  await checkLogFile(path);
  let blank: LogLine | undefined;
  try {
    for await (const line of readLogLines(path)) {
      if (blank !== undefined) throw new AuditLogCorruptError(path, `line ${blank.number} is blank, between entries`);
      if (line.text === '' && line.terminated) {
        blank = line;
        continue;
      }
      const parsed = parseEntryLine(line.text, line.utf8);
      if ('problem' in parsed) {
        if (!line.terminated && isTorn(line.text)) break;
        throw new AuditLogCorruptError(path, `line ${line.number} ${parsed.problem}`);
      }
      const entry = parsed.entry;
      if (filter.schema !== undefined && entry.schemaId !== filter.schema) continue;
      if (since !== undefined && Date.parse(entry.timestamp) < since) continue;
      entries.push(entry);
    }
  } catch (error) {
    // Opened after the check above: the file may be one this user can see but not read.
    throw logReadError(path, error);
  }
  return entries;
}
