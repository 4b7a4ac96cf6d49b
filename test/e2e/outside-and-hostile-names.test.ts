/**
 * The built CLI on hostile paths: a config whose `schemas` reach outside its folder (refused unless
 * --allow-outside, which then names what it read), and a file whose name and text carry escape sequences,
 * which the text output shows defused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../support/cli-process.js';
import { assertBuilt, runCli } from './validate-cli.js';

const SCHEMA = 'externalId: shared_thing\nname: Shared thing\nfields:\n  - name: title\n    fieldtype: string\n';
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let top: string;

beforeAll(() => {
  assertBuilt();
  top = mkdtempSync(path.join(tmpdir(), 'cxschema-outside-'));
  mkdirSync(path.join(top, 'project', 'schemas'), { recursive: true });
  mkdirSync(path.join(top, 'shared'));
  writeFileSync(path.join(top, 'shared', 'thing.schema.yaml'), SCHEMA);
  writeFileSync(
    path.join(top, 'project', 'cxschema.config.yaml'),
    'schemas:\n  - "schemas/*.schema.yaml"\n  - "../shared/*.schema.yaml"\n',
  );
});

afterAll(() => {
  rmSync(top, { recursive: true, force: true });
});

describe('schemas outside the config folder', () => {
  it('are a config error at the glob, exit 64, unless --allow-outside', async () => {
    const cwd = path.join(top, 'project');
    const refused = await runCli(['validate'], { cwd });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('cxschema.config.yaml:3:5');
    expect(refused.stderr).toContain(`"../shared/*.schema.yaml" reaches outside the config file's folder`);
    expect(refused.stderr).toContain('--allow-outside');

    const allowed = await runCli(['validate', '--allow-outside'], { cwd });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(
      `--allow-outside: 1 schema file outside ${cwd} read: ${path.join(top, 'shared', 'thing.schema.yaml')}`,
    );
    expect(allowed.stdout).toContain('no problems in 1 file, 1 schema');
  });
});

describe('text output of a file named with escape sequences', () => {
  it('shows the name, the message and the excerpt without control characters', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxschema-hostile-'));
    try {
      mkdirSync(path.join(dir, 'schemas'));
      writeFileSync(path.join(dir, 'cxschema.config.yaml'), 'schemas:\n  - "schemas/*.schema.yaml"\n');
      // A name that would clear the screen and ring the bell; text that sets the window title.
      const name = 'evil\u001b[2J\u0007.schema.yaml';
      writeFileSync(
        path.join(dir, 'schemas', name),
        'externalId: evil\nname: "\u001b]0;owned\u0007 \u009b31m"\nfields: 3\n',
      );
      const result = await runCli(['validate'], { cwd: dir });
      expect(result.code).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output).toContain('schemas/evil.schema.yaml:3:9  error  SCHEMA_STRUCTURE');
      expect(output).not.toMatch(TERMINAL_CONTROL);
      expect(output).not.toContain('\u001b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('plan and apply of a file named with escape sequences', () => {
  it('show the file name in the plan and the summary without control characters', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxschema-hostile-plan-'));
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    try {
      mkdirSync(path.join(dir, 'schemas'));
      writeFileSync(path.join(dir, 'cxschema.config.yaml'), 'schemas:\n  - "schemas/*.schema.yaml"\n');
      // A name that would set the window title, clear the screen and ring the bell.
      writeFileSync(path.join(dir, 'schemas', 'evil\u001b]0;owned\u0007\u001b[2J.schema.yaml'), SCHEMA);
      const env = { ...emulatorEnv(emulator), NO_COLOR: '1' };
      const plan = await runCli(['plan'], { cwd: dir, env });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain('+ create shared_thing');
      expect(plan.stdout).toMatch(/\(schemas\/evil\uFFFD?\.schema\.yaml\)/u);
      const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
      expect(applied.code).toBe(0);
      for (const output of [plan.stdout, plan.stderr, applied.stdout, applied.stderr]) {
        expect(output).not.toMatch(TERMINAL_CONTROL);
        expect(output).not.toContain('\u001b');
      }
    } finally {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
