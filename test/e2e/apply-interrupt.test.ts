/**
 * Ctrl-C or SIGTERM during apply: the steps in flight finish and no other starts, the summary says what was and
 * was not done, the audit log records the interruption, and the exit code is 130 or 143. A second signal abandons
 * the writes in flight, and the run ends once that is recorded and said; a third ends it at once. A saved plan
 * applies without a question (it was reviewed when it was saved).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { verifyAuditChain, readAuditEntries } from '../../src/observe/audit/audit-log.js';
import { definition, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, spawnCli, type Project } from '../support/cli-process.js';
import { openStalledPipe, type StalledPipe } from '../support/stalled-pipe.js';

let handle: EmulatorHandle | undefined;
let project: Project | undefined;
const children: ChildProcess[] = [];
const pipes: StalledPipe[] = [];
afterEach(async () => {
  // A test that failed half-way leaves neither a CLI running nor the pipe's ends open.
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  for (const pipe of pipes.splice(0)) pipe.close();
  await handle?.stop();
  await project?.remove();
  handle = undefined;
  project = undefined;
});

const SCHEMAS = 40;

async function setUp(): Promise<Record<string, string>> {
  // Every request held a little, so that the apply is surely still writing when the signal comes.
  handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, faults: { latency: 150 } });
  project = await createProject();
  await project.write(
    Array.from({ length: SCHEMAS }, (_, i) => definition(`s${String(i).padStart(2, '0')}`, [text('a')])),
  );
  return emulatorEnv(handle);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('apply interrupted by %s', (signal, exitCode) => {
  it(`finishes the steps in flight, says what was not done, records it, and exits ${exitCode}`, async () => {
    const env = await setUp();
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], { cwd: project!.dir, env });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      run.child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (/created s\d\d v2/.test(stderr)) resolve();
      });
      void run.done.then((r) => reject(new Error(`apply ended before the signal: ${r.code} ${r.stderr}`)));
    });
    run.child.kill(signal);
    const result = await run.done;

    expect(result.code, result.stderr).toBe(exitCode);
    expect(result.stderr).toContain(`${signal}: finishing the writes in flight, starting no more`);
    expect(result.stdout).toContain(`Apply stopped early: interrupted by ${signal}`);
    expect(result.stdout).toContain(
      `skipped s${String(SCHEMAS - 1).padStart(2, '0')}: not started: interrupted by ${signal}`,
    );
    // Every schema the org holds was finished: no step was left between its POST and its PUT.
    const held = handle!.schemas();
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(SCHEMAS);
    expect(held.every((s) => s.version === 2 && s.status === 'PUBLISHED')).toBe(true);

    const log = join(project!.dir, '.cxschema', 'audit.jsonl');
    expect(await verifyAuditChain(log)).toMatchObject({ ok: true });
    const entries = await readAuditEntries(log);
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ action: 'APPLY_INTERRUPTED', status: 'WARNING' });
    expect(last.errorMessage).toContain(`apply interrupted by ${signal}: ${held.length} steps done`);
    expect(entries.filter((e) => e.action === 'SCHEMA_CREATED')).toHaveLength(held.length);
  });
});

/** The schema writes the emulator has answered so far (a held write is logged once it is answered). */
function writesAnswered(): { method: string; path: string; status: number }[] {
  return handle!.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas'));
}

const ABANDONED = (signal: string): string =>
  `apply interrupted by ${signal}, then abandoned by ${signal}: the writes in flight were left unanswered; the next run records what became of them`;

/**
 * Apply interrupted by `signal`, then by it again while `stalled` (stdout or stderr) is read no more: resolves
 * once the CLI has recorded the abandon, and is still running (it waits to write out what the stalled stream
 * holds). Every write is made, then its answer held until the test releases it: the writes are in flight at both
 * signals.
 */
async function interruptTwiceBehindStalledPipe(signal: 'SIGINT' | 'SIGTERM', stalled: 'stdout' | 'stderr') {
  const env = await setUp();
  handle!.setFaults({ slowSuccess: 1, slowSuccessMs: 600_000 });
  const pipe = openStalledPipe(project!.dir, stalled);
  pipes.push(pipe);
  const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], {
    cwd: project!.dir,
    env,
    ...(stalled === 'stdout' ? { stdoutFd: pipe.fd } : { stderrFd: pipe.fd }),
  });
  children.push(run.child);
  pipe.handedOver();
  let stderr = '';
  run.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const readStderr = (pattern: RegExp): Promise<unknown> =>
    stalled === 'stderr' ? pipe.readUntil(pattern) : until(run.child, () => pattern.test(stderr));
  // stdout is stalled from the start (the plan waits in the CLI); stderr once the first signal is answered.
  if (stalled === 'stdout') pipe.stall();
  await until(run.child, () => handle!.schemas().length === 2);
  run.child.kill(signal);
  await readStderr(/finishing the writes in flight/);
  if (stalled === 'stderr') pipe.stall();
  run.child.kill(signal);
  const log = join(project!.dir, '.cxschema', 'audit.jsonl');
  await until(run.child, () => readFileSync(log, 'utf8').includes(ABANDONED(signal)));
  return { run, pipe, log, stderr: () => stderr };
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('apply interrupted twice by %s', (signal, exitCode) => {
  it(`abandons the writes in flight, records it, and writes its message out before it exits ${exitCode}`, async () => {
    const { run, pipe, log } = await interruptTwiceBehindStalledPipe(signal, 'stderr');
    const [rest, result] = await Promise.all([pipe.drain(), run.done]);

    expect(result.code).toBe(exitCode);
    expect(rest).toContain(`${signal} again: abandoning the writes in flight; their outcome is unknown`);
    expect(await verifyAuditChain(log)).toMatchObject({ ok: true });
    const entries = await readAuditEntries(log);
    expect(entries.at(-1)).toMatchObject({
      action: 'APPLY_INTERRUPTED',
      status: 'WARNING',
      errorMessage: ABANDONED(signal),
    });
    // The two writes in flight are left open, for the next run to settle.
    expect(entries.filter((e) => e.action === 'SCHEMA_WRITE_INTENDED')).toHaveLength(2);
    expect(entries.some((e) => e.intentSeq !== undefined)).toBe(false);
  });
});

describe('apply abandoned, then answered while it waits to exit', () => {
  it('sends no other write and appends nothing after the abandon entry', async () => {
    const { run, pipe, log, stderr } = await interruptTwiceBehindStalledPipe('SIGINT', 'stdout');
    const inFlight = handle!.schemas().map((s) => s.externalId);
    expect(writesAnswered()).toHaveLength(0);
    // The org answers the two writes in flight now, and every later write at once.
    handle!.setFaults({});
    expect(handle!.releaseHeldAnswers()).toBe(2);
    // Each step in flight ends (its answer came, and its next write is not sent), said on stderr.
    const ended = (id: string): RegExp => new RegExp(`(created|failed) ${id}\\b`);
    await until(run.child, () => inFlight.every((id) => ended(id).test(stderr())));
    expect(run.child.exitCode).toBeNull();

    expect(writesAnswered().map((w) => w.method)).toEqual(['POST', 'POST']);
    const [, result] = await Promise.all([pipe.drain(), run.done]);
    expect(result.code).toBe(130);
    expect(writesAnswered()).toHaveLength(2);
    expect(handle!.schemas().every((s) => s.version === 1)).toBe(true);
    expect(existsSync(`${log}.lock`)).toBe(false);
    expect(await verifyAuditChain(log)).toMatchObject({ ok: true });
    const entries = await readAuditEntries(log);
    expect(entries.at(-1)).toMatchObject({ action: 'APPLY_INTERRUPTED', errorMessage: ABANDONED('SIGINT') });
    expect(entries.filter((e) => e.action === 'APPLY_INTERRUPTED')).toHaveLength(1);
    // The summary of a run that went to its end is not written either.
    expect(result.stdout).toBe('');
  });
});

describe('apply abandoned while a write in flight is answered 503', () => {
  it('sends the write no more: no write reaches the org after the abandon entry', async () => {
    const env = await setUp();
    handle!.setFaults({});
    const pipe = openStalledPipe(project!.dir, 'stdout');
    pipes.push(pipe);
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], {
      cwd: project!.dir,
      env,
      stdoutFd: pipe.fd,
    });
    children.push(run.child);
    pipe.handedOver();
    pipe.stall();
    let stderr = '';
    run.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const log = join(project!.dir, '.cxschema', 'audit.jsonl');
    const entries = async () => (existsSync(log) ? await readAuditEntries(log) : []);
    await until(run.child, () => /wave 1\/1/.test(stderr));
    // From here on every request is answered 503, late: the client reads a write answered so back (the read is
    // answered 503 too, and sent again), and once it finds nothing would send the write again.
    handle!.setFaults({ latency: 1500, status: { 503: 1 } });
    await until(run.child, () => writesAnswered().some((w) => w.status === 503));
    run.child.kill('SIGINT');
    await until(run.child, () => /finishing the writes in flight/.test(stderr));
    run.child.kill('SIGINT');
    await until(run.child, () => readFileSync(log, 'utf8').includes(ABANDONED('SIGINT')));
    // The org would take a resend now.
    handle!.setFaults({});
    const inFlight = new Set(
      (await entries()).filter((e) => e.action === 'SCHEMA_WRITE_INTENDED').map((e) => e.schemaId),
    );
    // Each step that began ends, said on stderr (one done before the faults says so too).
    await until(run.child, () => [...inFlight].every((id) => new RegExp(`(created|failed) ${id}\\b`).test(stderr)));

    const answered = writesAnswered();
    // Every write the org took is one the audit log records: none was sent after the abandon entry.
    const recorded = (await entries()).filter((e) =>
      ['SCHEMA_CREATED', 'SCHEMA_UPDATED', 'SCHEMA_PUBLISHED'].includes(e.action),
    );
    expect(answered.filter((w) => w.status < 300)).toHaveLength(recorded.length);
    // The write whose send had no clear answer says so.
    expect(stderr).toMatch(/failed s\d\d: .*abandoned by SIGINT.*may still be applied/);
    const [, result] = await Promise.all([pipe.drain(), run.done]);
    expect(result.code).toBe(130);
    expect(writesAnswered()).toEqual(answered);
  });
});

describe('apply abandoned when the audit log cannot take its last entry', () => {
  it('says so on stderr before it exits', async () => {
    const env = await setUp();
    handle!.setFaults({ slowSuccess: 1, slowSuccessMs: 600_000 });
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], { cwd: project!.dir, env });
    children.push(run.child);
    let stderr = '';
    run.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await until(run.child, () => handle!.schemas().length === 2);
    run.child.kill('SIGINT');
    await until(run.child, () => /finishing the writes in flight/.test(stderr));
    // A directory where the log was: the abandon entry cannot be appended (as on a full disk).
    const log = join(project!.dir, '.cxschema', 'audit.jsonl');
    renameSync(log, `${log}.kept`);
    mkdirSync(log);
    run.child.kill('SIGINT');
    const result = await run.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('SIGINT again: abandoning the writes in flight');
    expect(result.stderr).toMatch(/warning: could not write the audit entry APPLY_INTERRUPTED for the log: .*EISDIR/);
  });
});

describe('apply interrupted three times', () => {
  it('exits at once on the third signal, without waiting for stderr to be read', async () => {
    const { run, pipe, log } = await interruptTwiceBehindStalledPipe('SIGINT', 'stderr');
    // Still running, the abandon recorded: it waits for stderr, which only the third signal cuts short.
    expect(run.child.exitCode).toBeNull();
    expect((await readAuditEntries(log)).at(-1)).toMatchObject({ errorMessage: ABANDONED('SIGINT') });
    run.child.kill('SIGINT');
    // Only now is stderr read again: the CLI has ended without it.
    expect((await run.done).code).toBe(130);
    await pipe.drain();
  });
});

/**
 * Resolves once `condition` holds, looking every few milliseconds (state, not a clock); rejects if `child` exits
 * first, so that a CLI that ended early fails the test instead of leaving it waiting.
 */
function until(child: ChildProcess, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      clearInterval(timer);
      child.off('exit', exited);
    };
    const look = (): void => {
      try {
        if (!condition()) return;
        stop();
        resolve();
      } catch (error) {
        stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    // Once the condition held, this rejection changes nothing.
    const exited = (code: number | null, signal: string | null): void => {
      stop();
      reject(new Error(`the CLI exited (${code ?? signal}) before ${condition.toString()}`));
    };
    const timer = setInterval(look, 2);
    if (child.exitCode !== null || child.signalCode !== null) exited(child.exitCode, child.signalCode);
    else child.on('exit', exited);
  });
}

describe('apply --plan', () => {
  it('applies a saved plan without asking, even without a terminal', async () => {
    const env = await setUp();
    handle!.setFaults({});
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: project!.dir, env })).code).toBe(0);
    const applied = await runCli(['apply', '--plan', 'plan.json'], { cwd: project!.dir, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Apply complete. ${SCHEMAS} created`);
  });
});
