/** One shape for everything the tool finds, offline or online (docs/architecture.md "Diagnostics"). */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  schema?: string;
  field?: string;
  hint?: string;
}

export interface DiagnosticSummary {
  files: number;
  schemas: number;
  errors: number;
  warnings: number;
}

export function summarizeDiagnostics(
  diagnostics: readonly Diagnostic[],
  files: number,
  schemas: number,
): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { files, schemas, errors, warnings };
}

/** Stable order for output: by file, then position, then rule id. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
