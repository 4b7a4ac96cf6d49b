import { describe, expect, it } from 'vitest';
import { renderCodeFrame } from '../../src/cli/render/code-frame.js';
import { escapeData, escapeProperty, renderDiagnosticsGithub } from '../../src/cli/render/diagnostics-github.js';
import { renderDiagnosticsJson } from '../../src/cli/render/diagnostics-json.js';
import { buildSarifLog, FINGERPRINT_KEY } from '../../src/cli/render/diagnostics-sarif.js';
import { repositoryWebUrl } from '../../src/cli/rules-doc-uri.js';
import { renderDiagnosticsText, summaryLine } from '../../src/cli/render/diagnostics-text.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const diagnostic: Diagnostic = {
  ruleId: 'FIELD_TYPE_UNKNOWN',
  severity: 'error',
  message: "'strng' is not a fieldtype",
  file: 'schemas/a b.schema.yaml',
  line: 2,
  column: 14,
  schema: 'a',
  field: 'x',
  hint: "did you mean 'string'?",
};
const source = 'fields:\n  - fieldtype: strng\n    name: x\n';
const summary = { files: 1, schemas: 1, errors: 1, warnings: 0 };

describe('code frame', () => {
  it('shows the line with a caret under the column and a line of context either side', () => {
    expect(renderCodeFrame(source, 2, 14, false)).toBe(
      ['  1 | fields:', '> 2 |   - fieldtype: strng', '    |              ^', '  3 |     name: x'].join('\n'),
    );
  });

  it('keeps tabs in the lead so the caret lines up', () => {
    expect(renderCodeFrame('\ta: 1\n', 1, 5, false).split('\n')[1]).toBe('    | \t   ^');
  });

  it('cuts long lines to a window around the column', () => {
    const line = 'x'.repeat(5000) + 'HERE' + 'y'.repeat(5000);
    const frame = renderCodeFrame(line, 1, 5001, false).split('\n');
    expect(frame[0]!.length).toBeLessThan(140);
    expect(frame[0]).toContain('...');
    expect(frame[0]!.indexOf('HERE')).toBe(frame[1]!.indexOf('^'));
  });

  it('is empty for a line the source does not have', () => {
    expect(renderCodeFrame(source, 9, 1, false)).toBe('');
  });
});

describe('text', () => {
  it('renders location, severity, rule, message, frame, hint and summary', () => {
    const text = renderDiagnosticsText(
      { diagnostics: [diagnostic], summary, sources: new Map([[diagnostic.file, source]]) },
      { color: false },
    );
    expect(text).toBe(
      [
        "schemas/a b.schema.yaml:2:14  error  FIELD_TYPE_UNKNOWN  'strng' is not a fieldtype",
        '  1 | fields:',
        '> 2 |   - fieldtype: strng',
        '    |              ^',
        '  3 |     name: x',
        "  hint: did you mean 'string'?",
        '',
        '1 error, 0 warnings in 1 file, 1 schema',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    const input = { diagnostics: [diagnostic], summary, sources: new Map<string, string>() };
    expect(renderDiagnosticsText(input, { color: true })).toContain('\u001b[31merror\u001b[39m');
    expect(renderDiagnosticsText(input, { color: false })).not.toContain('\u001b[');
  });

  it('summarises a clean run', () => {
    expect(summaryLine({ files: 3, schemas: 2, errors: 0, warnings: 0 }, false)).toBe(
      'no problems in 3 files, 2 schemas',
    );
  });
});

describe('json', () => {
  it('is one document with the diagnostics and the summary', () => {
    expect(JSON.parse(renderDiagnosticsJson({ diagnostics: [diagnostic], summary }))).toEqual({
      diagnostics: [diagnostic],
      summary,
    });
  });
});

describe('github', () => {
  it('escapes the message and the properties as the runner expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    const lines = renderDiagnosticsGithub({
      diagnostics: [{ ...diagnostic, file: 'a,b.yaml', severity: 'warning' }],
      summary,
    }).split('\n');
    expect(lines[0]).toBe(
      "::warning file=a%2Cb.yaml,line=2,col=14,title=FIELD_TYPE_UNKNOWN::'strng' is not a fieldtype%0Ahint: did you mean 'string'?",
    );
  });
});

describe('sarif', () => {
  it('lists the rules and points each result at its rule and region', () => {
    const log = buildSarifLog({
      diagnostics: [diagnostic],
      rules: [
        { id: 'FILE_PARSE_ERROR', description: 'parse', defaultSeverity: 'error' },
        { id: 'FIELD_TYPE_UNKNOWN', description: 'unknown type', defaultSeverity: 'error' },
      ],
      toolVersion: '1.2.3',
      sourceRoot: '/work/my repo',
    }) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ name: string }> } };
        originalUriBaseIds: unknown;
        results: Array<Record<string, unknown>>;
      }>;
    };
    expect(log.runs[0]!.tool.driver.rules[1]!.name).toBe('FieldTypeUnknown');
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/my%20repo/' } });
    expect(log.runs[0]!.results[0]).toEqual({
      ruleId: 'FIELD_TYPE_UNKNOWN',
      ruleIndex: 1,
      level: 'error',
      message: { text: "'strng' is not a fieldtype (hint: did you mean 'string'?)" },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'schemas/a%20b.schema.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 2, startColumn: 14 },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: expect.stringMatching(/^[0-9a-f]{64}:1$/) as unknown },
      properties: { schema: 'a', field: 'x' },
    });
  });

  const rules = [{ id: 'FIELD_NAME_DUPLICATE', description: 'dup', defaultSeverity: 'error' as const }];
  const fingerprints = (diagnostics: Diagnostic[], extra: { sourceRoot?: string; uriRoot?: string } = {}): string[] =>
    (
      buildSarifLog({ diagnostics, rules, toolVersion: '1', ...extra }) as {
        runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }>;
      }
    ).runs[0]!.results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]!);
  const duplicate: Diagnostic = {
    ...diagnostic,
    ruleId: 'FIELD_NAME_DUPLICATE',
    message: "field 'x' is declared twice in the same parent (first on line 4)",
  };

  it('fingerprints what a finding is, not where: line, column and the line a message points at leave it unchanged', () => {
    const [base] = fingerprints([duplicate]);
    const moved = {
      ...duplicate,
      line: 40,
      column: 3,
      message: "field 'x' is declared twice in the same parent (first on line 37)",
    };
    expect(fingerprints([moved])).toEqual([base]);
    expect(fingerprints([{ ...duplicate, message: 'other.schema.yaml:12:3 declares it too' }])).toEqual(
      fingerprints([{ ...duplicate, message: 'other.schema.yaml:90:1 declares it too' }]),
    );
    // Any change of rule, file, schema, field or message is another finding.
    for (const change of [
      { ruleId: 'FIELD_TYPE_UNKNOWN' },
      { file: 'b.yaml' },
      { schema: 'b' },
      { field: 'y' },
      { message: "field 'y' is declared twice" },
    ]) {
      expect(fingerprints([{ ...duplicate, ...change }]), JSON.stringify(change)).not.toEqual([base]);
    }
  });

  it('tells apart findings alike in everything but their place by their order', () => {
    const [first, second] = fingerprints([duplicate, { ...duplicate, line: 9 }]);
    expect(first!.split(':')).toEqual([expect.any(String), '1']);
    expect(second).toBe(`${first!.split(':')[0]!}:2`);
  });

  it('makes paths relative to the URI root, and keeps an absolute file URI for a file outside it', () => {
    const log = buildSarifLog({
      diagnostics: [diagnostic, { ...diagnostic, file: '../../elsewhere/c.yaml' }],
      rules,
      toolVersion: '1',
      sourceRoot: '/work/repo/sub',
      uriRoot: '/work/repo',
      rulesDocUri: 'https://github.com/o/r/blob/v1/docs/rules.md',
    }) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ helpUri: string }> } };
        originalUriBaseIds: unknown;
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: unknown } }> }>;
      }>;
    };
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
    expect(run.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation)).toEqual([
      { uri: 'sub/schemas/a%20b.schema.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///work/elsewhere/c.yaml' },
    ]);
    expect(run.tool.driver.rules[0]!.helpUri).toBe('https://github.com/o/r/blob/v1/docs/rules.md#field_name_duplicate');
  });

  it('reads the repository forms package.json allows as a web address', () => {
    for (const form of [
      'github:o/r',
      'o/r',
      'git+https://github.com/o/r.git',
      'https://github.com/o/r',
      'git@github.com:o/r.git',
      'git://github.com/o/r.git',
    ]) {
      expect(repositoryWebUrl(form), form).toBe('https://github.com/o/r');
    }
    expect(repositoryWebUrl('https://gitlab.example/o/r')).toBeUndefined();
    expect(repositoryWebUrl(undefined)).toBeUndefined();
  });
});

describe('text at scale', () => {
  it('renders thousands of findings in one large file in linear time (the file is split once, not per finding)', () => {
    const count = 20_000;
    const big = Array.from({ length: count }, (_, i) => `  - { name: f${i}, fieldtype: strng }`).join('\n') + '\n';
    const diagnostics = Array.from({ length: count }, (_, i): Diagnostic => ({
      ...diagnostic,
      file: 'big.schema.yaml',
      line: i + 1,
      column: 30,
    }));
    // Counts the reads of each file's text: splitting it per finding would read it once per finding.
    const reads = new Map<string, number>();
    const sources = new (class extends Map<string, string> {
      override get(file: string): string | undefined {
        reads.set(file, (reads.get(file) ?? 0) + 1);
        return super.get(file);
      }
    })([['big.schema.yaml', big]]);
    const text = renderDiagnosticsText(
      { diagnostics, summary: { ...summary, errors: count }, sources },
      { color: false },
    );
    expect(text).toContain(`> ${count} |   - { name: f${count - 1}, fieldtype: strng }`);
    expect(reads.get('big.schema.yaml')).toBe(1);
  });
});
