/** `--format json`: one JSON document on stdout, the findings and a summary, for scripts. */
import type { Diagnostic, DiagnosticSummary } from '../../model/diagnostic.js';

export function renderDiagnosticsJson(input: {
  diagnostics: readonly Diagnostic[];
  summary: DiagnosticSummary;
}): string {
  return JSON.stringify({ diagnostics: input.diagnostics, summary: input.summary }, null, 2) + '\n';
}
