/**
 * `cxschema audit verify|show`, run in this process through the program's real command tree (program.ts);
 * stdout, stderr and the exit code are captured.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { openAuditLog } from '../../src/observe/audit/audit-log.js';

let dir: string;
let startDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-cli-'));
  startDir = process.cwd();
  process.chdir(dir);
});
afterEach(async () => {
  process.chdir(startDir);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const program = buildProgram();
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'cxschema', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

async function writeLog(path: string): Promise<void> {
  let time = Date.UTC(2025, 0, 10, 12, 0, 0);
  const log = await openAuditLog(
    path,
    { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-1' },
    { now: () => new Date(time++) },
  );
  await log.append({
    action: 'SCHEMA_CREATED',
    schemaId: 'order',
    version: 1,
    status: 'SUCCESS',
    latencyMs: 42.4,
    correlationId: 'corr-1',
  });
  time = Date.UTC(2025, 0, 20, 12, 0, 0);
  await log.append({ action: 'SCHEMA_PUBLISHED', schemaId: 'order', version: 2, status: 'SUCCESS', latencyMs: 30 });
  await log.append({
    action: 'SCHEMA_DEPLOYMENT_FAILED',
    schemaId: 'customer',
    version: 3,
    status: 'FAILED',
    errorMessage: 'HTTP 400 customobjects.schema.invalid',
  });
}

describe('cxschema audit verify', () => {
  it('exits 0 for an intact chain in the default place, .cxschema/audit.jsonl', async () => {
    await writeLog(join(dir, '.cxschema', 'audit.jsonl'));
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\.cxschema\/audit\.jsonl: chain intact, 3 entries; last hash [0-9a-f]{64}\n$/);
  });

  it('exits 1 naming the first bad line', async () => {
    const path = join(dir, 'log.jsonl');
    await writeLog(path);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"version":2', '"version":5');
    await writeFile(path, lines.join('\n'));
    const result = await cli('audit', 'verify', 'log.jsonl');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'log.jsonl: line 2 has a hash that does not match its content: the entry was edited\n1 entry before line 2 is intact\n',
    );
  });

  it('exits 1 for a resolution naming no intent unless anchored after it, and 0 listing an intent left open', async () => {
    const path = join(dir, 'log.jsonl');
    const log = await openAuditLog(path, { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-1' });
    const owner = { runId: 'run-1', pid: 4242, host: 'ci-runner-7' };
    await log.append({ action: 'SCHEMA_WRITE_INTENDED', schemaId: 'order', version: 1, status: 'PENDING', ...owner });
    const open = await cli('audit', 'verify', 'log.jsonl', '--format', 'json');
    expect(open.code).toBe(0);
    expect(JSON.parse(open.stdout)).toMatchObject({ ok: true, entries: 1, openIntents: [1] });
    expect((await cli('audit', 'verify', 'log.jsonl')).stdout).toContain('\n1 intended write not resolved (line 1): ');

    const created = await log.append({
      action: 'SCHEMA_CREATED',
      schemaId: 'customer',
      version: 1,
      status: 'SUCCESS',
      intentSeq: 1,
    });
    const result = await cli('audit', 'verify', 'log.jsonl');
    expect(result.code).toBe(1);
    const finding = 'line 2 resolves the write intended in line 1, which is for another schema than "customer"';
    expect(result.stdout).toBe(
      `log.jsonl: chain intact, 2 entries; last hash ${created.hash}\n` +
        `1 entry names a write intent it cannot resolve:\n  ${finding}\n` +
        'cxschema writes such an entry when a log is moved aside during a run, when a run hung past its bound answers after another settled its intent, or when the clocks of two hosts disagree (docs/audit.md); once looked at, verify with --anchor set to the last hash takes those at or before it as reviewed\n' +
        '1 intended write not resolved (line 1): its run is still going, or stopped before its answer came; an apply or rollback against its org, environment and family settles it once its run is gone or past its bound\n',
    );

    // Once looked at, the last hash as anchor takes the finding as reviewed.
    const reviewed = await cli('audit', 'verify', 'log.jsonl', '--anchor', created.hash, '--format', 'json');
    expect(reviewed.code).toBe(0);
    expect(JSON.parse(reviewed.stdout)).toMatchObject({
      ok: true,
      entries: 2,
      anchorLine: 2,
      linkProblems: [{ line: 2, problem: finding }],
    });
  });

  it('reports a torn last line in JSON', async () => {
    const path = join(dir, 'log.jsonl');
    await writeLog(path);
    await writeFile(path, (await readFile(path, 'utf8')) + '{"seq":4,"times');
    const result = await cli('audit', 'verify', path, '--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ path, ok: false, entries: 3, firstBadLine: 4, tornTail: true });
  });

  it('uses audit.path from the config file, relative to its folder', async () => {
    await mkdir(join(dir, 'project', 'deep'), { recursive: true });
    await writeFile(join(dir, 'project', 'cxschema.config.yaml'), 'audit:\n  path: logs/deploys.jsonl\n');
    await writeLog(join(dir, 'project', 'logs', 'deploys.jsonl'));
    process.chdir(join(dir, 'project', 'deep'));
    const result = await cli('audit', 'verify', '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, entries: 3 });
    expect(
      (JSON.parse(result.stdout) as { path: string }).path.endsWith(join('project', 'logs', 'deploys.jsonl')),
    ).toBe(true);
  });

  it('fails with a hint when there is no log', async () => {
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: no audit log at');
    expect(result.stderr).toContain('hint: apply writes the log');
  });

  it('checks an anchor', async () => {
    await writeLog(join(dir, '.cxschema', 'audit.jsonl'));
    const anchor = (JSON.parse((await cli('audit', 'verify', '--format', 'json')).stdout) as { lastHash: string })
      .lastHash;
    expect((await cli('audit', 'verify', '--anchor', anchor)).code).toBe(0);
    const wrong = await cli('audit', 'verify', '--anchor', 'f'.repeat(64));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('no entry has the anchored hash');
    // The same hash in capitals is the same hash, not a log rewritten.
    const capitals = await cli('audit', 'verify', '--anchor', anchor.toUpperCase());
    expect(capitals.code).toBe(0);
    expect(capitals.stdout).toContain('chain intact');
  });

  it('refuses an anchor that is no hash as a usage error, not as a log rewritten', async () => {
    await writeLog(join(dir, '.cxschema', 'audit.jsonl'));
    for (const anchor of ['', 'e3b0', 'g'.repeat(64)]) {
      const result = await cli('audit', 'verify', '--anchor', anchor);
      expect(result.code).toBe(64);
      expect(result.stderr).toContain(`error: --anchor ${JSON.stringify(anchor)} is not a SHA-256 hash`);
      expect(result.stdout).toBe('');
    }
  });
});

describe('cxschema audit show', () => {
  it('lists entries, filtered by schema and time', async () => {
    await writeLog(join(dir, '.cxschema', 'audit.jsonl'));
    const all = await cli('audit', 'show');
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter((line) => line !== '')).toEqual([
      '2025-01-10T12:00:00.000Z     #1  SCHEMA_CREATED            order v1     SUCCESS  42 ms  client-1@prod  correlation corr-1',
      '2025-01-20T12:00:00.000Z     #2  SCHEMA_PUBLISHED          order v2     SUCCESS  30 ms  client-1@prod',
      '2025-01-20T12:00:00.001Z     #3  SCHEMA_DEPLOYMENT_FAILED  customer v3  FAILED   client-1@prod',
      '    HTTP 400 customobjects.schema.invalid',
    ]);
    const order = await cli('audit', 'show', '--schema', 'order', '--since', '2025-01-15', '--format', 'json');
    const shown = JSON.parse(order.stdout) as { entries: Array<{ seq: number; action: string }> };
    expect(shown.entries.map((entry) => [entry.seq, entry.action])).toEqual([[2, 'SCHEMA_PUBLISHED']]);
  });

  it('says so when nothing matches, and refuses a --since it cannot read', async () => {
    await writeLog(join(dir, '.cxschema', 'audit.jsonl'));
    const none = await cli('audit', 'show', '--since', '1h');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('no audit entries match\n');
    const bad = await cli('audit', 'show', '--since', 'yesterday');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--since "yesterday" is neither a date nor a duration');
  });

  it('reads another file with --file', async () => {
    await writeLog(join(dir, 'other.jsonl'));
    const result = await cli('audit', 'show', '--file', 'other.jsonl', '--schema', 'customer', '--format', 'json');
    expect((JSON.parse(result.stdout) as { entries: unknown[] }).entries).toHaveLength(1);
  });
});
