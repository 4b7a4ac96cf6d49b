/**
 * The confirmation prompt, on a real terminal: `script` gives the CLI a pseudo-terminal, and the test answers the
 * prompt once it appears. Only "yes" applies; anything else writes nothing.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';

const PROMPT = "Only 'yes' is accepted";

function applyOnTerminal(cwd: string, answer: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['GENESYS_OAUTH_CLIENT_ID', 'GENESYS_OAUTH_CLIENT_SECRET', 'GENESYS_OAUTH_DOMAIN'])
    delete env[name];
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} apply --emulator`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!answered && output.includes(PROMPT)) {
      answered = true;
      child.stdin.write(`${answer}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
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
    const run = await applyOnTerminal(dir, 'y');
    expect(run.code).toBe(1);
    expect(run.output).toContain(PROMPT);
    expect(run.output).toContain('Apply cancelled');
    expect(run.output).not.toContain('Apply complete');
    expect(await readdir(join(dir, '.cxschema'))).not.toContain('emulator-state.json');
  });

  it('applies the plan when the answer is yes', async () => {
    const run = await applyOnTerminal(dir, 'yes');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Apply complete\. 2 created/);
    expect(await readdir(join(dir, '.cxschema'))).toContain('emulator-state.json');
  });
});
