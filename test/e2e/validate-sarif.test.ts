/**
 * SARIF for code scanning, from the built CLI: fingerprints that survive lines inserted above a finding, help
 * links to each rule's section of docs/rules.md, and paths relative to the repository root (the git root, or
 * `--sarif-root`), not to the folder validate ran in.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { FINGERPRINT_KEY } from '../../src/cli/render/diagnostics-sarif.js';
import { findGitRoot } from '../../src/cli/sarif-root.js';
import { RULES } from '../../src/rules/index.js';
import { assertBuilt, ROOT, runCli } from './validate-cli.js';

interface SarifRun {
  tool: { driver: { rules: Array<{ id: string; helpUri: string; fullDescription: { text: string } }> } };
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Array<{
    ruleId: string;
    partialFingerprints: Record<string, string>;
    locations: Array<{
      physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
    }>;
  }>;
}

async function sarif(args: string[], cwd: string): Promise<SarifRun> {
  const run = await runCli(['validate', ...args, '--format', 'sarif'], { cwd });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return (JSON.parse(run.stdout) as { runs: SarifRun[] }).runs[0]!;
}

const uris = (run: SarifRun): string[] =>
  [...new Set(run.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri))].sort();

let scratch: string;
beforeAll(() => {
  assertBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), 'cxschema-sarif-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('validate --format sarif for code scanning', () => {
  it('keeps every fingerprint when blank lines are inserted at the top of every file, and shifts every line', async () => {
    const repo = path.join(scratch, 'shift');
    cpSync(path.join(ROOT, 'test/fixtures/broken-examples'), path.join(repo, 'schemas'), { recursive: true });
    mkdirSync(path.join(repo, '.git'));
    const before = await sarif(['schemas'], repo);
    for (const name of readdirSync(path.join(repo, 'schemas'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.yaml'),
    )) {
      const file = path.join(repo, 'schemas', name);
      writeFileSync(file, '\n\n\n' + readFileSync(file, 'utf8'));
    }
    const after = await sarif(['schemas'], repo);

    const lines = (run: SarifRun): Map<string, number> =>
      new Map(
        run.results.map((result) => [
          result.partialFingerprints[FINGERPRINT_KEY]!,
          result.locations[0]!.physicalLocation.region.startLine,
        ]),
      );
    const linesBefore = lines(before);
    const linesAfter = lines(after);
    expect(before.results.length).toBeGreaterThan(RULES.length - 1);
    // One fingerprint per finding, the same set after the shift, each finding three lines further down.
    expect(linesBefore.size).toBe(before.results.length);
    expect([...linesAfter.keys()].sort()).toEqual([...linesBefore.keys()].sort());
    for (const [fingerprint, line] of linesBefore) expect(linesAfter.get(fingerprint), fingerprint).toBe(line + 3);
  });

  it('gives every rule an absolute helpUri to its own section of docs/rules.md, and a fullDescription', async () => {
    const run = await sarif(['test/fixtures/broken-examples'], ROOT);
    const doc = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    const anchors = new Set([...doc.matchAll(/^## (\S+)$/gm)].map((match) => match[1]!.toLowerCase()));
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    for (const rule of run.tool.driver.rules) {
      const uri = new URL(rule.helpUri);
      expect(uri.pathname.endsWith('/docs/rules.md'), rule.helpUri).toBe(true);
      expect(uri.hash).toBe(`#${rule.id.toLowerCase()}`);
      expect(anchors.has(uri.hash.slice(1)), `docs/rules.md has no section ${uri.hash}`).toBe(true);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    }
  });

  it('points every helpUri at where the team hosts docs/rules.md with --sarif-help-base', async () => {
    const base = 'https://docs.example.test/cxschema/rules.md';
    const run = await sarif(['test/fixtures/broken-examples', '--sarif-help-base', base], ROOT);
    expect(run.tool.driver.rules.length).toBe(RULES.length);
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toBe(`${base}#${rule.id.toLowerCase()}`);
  });

  it('refuses a --sarif-help-base that is not an absolute URL, has a fragment, or comes without sarif', async () => {
    for (const [given, said] of [
      ['docs/rules.md', 'not an absolute URL'],
      ['https://docs.example.test/rules.md#top', 'has a #fragment'],
    ] as const) {
      const refused = await runCli([
        'validate',
        'test/fixtures/broken-examples',
        '--format',
        'sarif',
        '--sarif-help-base',
        given,
      ]);
      expect(refused.code).toBe(EXIT_USAGE);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`--sarif-help-base ${given}: ${said}`);
    }
    const wrongFormat = await runCli([
      'validate',
      'test/fixtures/broken-examples',
      '--sarif-help-base',
      'https://docs.example.test/rules.md',
    ]);
    expect(wrongFormat.code).toBe(EXIT_USAGE);
    expect(wrongFormat.stderr).toContain('--sarif-help-base applies only to --format sarif');
  });

  it('makes paths relative to the git root by default, wherever validate runs inside the repository', async () => {
    const repo = path.join(scratch, 'git');
    cpSync(path.join(ROOT, 'test/fixtures/broken-examples/catalog'), path.join(repo, 'schemas/catalog'), {
      recursive: true,
    });
    mkdirSync(path.join(repo, '.git'));
    const run = await sarif(['.'], path.join(repo, 'schemas/catalog'));
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(repo).href + '/');
    expect(uris(run).length).toBeGreaterThan(1);
    for (const uri of uris(run)) expect(uri).toMatch(/^schemas\/catalog\/[a-z_-]+\.schema\.yaml$/);
    for (const result of run.results)
      expect(result.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
  });

  it('without a git root, paths are relative to the folder validate ran in; --sarif-root names another root', async () => {
    const plain = path.join(scratch, 'plain');
    cpSync(path.join(ROOT, 'test/fixtures/broken-examples/catalog'), path.join(plain, 'schemas'), { recursive: true });
    // The scratch folder must lie outside any repository for the fallback to show.
    expect(findGitRoot(plain)).toBeUndefined();

    const fallback = await sarif(['.'], path.join(plain, 'schemas'));
    expect(fallback.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(path.join(plain, 'schemas')).href + '/');
    for (const uri of uris(fallback)) expect(uri).toMatch(/^[a-z_-]+\.schema\.yaml$/);

    const rooted = await sarif(['.', '--sarif-root', '..'], path.join(plain, 'schemas'));
    expect(rooted.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(plain).href + '/');
    expect(uris(rooted)).toEqual(uris(fallback).map((uri) => `schemas/${uri}`));
    // The fingerprint hashes the path as the repository names it: another root is another identity.
    expect(rooted.results[0]!.partialFingerprints[FINGERPRINT_KEY]).not.toBe(
      fallback.results[0]!.partialFingerprints[FINGERPRINT_KEY],
    );
  });

  it('refuses a --sarif-root that is not a folder, and --sarif-root without --format sarif', async () => {
    const missing = await runCli([
      'validate',
      'test/fixtures/broken-examples',
      '--format',
      'sarif',
      '--sarif-root',
      'no-such-folder',
    ]);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('--sarif-root no-such-folder: not a folder');
    const wrongFormat = await runCli(['validate', 'test/fixtures/broken-examples', '--sarif-root', '.']);
    expect(wrongFormat.code).toBe(EXIT_USAGE);
    expect(wrongFormat.stderr).toContain('--sarif-root applies only to --format sarif');
  });
});
