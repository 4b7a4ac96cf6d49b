import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVerification, parseSince, resolveAuditPath } from '../../src/observe/audit/audit-report.js';
import { UsageError } from '../../src/model/errors.js';

describe('the audit log path', () => {
  it('is the file given, else audit.path under the config folder, else .cxschema/audit.jsonl', () => {
    expect(resolveAuditPath({ file: 'x.jsonl', cwd: '/work/a' })).toBe(resolve('/work/a/x.jsonl'));
    expect(resolveAuditPath({ cwd: '/work/a/b', config: { root: '/work/a', audit: { path: 'logs/a.jsonl' } } })).toBe(
      join('/work/a', 'logs/a.jsonl'),
    );
    expect(
      resolveAuditPath({ cwd: '/work/a/b', config: { root: '/work/a', audit: { path: '/var/log/cx.jsonl' } } }),
    ).toBe('/var/log/cx.jsonl');
    expect(resolveAuditPath({ cwd: '/work/a/b', config: { root: '/work/a' } })).toBe(
      join('/work/a', '.cxschema/audit.jsonl'),
    );
    expect(resolveAuditPath({ cwd: '/work/a/b' })).toBe(join('/work/a/b', '.cxschema/audit.jsonl'));
  });
});

describe('--since', () => {
  const now = (): number => Date.UTC(2025, 5, 15, 12, 0, 0);
  it('reads durations back from now and ISO-8601 dates and times', () => {
    expect(parseSince('30m', now).toISOString()).toBe('2025-06-15T11:30:00.000Z');
    expect(parseSince('12h', now).toISOString()).toBe('2025-06-15T00:00:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2025-06-08T12:00:00.000Z');
    expect(parseSince('2w', now).toISOString()).toBe('2025-06-01T12:00:00.000Z');
    expect(parseSince('2025-01-31', now).toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseSince('2025-01-31T10:20:30+02:00', now).toISOString()).toBe('2025-01-31T08:20:30.000Z');
    expect(parseSince('2024-02-29', now).toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses anything else with a usage error that shows the accepted forms', () => {
    // A day its month does not have too: Date.parse would roll 2025-02-30 over to March 2.
    for (const text of ['yesterday', '7 days', '2025-13-45', '', '2025-02-30', '2025-02-29T10:00:00Z', '2025-04-31']) {
      expect(() => parseSince(text, now)).toThrow(UsageError);
    }
    expect(() => parseSince('soon', now)).toThrow('--since "soon" is neither a date nor a duration');
  });
});

describe('verification text', () => {
  it('says the chain is intact, or names the problem and what is intact before it', () => {
    expect(formatVerification({ ok: true, entries: 0 }, 'a.jsonl')).toEqual(['a.jsonl: chain intact, 0 entries']);
    expect(
      formatVerification({ ok: false, entries: 4, firstBadLine: 5, problem: 'line 5 is not valid JSON' }, 'a.jsonl'),
    ).toEqual(['a.jsonl: line 5 is not valid JSON', '4 entries before line 5 are intact']);
  });

  it('lists the intents no entry resolves after an intact chain, as no fault', () => {
    expect(formatVerification({ ok: true, entries: 12, lastHash: 'ab', openIntents: [8, 10] }, 'a.jsonl')).toEqual([
      'a.jsonl: chain intact, 12 entries; last hash ab',
      '2 intended writes not resolved (lines 8, 10): their runs are still going, or stopped before their answers came; an apply or rollback against their org, environment and family settles each once its run is gone or past its bound',
    ]);
    const many = Array.from({ length: 12 }, (_, index) => index + 1);
    expect(formatVerification({ ok: true, entries: 12, openIntents: many }, 'a.jsonl')[1]).toMatch(
      /^12 intended writes not resolved \(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more\): /,
    );
    expect(formatVerification({ ok: true, entries: 1, openIntents: [1] }, 'a.jsonl')[1]).toMatch(
      /^1 intended write not resolved \(line 1\): its run is still going, or stopped before its answer came; /,
    );
  });
});
