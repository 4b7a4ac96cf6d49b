import { describe, expect, it } from 'vitest';
import { renderCodeFrame } from '../../src/cli/render/code-frame.js';
import { escapeData, escapeProperty, renderDiagnosticsGithub } from '../../src/cli/render/diagnostics-github.js';
import { renderDiagnosticsJson } from '../../src/cli/render/diagnostics-json.js';
import { buildSarifLog } from '../../src/cli/render/diagnostics-sarif.js';
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
    const text = renderDiagnosticsText({ diagnostics: [diagnostic], summary, sources: new Map([[diagnostic.file, source]]) }, { color: false });
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
    expect(summaryLine({ files: 3, schemas: 2, errors: 0, warnings: 0 }, false)).toBe('no problems in 3 files, 2 schemas');
  });
});

describe('json', () => {
  it('is one document with the diagnostics and the summary', () => {
    expect(JSON.parse(renderDiagnosticsJson({ diagnostics: [diagnostic], summary }))).toEqual({ diagnostics: [diagnostic], summary });
  });
});

describe('github', () => {
  it('escapes the message and the properties as the runner expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    const lines = renderDiagnosticsGithub({ diagnostics: [{ ...diagnostic, file: 'a,b.yaml', severity: 'warning' }], summary }).split('\n');
    expect(lines[0]).toBe("::warning file=a%2Cb.yaml,line=2,col=14,title=FIELD_TYPE_UNKNOWN::'strng' is not a fieldtype%0Ahint: did you mean 'string'?");
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
    }) as { runs: Array<{ tool: { driver: { rules: Array<{ name: string }> } }; originalUriBaseIds: unknown; results: Array<Record<string, unknown>> }> };
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
      properties: { schema: 'a', field: 'x' },
    });
  });
});

describe('text at scale', () => {
  it('renders thousands of findings in one large file in linear time (the file is split once, not per finding)', () => {
    const count = 20_000;
    const big = Array.from({ length: count }, (_, i) => `  - { name: f${i}, fieldtype: strng }`).join('\n') + '\n';
    const diagnostics = Array.from({ length: count }, (_, i): Diagnostic => ({ ...diagnostic, file: 'big.schema.yaml', line: i + 1, column: 30 }));
    const text = renderDiagnosticsText(
      { diagnostics, summary: { ...summary, errors: count }, sources: new Map([['big.schema.yaml', big]]) },
      { color: false },
    );
    // Linear, the file split once: splitting it per finding would take minutes here, past the test's timeout.
    expect(text).toContain(`> ${count} |   - { name: f${count - 1}, fieldtype: strng }`);
  });
});
