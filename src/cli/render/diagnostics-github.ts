/**
 * `--format github`: GitHub Actions workflow commands, one `::error` or `::warning` line per finding, so each
 * shows as an annotation on the file and line in the pull request.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Diagnostic, DiagnosticSummary } from '../../model/diagnostic.js';
import { summaryLine } from './diagnostics-text.js';
import { sanitizeForTerminal } from './terminal-text.js';

export function renderDiagnosticsGithub(input: {
  diagnostics: readonly Diagnostic[];
  summary: DiagnosticSummary;
}): string {
  const lines = input.diagnostics.map((diagnostic) => {
    const properties = [
      `file=${escapeProperty(diagnostic.file)}`,
      `line=${diagnostic.line}`,
      `col=${diagnostic.column}`,
      `title=${escapeProperty(diagnostic.ruleId)}`,
    ].join(',');
    const message =
      diagnostic.hint === undefined ? diagnostic.message : `${diagnostic.message}\nhint: ${diagnostic.hint}`;
    return `::${diagnostic.severity} ${properties}::${escapeData(message)}`;
  });
  lines.push(summaryLine(input.summary, false));
  return lines.join('\n') + '\n';
}

/** The runner's own escaping of a command's message, after the escape sequences a log viewer would obey. */
export function escapeData(text: string): string {
  return sanitizeForTerminal(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value additionally escapes the separators of the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
