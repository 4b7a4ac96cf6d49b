import { describe, expect, it } from 'vitest';
import { compareDiagnostics, summarizeDiagnostics, type Diagnostic } from '../../src/model/diagnostic.js';

function diag(
  file: string,
  line: number,
  column: number,
  ruleId = 'R',
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { ruleId, severity, message: 'm', file, line, column };
}

describe('diagnostics', () => {
  it('sorts by file, then line, column and rule id', () => {
    const sorted = [
      diag('b.yaml', 1, 1),
      diag('a.yaml', 9, 1),
      diag('a.yaml', 2, 5, 'Z'),
      diag('a.yaml', 2, 5, 'A'),
      diag('a.yaml', 2, 1),
    ].sort(compareDiagnostics);
    expect(sorted.map((d) => `${d.file}:${d.line}:${d.column}:${d.ruleId}`)).toEqual([
      'a.yaml:2:1:R',
      'a.yaml:2:5:A',
      'a.yaml:2:5:Z',
      'a.yaml:9:1:R',
      'b.yaml:1:1:R',
    ]);
  });

  it('counts errors and warnings separately', () => {
    const summary = summarizeDiagnostics([diag('a', 1, 1), diag('a', 1, 1, 'W', 'warning'), diag('b', 1, 1)], 2, 2);
    expect(summary).toEqual({ files: 2, schemas: 2, errors: 2, warnings: 1 });
  });
});
