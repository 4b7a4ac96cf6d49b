/** `cxschema --version`: answered before the command line is parsed, and the same answer as when it is parsed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { assertBuilt, ROOT, runCli } from './validate-cli.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('cxschema --version', () => {
  it.each([['--version'], ['-V']])('%s alone prints the package version and exits 0', async (flag) => {
    assertBuilt();
    const run = await runCli([flag]);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the same with other arguments, where the command-line parser answers it', async () => {
    assertBuilt();
    const run = await runCli(['--no-color', '--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a lone unknown flag still goes to the parser: a usage error', async () => {
    assertBuilt();
    const run = await runCli(['--versions']);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toContain("unknown option '--versions'");
  });
});
