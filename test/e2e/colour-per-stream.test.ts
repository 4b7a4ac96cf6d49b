/**
 * Colour is each stream's own: on a terminal, and only there. `script` gives the CLI a pseudo-terminal; the
 * other stream goes to a file, which must hold plain text whichever of the two is the terminal.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, text } from '../support/schema-builders.js';
import { CLI, createProject, emulatorAndProjectPerTest } from '../support/cli-process.js';

const rig = emulatorAndProjectPerTest();
const ESCAPE = '\u001b[';

/** Runs the CLI on a pseudo-terminal with `redirect` (`2>err.txt`, `>out.txt`); what the terminal showed. */
function onTerminal(cwd: string, args: string, redirect: string): Promise<{ code: number | null; shown: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'GENESYS_OAUTH_CLIENT_ID', 'GENESYS_OAUTH_CLIENT_SECRET'])
    delete env[name];
  const command = [JSON.stringify(process.execPath), JSON.stringify(CLI), args, redirect].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let shown = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, shown }));
  });
}

describe('colour on a terminal, plain text in a file', () => {
  it('keeps the progress of apply on stderr in a file plain while stdout is a terminal', async () => {
    rig.project = await createProject();
    await rig.project.write([definition('a', [text('x')])]);

    const run = await onTerminal(rig.project.dir, 'apply --emulator --auto-approve', '2>err.txt');

    expect(run.code).toBe(0);
    expect(run.shown).toContain(ESCAPE);
    const err = await readFile(join(rig.project.dir, 'err.txt'), 'utf8');
    expect(err).toContain('created a v2');
    expect(err).not.toContain(ESCAPE);
  });

  it('keeps the findings of generate on stderr in a file plain while stdout is a terminal', async () => {
    rig.project = await createProject();
    await rig.project.write([definition('a', [text('x', { fieldtype: 'strin' as never })])]);

    const run = await onTerminal(rig.project.dir, 'generate --lang typescript --out gen', '2>err.txt');

    expect(run.code).toBe(1);
    const err = await readFile(join(rig.project.dir, 'err.txt'), 'utf8');
    expect(err).toContain('FIELD_TYPE_UNKNOWN');
    expect(err).not.toContain(ESCAPE);
  });
});
