/**
 * The confirmation prompt, on a real terminal: `script` gives the CLI a pseudo-terminal, and the test types its
 * keys once the prompt appears. Only "yes" applies; any other answer, Ctrl-D or Ctrl-C writes nothing, and the
 * audit log records none of them.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';

const PROMPT = "Only 'yes' is accepted";
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

function onTerminal(cwd: string, args: string, keys: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['GENESYS_OAUTH_CLIENT_ID', 'GENESYS_OAUTH_CLIENT_SECRET', 'GENESYS_OAUTH_DOMAIN'])
    delete env[name];
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!typed && output.includes(PROMPT)) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function applyOnTerminal(cwd: string, keys: string): Promise<{ code: number | null; output: string }> {
  return onTerminal(cwd, 'apply --emulator', keys);
}

/** The audit log's entries: a cancelled run appends none. */
async function auditEntries(cwd: string): Promise<string[]> {
  const text = await readFile(join(cwd, '.cxschema', 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

describe('apply asks before it writes', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxschema-confirm-'));
    await cp(new URL('../../examples/customer-infrastructure', import.meta.url), join(dir, 'schemas'), {
      recursive: true,
    });
    await writeFile(join(dir, 'cxschema.config.yaml'), 'schemas: ["schemas/*.schema.yaml"]\n');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes nothing when the answer is not yes', async () => {
    const run = await applyOnTerminal(dir, 'y\n');
    expect(run.code).toBe(1);
    expect(run.output).toContain(PROMPT);
    expect(run.output).toContain('Apply cancelled: nothing was written.');
    expect(run.output).not.toContain('Apply complete');
    expect(await readdir(join(dir, '.cxschema'))).not.toContain('emulator-state.json');
    expect(await auditEntries(dir)).toEqual([]);
  });

  it('takes Ctrl-D as no answer: cancelled, as a no is', async () => {
    const run = await applyOnTerminal(dir, CTRL_D);
    expect(run.output).not.toContain('internal error');
    expect(run.output).toMatch(/^Apply cancelled: nothing was written\.\r?$/m);
    expect(run.code).toBe(1);
    expect(await readdir(join(dir, '.cxschema'))).not.toContain('emulator-state.json');
    expect(await auditEntries(dir)).toEqual([]);
  });

  it('takes Ctrl-C as an interrupt: cancelled, exit 130', async () => {
    const run = await applyOnTerminal(dir, CTRL_C);
    expect(run.output).not.toContain('internal error');
    expect(run.output).toMatch(/^Apply cancelled: nothing was written\.\r?$/m);
    expect(run.code).toBe(130);
    expect(await readdir(join(dir, '.cxschema'))).not.toContain('emulator-state.json');
    expect(await auditEntries(dir)).toEqual([]);
  });

  it('applies the plan when the answer is yes', async () => {
    const run = await applyOnTerminal(dir, 'yes\n');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Apply complete\. 2 created/);
    expect(await readdir(join(dir, '.cxschema'))).toContain('emulator-state.json');
  });
});

describe('rollback asks before it writes', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxschema-confirm-'));
    await cp(new URL('../../examples/customer-infrastructure', import.meta.url), join(dir, 'schemas'), {
      recursive: true,
    });
    await writeFile(join(dir, 'cxschema.config.yaml'), 'schemas: ["schemas/*.schema.yaml"]\n');
    // Version 1 of support_ticket, then a version 2 to roll back from.
    expect((await onTerminal(dir, 'apply --emulator --auto-approve', '')).code).toBe(0);
    const file = join(dir, 'schemas', 'support_ticket.schema.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^description: .*$/m, 'description: A request for help.'));
    expect((await onTerminal(dir, 'apply --emulator --auto-approve', '')).code).toBe(0);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes Ctrl-C and Ctrl-D as apply does, and writes nothing', async () => {
    const before = await auditEntries(dir);
    const state = await readFile(join(dir, '.cxschema', 'emulator-state.json'), 'utf8');
    const interrupted = await onTerminal(dir, 'rollback support_ticket --to 1 --emulator', CTRL_C);
    expect(interrupted.output).not.toContain('internal error');
    expect(interrupted.output).toContain('Rollback cancelled: nothing was written.');
    expect(interrupted.code).toBe(130);
    const ended = await onTerminal(dir, 'rollback support_ticket --to 1 --emulator', CTRL_D);
    expect(ended.output).not.toContain('internal error');
    expect(ended.output).toContain('Rollback cancelled: nothing was written.');
    expect(ended.code).toBe(1);
    expect(await auditEntries(dir)).toEqual(before);
    expect(await readFile(join(dir, '.cxschema', 'emulator-state.json'), 'utf8')).toBe(state);
  });
});
