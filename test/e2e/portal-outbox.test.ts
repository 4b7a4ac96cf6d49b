/**
 * Every change reaches the portal through the built CLI (docs/portal-events.md "When the portal does not get an
 * event"). A portal down: `apply --strict-portal` fails, a rerun while it is still down has nothing to deploy and
 * fails again, the rerun once it is up sends what the first run made, under the same event ids, and
 * `cxschema portal resend` then has nothing left to send. A run killed (SIGKILL) with a write in flight: the rerun
 * finds the write done and tells the portal of it. An outbox this user may not read is said to be one.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { startReceiver, type Receiver } from '../observe/helpers/receiver.js';
import {
  createProject,
  emulatorAndProjectPerTest,
  emulatorEnv,
  readableByAnyone,
  runCli,
  spawnCli,
  WITHOUT_ROOT,
} from '../support/cli-process.js';
import { definition, text } from '../support/schema-builders.js';

const rig = emulatorAndProjectPerTest();
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const APPLY = ['apply', '--auto-approve', '--strict-portal', '--rate-limit', '100000'];

describe('a portal down during apply', () => {
  it('gets the events it missed from the next run once it is up, under their first ids', async () => {
    rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const env = emulatorEnv(rig.emulator);
    let down = true;
    const accepted: Receiver['received'] = [];
    receiver = await startReceiver((request, response) => {
      if (down) return void response.writeHead(503).end();
      accepted.push(request);
      response.writeHead(204).end();
    });
    const project = (rig.project = await createProject(
      `schemas:\n  - "schemas/*.schema.json"\nportal:\n  url: ${receiver.url}\n`,
    ));
    await project.write([definition('customer', [text('email')]), definition('order', [text('number')])]);
    const outbox = join(project.dir, '.cxschema', 'audit.portal-outbox.jsonl');

    const first = await runCli(APPLY, { cwd: project.dir, env });
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/warning: portal export of customer v2 to .* failed after 3 attempts: HTTP 503/);
    const tried = new Set(receiver.received.map((request) => request.headers['x-cxschema-event-id'] as string));
    expect(tried.size).toBe(2);
    expect(await readFile(outbox, 'utf8')).toContain('"schema":"order"');

    // Nothing to deploy, but the portal has still not been told: under --strict-portal that fails the run.
    const stillDown = await runCli(APPLY, { cwd: project.dir, env });
    expect(stillDown.code, stillDown.stderr).toBe(1);
    expect(stillDown.stdout).toContain('No changes');
    expect(stillDown.stderr).toContain(
      `warning: 2 change events of earlier runs still wait in ${outbox}: the next apply or rollback, or cxschema portal resend, sends them`,
    );

    down = false;
    const rerun = await runCli(APPLY, { cwd: project.dir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('No changes');
    expect(rerun.stderr).toContain('portal: sent 2 change events that earlier runs left in the outbox');
    expect(new Set(accepted.map((request) => request.headers['x-cxschema-event-id']))).toEqual(tried);
    expect(accepted.map((request) => (JSON.parse(request.body) as { schema: string }).schema).sort()).toEqual([
      'customer',
      'order',
    ]);

    const resend = await runCli(['portal', 'resend'], { cwd: project.dir, env });
    expect(resend).toMatchObject({ code: 0, stdout: 'nothing to send for environment default\n' });
    expect(accepted).toHaveLength(2);
  });
});

/** Resolves once `condition` holds, looking every few milliseconds (the emulator's state, not a clock). */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!condition()) return;
      clearInterval(timer);
      resolve();
    }, 2);
  });
}

describe('a run killed between a write and its answer', () => {
  it('leaves the portal told nothing; the rerun finds the write done and sends its event, every field in it', async () => {
    // Every write is applied, then its answer is held far beyond the test: the kill lands in between.
    rig.emulator = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { slowSuccess: 1, slowSuccessMs: 600_000 },
    });
    const handle = rig.emulator;
    const env = emulatorEnv(handle);
    const accepted: Receiver['received'] = [];
    receiver = await startReceiver((request, response) => {
      accepted.push(request);
      response.writeHead(204).end();
    });
    const project = (rig.project = await createProject(
      `schemas:\n  - "schemas/*.schema.json"\nportal:\n  url: ${receiver.url}\n`,
    ));
    const customer = definition('customer', [text('label'), text('email')]);
    await project.write([customer]);

    const { child, done } = spawnCli(APPLY, { cwd: project.dir, env });
    await until(() => handle.schemas().length === 1);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(accepted).toEqual([]);

    handle.setFaults({});
    const rerun = await runCli(APPLY, { cwd: project.dir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('was done');
    const events = accepted
      .map(
        (request) => JSON.parse(request.body) as { schema: string; version: number; status: string; diff: unknown[] },
      )
      .sort((a, b) => a.version - b.version);
    // The create found done: version 1, every field as added; then the rerun's own publish.
    expect(events.map((event) => `${event.schema} v${event.version} ${event.status}`)).toEqual([
      'customer v1 DRAFT',
      'customer v2 PUBLISHED',
    ]);
    expect(events[0]!.diff).toEqual(
      customer.fields.map((field) => ({ path: field.name, kind: 'added', after: field })),
    );
    expect(events[1]!.diff).toEqual([]);
  });
});

describe('an outbox this user may not read', () => {
  it('is an error naming the file for portal resend, not an internal error', async () => {
    const project = (rig.project = await createProject(
      'schemas:\n  - "schemas/*.schema.json"\nportal:\n  url: http://127.0.0.1:9/hooks\n',
    ));
    const outbox = join(project.dir, '.cxschema', 'audit.portal-outbox.jsonl');
    await mkdir(join(project.dir, '.cxschema'));
    await writeFile(outbox, '{"op":"done","eventIds":[],"why":"sent"}\n');
    await chmod(outbox, 0o200);
    // As root, the CLI runs as nobody, whom the modes bind (root reads and writes whatever they say): first in a
    // folder it may not write in (its lock file cannot be made), then in one it may.
    await readableByAnyone(join(project.dir, '.cxschema'));
    const locked = await runCli(['portal', 'resend'], { cwd: project.dir, user: WITHOUT_ROOT });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`error: could not lock the portal outbox: cannot make ${outbox}.lock: EACCES`);
    expect(locked.stderr).not.toContain('internal error');

    await chmod(join(project.dir, '.cxschema'), 0o777);
    const unread = await runCli(['portal', 'resend'], { cwd: project.dir, user: WITHOUT_ROOT });
    expect(unread.code).toBe(1);
    expect(unread.stderr).toContain(`error: the portal outbox ${outbox} cannot be read: EACCES: permission denied`);
    expect(unread.stderr).not.toContain('internal error');
  });
});
