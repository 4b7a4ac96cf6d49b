/**
 * `cxschema portal resend`, run in this process through the program's real command tree (program.ts) against a
 * real HTTP portal on 127.0.0.1; stdout, stderr and the exit code are captured.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { ChangeEvent } from '../../src/observe/portal/portal-export.js';
import { openPortalOutbox } from '../../src/observe/portal/portal-outbox.js';
import { startReceiver, type Receiver } from '../observe/helpers/receiver.js';

const OUTBOX = join('.cxschema', 'audit.portal-outbox.jsonl');

let dir: string;
let startDir: string;
let receiver: Receiver | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-portal-cli-'));
  startDir = process.cwd();
  process.chdir(dir);
});
afterEach(async () => {
  process.chdir(startDir);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  await receiver?.close();
  receiver = undefined;
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
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(['node', 'cxschema', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

function change(schema: string, environment: string): ChangeEvent {
  return {
    schema,
    version: 2,
    previousVersion: 1,
    status: 'PUBLISHED',
    diff: [],
    timestamp: '2026-01-02T03:04:05.000Z',
    environment,
  };
}

/** What two runs against prod and one against test left unsent. */
async function leftBehind(): Promise<void> {
  await openPortalOutbox(join(dir, OUTBOX)).append([
    { op: 'send', eventId: 'e1', environment: 'prod', event: change('customer', 'prod') },
    { op: 'send', eventId: 't1', environment: 'test', event: change('customer', 'test') },
    { op: 'send', eventId: 'e2', environment: 'prod', event: change('order', 'prod') },
  ]);
}

async function config(url: string): Promise<void> {
  await writeFile(
    join(dir, 'cxschema.config.yaml'),
    `environments:\n  prod:\n    portal: { url: "${url}" }\n  test:\n    portal: false\n`,
  );
}

describe('cxschema portal resend', () => {
  it("sends the environment's events under the ids they were made with, once, and leaves the others", async () => {
    receiver = await startReceiver((_request, response) => response.writeHead(204).end());
    await config(receiver.url);
    await leftBehind();

    const first = await cli('portal', 'resend', '--env', 'prod');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.split('\n')).toEqual([
      `sent 2 change events to ${receiver.url}: customer v2, order v2`,
      'the outbox also holds 1 change event of test: sent by a run of that environment (--env NAME; emulator: --emulator)',
      '',
    ]);
    expect(receiver.received.map((request) => request.headers['x-cxschema-event-id'])).toEqual(['e1', 'e2']);
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({
      eventId: 'e1',
      type: 'cxschema.schema.changed',
      ...change('customer', 'prod'),
    });

    const again = await cli('portal', 'resend', '--env', 'prod', '--format', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      environment: 'prod',
      sent: [],
      left: 0,
      waiting: 0,
      otherEnvironments: { test: 1 },
    });
    expect(receiver.received).toHaveLength(2);
    // The test environment's event waits for a portal of its own.
    const test = await cli('portal', 'resend', '--env', 'test');
    expect(test.code).toBe(64);
    expect(test.stderr).toContain(
      `error: the config names no portal for environment test: 1 change event waits in ${join(dir, OUTBOX)}`,
    );
  });

  it('exits 1 when the portal does not take an event, trying no other, and keeps them all', async () => {
    receiver = await startReceiver((_request, response) => response.writeHead(401).end());
    await config(receiver.url);
    await leftBehind();

    const refused = await cli('portal', 'resend', '--env', 'prod');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe(
      'the outbox also holds 1 change event of test: sent by a run of that environment (--env NAME; emulator: --emulator)\n',
    );
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      `error: portal export of customer v2 to ${receiver.url} was refused: HTTP 401`,
      `2 change events still wait in ${OUTBOX}: run cxschema portal resend again once the portal takes events`,
    ]);
    expect(receiver.received).toHaveLength(1);
    expect(await openPortalOutbox(join(dir, OUTBOX)).pending('prod')).toHaveLength(2);
  });
});
