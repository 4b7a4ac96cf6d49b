/**
 * The built CLI end to end: the examples validate clean; a copy of the examples broken once for every rule
 * (test/fixtures/broken-examples, each break marked `# expect: RULE_ID`) gives every rule id at its line, in
 * every output format; exit codes; colour only when allowed.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { assertBuilt, ROOT, runCli, stripAnsi, type CliRun } from './validate-cli.js';

const BROKEN = 'test/fixtures/broken-examples';

/** `file:line:RULE_ID` for every marker in the broken copy. */
function markers(): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(path.join(ROOT, folder)).sort()) {
      const relative = `${folder}/${name}`;
      if (statSync(path.join(ROOT, relative)).isDirectory()) {
        walk(relative);
        continue;
      }
      readFileSync(path.join(ROOT, relative), 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /# expect: ([A-Z_]+)/.exec(text);
          if (match) found.push(`${relative}:${index + 1}:${match[1]}`);
        });
    }
  };
  walk(BROKEN);
  return found.sort();
}

/** Every schema file under examples/, which the repository's config validates. */
function exampleFiles(): string[] {
  return readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.schema.yaml'),
  );
}

const runs = new Map<string, CliRun>();
let expected: string[];

beforeAll(async () => {
  assertBuilt();
  expected = markers();
  const formats = ['text', 'json', 'github', 'sarif'];
  const results = await Promise.all(formats.map((format) => runCli(['validate', BROKEN, '--format', format])));
  formats.forEach((format, index) => runs.set(format, results[index]!));
});

describe('cxschema validate (built CLI)', () => {
  it('validates the examples clean, with the repository config and no paths', async () => {
    const run = await runCli(['validate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const count = exampleFiles().length;
    expect(stripAnsi(run.stdout).trim()).toBe(`no problems in ${count} files, ${count} schemas`);
  });

  it('the broken copy breaks every rule', () => {
    expect(new Set(expected.map((marker) => marker.split(':')[2]))).toEqual(new Set(RULES.map((rule) => rule.id)));
  });

  it('text: file:line:column, severity, rule id, message and a code frame for every break; exit 1', () => {
    const run = runs.get('text')!;
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\u001b[');
    const headers = run.stdout
      .split('\n')
      .map((line) => /^(\S+):(\d+):\d+ {2}(?:error|warning) {2}([A-Z_]+) {2}\S/.exec(line))
      .filter((match) => match !== null)
      .map((match) => `${match[1]}:${match[2]}:${match[3]}`)
      .sort();
    expect(headers).toEqual(expected);
    expect(run.stdout).toMatch(/> +\d+ \| .*# expect: PATTERN_INVALID\n +\| +\^/);
    expect(run.stdout).toContain('hint: did you mean ');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('33 errors, 1 warning in 17 files, 16 schemas');
  });

  it('json: exactly one JSON document with the diagnostics and a summary', () => {
    const run = runs.get('json')!;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const document = JSON.parse(run.stdout) as {
      diagnostics: Array<Record<string, unknown>>;
      summary: Record<string, number>;
    };
    expect(Object.keys(document)).toEqual(['diagnostics', 'summary']);
    expect(
      document.diagnostics.map((d) => `${String(d['file'])}:${String(d['line'])}:${String(d['ruleId'])}`).sort(),
    ).toEqual(expected);
    expect(document.summary).toEqual({ files: 17, schemas: 16, errors: 33, warnings: 1 });
    const cycle = document.diagnostics.find((d) => d['ruleId'] === 'REFERENCE_CYCLE');
    expect(cycle).toMatchObject({
      severity: 'error',
      schema: 'cycle_a',
      field: 'b',
      message: 'reference cycle: cycle_a -> cycle_b -> cycle_a',
    });
  });

  it('github: one workflow annotation per break', () => {
    const run = runs.get('github')!;
    expect(run.code).toBe(1);
    const annotations = run.stdout
      .split('\n')
      .map((line) => /^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([A-Z_]+)::(.+)$/.exec(line))
      .filter((match) => match !== null);
    expect(annotations.map((match) => `${match[2]}:${match[3]}:${match[5]}`).sort()).toEqual(expected);
    expect(annotations.find((match) => match[5] === 'RECORD_SIZE_LIMIT')?.[1]).toBe('warning');
    expect(annotations.every((match) => !match[6]!.includes('\n'))).toBe(true);
  });

  it('sarif: a SARIF 2.1.0 log with every rule and one result per break', () => {
    const run = runs.get('sarif')!;
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: {
          driver: {
            name: string;
            version: string;
            rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }>;
          };
        };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId: string };
              region: { startLine: number; startColumn: number };
            };
          }>;
        }>;
      }>;
    };
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0]!.tool;
    expect(driver.name).toBe('cxschema');
    expect(driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    const results = log.runs[0]!.results;
    for (const result of results) {
      expect(driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const location = result.locations[0]!.physicalLocation.artifactLocation;
      expect(location.uriBaseId).toBe('%SRCROOT%');
      // Resolved against the base the run records, every location is a file that exists.
      expect(
        existsSync(fileURLToPath(new URL(location.uri, log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri))),
        location.uri,
      ).toBe(true);
      expect(result.locations[0]!.physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    expect(
      results
        .map(
          (result) =>
            `${result.locations[0]!.physicalLocation.artifactLocation.uri}:${result.locations[0]!.physicalLocation.region.startLine}:${result.ruleId}`,
        )
        .sort(),
    ).toEqual(expected);
  });
});

describe('cxschema validate: colour, exit codes, usage errors', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cxschema-e2e-'));
    writeFileSync(
      path.join(folder, 'big.schema.yaml'),
      'externalId: big\nname: Big\nfields:\n  - { name: notes, fieldtype: longText, constraints: { maxLength: 32000 } }\n',
    );
    writeFileSync(
      path.join(folder, 'bad.schema.yaml'),
      'externalId: bad\nname: Bad\nfields:\n  - { name: a, fieldtype: strng }\n',
    );
    writeFileSync(
      path.join(folder, 'cxschema.config.yaml'),
      'schemas: ["*.schema.yaml"]\nrules:\n  FIELD_TYPE_UNKNOWN: warning\n',
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 0 when there are only warnings (severities from the config)', async () => {
    const run = await runCli(['validate'], { cwd: folder });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 errors, 2 warnings in 2 files, 2 schemas');
  });

  it('colours only when forced or on a terminal, and never with NO_COLOR or --no-color', async () => {
    const [forced, noColor, flag] = await Promise.all([
      runCli(['validate', 'bad.schema.yaml'], { cwd: folder, env: { FORCE_COLOR: '1' } }),
      runCli(['validate', 'bad.schema.yaml'], { cwd: folder, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      runCli(['validate', 'bad.schema.yaml', '--no-color'], { cwd: folder, env: { FORCE_COLOR: '1' } }),
    ]);
    expect(forced.stdout).toContain('\u001b[');
    expect(stripAnsi(forced.stdout)).toBe(noColor.stdout);
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('exits 64 on usage and config errors, with a location and no stack trace', async () => {
    const [format, missing, config] = await Promise.all([
      runCli(['validate', '--format', 'xml'], { cwd: folder }),
      runCli(['validate', 'nowhere.yaml'], { cwd: folder }),
      runCli(['validate', '--config', 'broken.yaml'], {
        cwd: (writeFileSync(path.join(folder, 'broken.yaml'), 'schemas: [a]\nrulez: {}\n'), folder),
      }),
    ]);
    for (const run of [format, missing, config]) {
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(format.stderr).toMatch(/unknown format 'xml'/);
    expect(missing.stderr).toMatch(/no such file or folder: nowhere.yaml/);
    expect(config.stderr).toMatch(/^error: broken.yaml:2:1: unknown property 'rulez'/);
    expect(config.stderr).toMatch(/hint: did you mean 'rules'\?/);
  });

  it('exits 64 when there is nothing to check, rather than passing on zero files', async () => {
    mkdirSync(path.join(folder, 'empty'), { recursive: true });
    mkdirSync(path.join(folder, 'typo'), { recursive: true });
    writeFileSync(path.join(folder, 'typo/cxschema.config.yaml'), 'schemas: ["schemaz/*.schema.yaml"]\n');
    const [emptyFolder, typoGlob, graph] = await Promise.all([
      runCli(['validate', 'empty'], { cwd: folder }),
      runCli(['validate', '--format', 'json'], { cwd: path.join(folder, 'typo') }),
      runCli(['graph'], { cwd: path.join(folder, 'typo') }),
    ]);
    for (const run of [emptyFolder, typoGlob, graph]) {
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
    }
    expect(emptyFolder.stderr).toMatch(/^error: no schema files in empty/);
    expect(typoGlob.stderr).toMatch(/^error: cxschema.config.yaml: schemas: no file matches schemaz\/\*.schema.yaml/);
    expect(graph.stderr).toBe(typoGlob.stderr);
  });
});
