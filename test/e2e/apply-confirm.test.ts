/**
 * The confirmation prompt, on a real terminal: `script` gives the CLI a pseudo-terminal, and the test types its
 * keys once the prompt appears. Only "yes" applies; any other answer, Ctrl-D or Ctrl-C writes nothing, and the
 * audit log records none of them.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';

const PROMPT = "Only 'yes' is accepted";
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

/**
 * Runs the CLI on a pseudo-terminal and types `keys` once the question is shown. `errFile` sends stderr (and
 * `outFile` stdout) to a file of `cwd` instead: the question is then looked for there.
 */
function onTerminal(
  cwd: string,
  args: string,
  keys: string,
  files: { errFile?: string; outFile?: string } = {},
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['GENESYS_OAUTH_CLIENT_ID', 'GENESYS_OAUTH_CLIENT_SECRET', 'GENESYS_OAUTH_DOMAIN'])
    delete env[name];
  const redirects = [
    ...(files.outFile === undefined ? [] : [`>${files.outFile}`]),
    ...(files.errFile === undefined ? [] : [`2>${files.errFile}`]),
  ];
  // A file an earlier run left would show its question before this run asks: keys typed then would be lost.
  for (const file of [files.errFile, files.outFile]) if (file !== undefined) rmSync(join(cwd, file), { force: true });
  const command = [JSON.stringify(process.execPath), JSON.stringify(CLI), args, ...redirects].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let typed = false;
  const type = (): void => {
    typed = true;
    child.stdin.write(keys);
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!typed && files.errFile === undefined && output.includes(PROMPT)) type();
  });
  // In a file, the question is there once the file holds it: looked for until then.
  const watch =
    files.errFile === undefined
      ? undefined
      : setInterval(() => {
          void readFile(join(cwd, files.errFile!), 'utf8').then(
            (text) => {
              if (!typed && text.includes(PROMPT)) type();
            },
            () => undefined,
          );
        }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, output });
    });
  });
}

function applyOnTerminal(cwd: string, keys: string): Promise<{ code: number | null; output: string }> {
  return onTerminal(cwd, 'apply --emulator', keys);
}

/** A cancelled run writes nothing: no state of the org, no audit entry. */
async function expectNothingWritten(cwd: string): Promise<void> {
  expect(await readdir(join(cwd, '.cxschema'))).not.toContain('emulator-state.json');
  expect(await auditEntries(cwd)).toEqual([]);
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
    await expectNothingWritten(dir);
  });

  it('takes Ctrl-D as no answer: cancelled, as a no is', async () => {
    const run = await applyOnTerminal(dir, CTRL_D);
    expect(run.output).not.toContain('internal error');
    expect(run.output).toMatch(/^Apply cancelled: nothing was written\.\r?$/m);
    expect(run.code).toBe(1);
    await expectNothingWritten(dir);
  });

  it('takes Ctrl-C as an interrupt: cancelled, exit 130', async () => {
    const run = await applyOnTerminal(dir, CTRL_C);
    expect(run.output).not.toContain('internal error');
    expect(run.output).toMatch(/^Apply cancelled: nothing was written\.\r?$/m);
    expect(run.code).toBe(130);
    await expectNothingWritten(dir);
  });

  it('ends the question line once, whichever of stdout and stderr is a terminal', async () => {
    const QUESTION = `Apply these changes? ${PROMPT}: `;
    const CANCELLED = 'Apply cancelled: nothing was written.';
    // stderr in a file: nothing echoes the answer there, and Ctrl-D and Ctrl-C are the terminal's, not readline's.
    for (const outFile of [undefined, 'out.txt']) {
      for (const [keys, code] of [
        ['no\n', 1],
        [CTRL_D, 1],
        [CTRL_C, 130],
      ] as const) {
        const run = await onTerminal(dir, 'apply --emulator', keys, {
          errFile: 'err.txt',
          ...(outFile === undefined ? {} : { outFile }),
        });
        const err = await readFile(join(dir, 'err.txt'), 'utf8');
        expect({ keys, outFile, code: run.code, err }).toEqual({
          keys,
          outFile,
          code,
          err: `${QUESTION}\n${CANCELLED}\n`,
        });
      }
    }
    // stdout in a file, stderr the terminal: readline echoes the answer and its Enter, and that ends the line.
    for (const [keys, echoed] of [
      ['no\n', 'no\r'],
      [CTRL_D, ''],
      [CTRL_C, ''],
    ] as const) {
      const run = await onTerminal(dir, 'apply --emulator', keys, { outFile: 'out.txt' });
      // Readline puts the cursor after the question, then echoes; the terminal writes each line end as \r\n.
      expect(run.output.slice(run.output.indexOf(QUESTION))).toBe(
        `${QUESTION}\u001b[${QUESTION.length + 1}G${echoed}\r\n${CANCELLED}\r\n`,
      );
    }
    await expectNothingWritten(dir);
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
