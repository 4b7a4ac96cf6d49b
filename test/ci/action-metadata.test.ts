/**
 * The GitHub Action (`action.yml`): its metadata is valid against the published JSON Schema for action
 * metadata (vendored in test/fixtures/github-action, see SOURCE.md there), and its validate and plan steps,
 * run as the runner runs them (bash, inputs through env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), validate
 * the files, write the markdown plan to the summary and set `has-changes`, against an emulator.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { CLI, createProject, emulatorEnv, type Project } from '../support/cli-process.js';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const repo = process.cwd();
let action: ActionMetadata;

beforeAll(async () => {
  action = parse(await readFile(join(repo, 'action.yml'), 'utf8')) as ActionMetadata;
});

describe('action.yml', () => {
  it('is valid GitHub Action metadata', async () => {
    const schema = JSON.parse(
      await readFile(join(repo, 'test/fixtures/github-action/github-action.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
    // The schema has teeth: a run step without its shell is refused.
    const broken = structuredClone(action);
    delete (broken.runs.steps[1] as { shell?: string }).shell;
    expect(validate(broken)).toBe(false);
  });

  it('is composite, and its outputs come from steps it has', () => {
    expect(action.runs.using).toBe('composite');
    const ids = new Set(action.runs.steps.map((step) => step.id).filter(Boolean));
    for (const [name, output] of Object.entries(action.outputs)) {
      const step = /^\$\{\{ steps\.([a-z-]+)\.outputs\.[a-z-]+ \}\}$/.exec(output.value)?.[1];
      expect(step, name).toBeDefined();
      expect(ids.has(step), name).toBe(true);
    }
    // Inputs reach the scripts through env only, never spliced into the script text.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });
});

describe('the action steps, run as the runner runs them', () => {
  let handle: EmulatorHandle;
  let project: Project;
  let runnerTemp: string;

  beforeAll(async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    project = await createProject();
    await project.write([definition('customer', [text('email')]), definition('order', [ref('buyer', 'customer')])]);
    runnerTemp = await mkdtemp(join(tmpdir(), 'cxschema-runner-'));
  });
  afterAll(async () => {
    await handle.stop();
    await project.remove();
    await rm(runnerTemp, { recursive: true, force: true });
  });

  async function runStep(
    id: string,
    inputs: Record<string, string>,
  ): Promise<{ code: number | null; outputs: Record<string, string>; summary: string; stdout: string }> {
    const step = action.runs.steps.find((candidate) => candidate.id === id)!;
    const outputFile = join(runnerTemp, `${id}.output`);
    const summaryFile = join(runnerTemp, `${id}.summary`);
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.env ?? {})) {
      env[name] = value
        .replace(
          /\$\{\{ inputs\.([a-z-]+) \}\}/g,
          (_, input: string) => inputs[input] ?? action.inputs[input]?.default ?? '',
        )
        .replace('${{ steps.install.outputs.command }}', `node ${CLI}`);
    }
    const child = spawn('bash', ['-e', '-c', step.run!], {
      cwd: project.dir,
      env: {
        ...process.env,
        ...emulatorEnv(handle),
        ...env,
        NO_COLOR: '1',
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
      },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const outputs = Object.fromEntries(
      (await readFile(outputFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    return { code, outputs, summary: await readFile(summaryFile, 'utf8'), stdout };
  }

  it('validate: passes clean files and leaves a SARIF log', async () => {
    const result = await runStep('validate', {});
    expect(result.code).toBe(0);
    const sarif = JSON.parse(await readFile(result.outputs['sarif-file']!, 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });

  it('plan: writes the markdown plan to the step summary and says there are changes', async () => {
    const result = await runStep('plan', {});
    expect(result.code).toBe(0);
    expect(result.outputs['has-changes']).toBe('true');
    expect(result.summary).toContain('| 🟢 create | <code>customer</code> |');
    expect(await readFile(result.outputs['plan-file']!, 'utf8')).toBe(result.summary);
  });

  it('plan: has-changes is false once the org holds the files', async () => {
    const { runCli } = await import('../support/cli-process.js');
    const applied = await runCli(['apply', '--auto-approve'], { cwd: project.dir, env: emulatorEnv(handle) });
    expect(applied.code).toBe(0);
    const result = await runStep('plan', {});
    expect(result.code).toBe(0);
    expect(result.outputs['has-changes']).toBe('false');
    expect(result.summary).toContain('No changes');
  });

  it('validate: fails the step on a file with errors', async () => {
    await project.write([definition('customer', [text('email', { constraints: { maxLength: 5000 } })])]);
    const result = await runStep('validate', {});
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=schemas\/customer\.schema\.json,line=\d+/m);
  });
});
