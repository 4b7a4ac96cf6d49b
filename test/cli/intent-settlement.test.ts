/** The stderr lines of a deploy about the write intents it settled or left open (docs/audit.md). */
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { intentSettlementLines } from '../../src/cli/render/intent-settlement.js';
import { UNANSWERED_WRITE_BOUND_MS } from '../../src/observe/audit/write-intents.js';

const OWNER = { runId: '0f6c2a1e-7d1b-4c1e-9a55-3b1f4f3c2d10', pid: 48121, host: 'ci-runner-7' };

describe('intentSettlementLines', () => {
  it('says, one line each, which intents were settled and which were left to a run that may still be going', () => {
    const lines = intentSettlementLines({
      resolved: [
        { intentSeq: 3, schemaId: 'ticket', found: true },
        { intentSeq: 5, schemaId: 'order', found: false },
        { intentSeq: 6, schemaId: 'line', found: false, claimedBy: 9 },
      ],
      leftOpen: [
        { intentSeq: 41, schemaId: 'order', version: 2, owner: OWNER, ageMs: 1000, why: 'running' },
        { intentSeq: 42, schemaId: 'lead', version: 3, owner: OWNER, ageMs: 4 * 60_000 + 5000, why: 'elsewhere' },
        { intentSeq: 43, schemaId: 'lead', version: 4, owner: OWNER, ageMs: 12_000, why: 'elsewhere' },
      ],
      boundMs: UNANSWERED_WRITE_BOUND_MS,
    });
    expect(lines).toEqual([
      'audit: ticket: a write an earlier run sent without hearing back (entry #3) was done',
      'audit: order: a write an earlier run sent without hearing back (entry #5) was not done',
      'audit: line: a write an earlier run sent without hearing back (entry #6) was not done: entry #9 records the write that made that version',
      `audit: order v2: left open the write intended in entry #41: run ${OWNER.runId} (pid 48121) is still running on this host`,
      `audit: lead v3: left open the write intended in entry #42: run ${OWNER.runId} (pid 48121 on ci-runner-7) ran on another host 4 min ago and may still be waiting for its answer; settled once the intent is 93 min old`,
      `audit: lead v4: left open the write intended in entry #43: run ${OWNER.runId} (pid 48121 on ci-runner-7) ran on another host 12 s ago and may still be waiting for its answer; settled once the intent is 93 min old`,
    ]);
  });

  it('prints what the log says as text: a host name cannot move the cursor or add a line', () => {
    const [line] = intentSettlementLines({
      resolved: [],
      leftOpen: [
        {
          intentSeq: 7,
          schemaId: 'x\u001b[2Ky',
          version: 1,
          owner: { ...OWNER, host: 'evil\nhost' },
          ageMs: -5000,
          why: 'elsewhere',
        },
      ],
      boundMs: UNANSWERED_WRITE_BOUND_MS,
    });
    expect([...line!].filter((char) => char < ' ')).toEqual([]);
    expect(line).toContain('on evil\uFFFDhost');
    expect(line).toContain("ran on another host, whose clock is ahead of this one's, and may still be waiting");
  });

  it('gives the bound in force, and tells another container of this host name from another host', () => {
    const [line] = intentSettlementLines({
      resolved: [],
      leftOpen: [
        {
          intentSeq: 8,
          schemaId: 'lead',
          version: 5,
          owner: { ...OWNER, host: hostname(), pidNamespace: 'pid:[4026532999]' },
          ageMs: 60_000,
          why: 'elsewhere',
        },
      ],
      boundMs: 10 * 60_000,
    });
    expect(line).toContain('ran on another machine, boot or container of this host name 1 min ago');
    expect(line).toContain('settled once the intent is 10 min old');
  });
});
