/**
 * What a user meets before any command runs: each command's --help lists the global options it takes, a usage
 * error is one error line and one pointer to --help, and `cxschema completion SHELL` completes from the real
 * command tree (program.ts), run in this process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
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
  try {
    await buildProgram()
      .parseAsync(['node', 'cxschema', ...args])
      .catch(() => undefined);
  } finally {
    vi.restoreAllMocks();
  }
  return { stdout, stderr };
}

const GLOBALS = ['--config <file>', '--env <name>', '--format <format>', '--emulator', '--no-color'];

describe('cxschema --help', () => {
  it.each(['validate', 'plan', 'apply', 'graph', 'audit verify'])(
    '%s --help lists the global options, with the formats',
    async (command) => {
      const { stdout } = await cli(...command.split(' '), '--help');
      const globals = stdout.slice(stdout.indexOf('Global Options:'));
      expect(stdout).toContain('Global Options:');
      for (const flag of GLOBALS) expect(globals).toContain(flag);
      expect(globals.replace(/\s+/g, ' ')).toContain(
        'text | json; validate also github | sarif; plan also markdown; graph mermaid | dot | json | svg',
      );
    },
  );
});

describe('cxschema help', () => {
  it.each([['plan'], ['audit', 'verify'], ['completion']])(
    '%j prints the help of the command it names',
    async (...names) => {
      const { stdout } = await cli('help', ...names);
      expect(stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: cxschema ${names.join(' ')} `));
    },
  );
});

describe('a usage error', () => {
  it.each([
    [['validate', '--bogus'], "error: unknown option '--bogus'", "(run 'cxschema validate --help' for usage)"],
    [
      ['audit', 'verify', '--bogus'],
      "error: unknown option '--bogus'",
      "(run 'cxschema audit verify --help' for usage)",
    ],
    [['nope'], "error: unknown command 'nope'", "(run 'cxschema --help' for usage)"],
    [['help', 'nope'], "error: unknown command 'nope'", "(run 'cxschema --help' for usage)"],
    [['help', 'audit', 'nope'], "error: unknown command 'nope'", "(run 'cxschema audit --help' for usage)"],
  ])('%j prints the error and one line pointing at --help, not the help', async (args, error, pointer) => {
    const { stderr, stdout } = await cli(...args);
    expect(stderr.trimEnd().split('\n')).toEqual([error, pointer]);
    expect(stdout).toBe('');
  });
});

describe('cxschema completion', () => {
  it('bash: completes commands, sub-commands and the options of the command typed', async () => {
    const { stdout: script } = await cli('completion', 'bash');
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-completion-'));
    try {
      await writeFile(join(dir, 'cxschema.bash'), script);
      const complete = (line: string): string[] => {
        const words = line.split(' ');
        const probe = `source ${JSON.stringify(join(dir, 'cxschema.bash'))}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _cxschema; printf '%s\\n' "\${COMPREPLY[@]}"`;
        const run = spawnSync('bash', ['-c', probe], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        return run.stdout.split('\n').filter((word) => word !== '');
      };
      expect(complete('cxschema va')).toEqual(['validate']);
      expect(complete('cxschema audit ')).toEqual(expect.arrayContaining(['verify', 'show']));
      expect(complete('cxschema audit verify --')).toEqual(expect.arrayContaining(['--format', '--config', '--help']));
      expect(complete('cxschema plan --det')).toEqual(['--detailed-exitcode']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('zsh and fish: scripts naming every command; an unknown shell is a usage error', async () => {
    const commands = buildProgram().commands.map((command) => command.name());
    for (const shell of ['zsh', 'fish']) {
      const { stdout } = await cli('completion', shell);
      for (const name of commands) expect(stdout).toContain(name);
    }
    expect((await cli('completion', 'fish')).stdout).toContain(
      "complete -c cxschema -n '__fish_seen_subcommand_from plan' -l detailed-exitcode",
    );
    expect((await cli('completion', 'tcsh')).stderr).toContain("error: unknown shell 'tcsh' for completion");
    expect(process.exitCode).toBe(64);
  });

  it('refuses a --format other than text, as generate and docs do: a script is no JSON document', async () => {
    for (const format of ['json', 'sarif']) {
      process.exitCode = undefined;
      const run = await cli('--format', format, 'completion', 'bash');
      expect({ format, run, code: process.exitCode }).toEqual({
        format,
        run: { stdout: '', stderr: `error: completion does not support --format ${format}\n` },
        code: 64,
      });
    }
    process.exitCode = undefined;
    expect((await cli('--format', 'text', 'completion', 'bash')).stdout).toContain('_cxschema()');
  });
});
