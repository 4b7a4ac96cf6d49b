/**
 * `--format text`: one block per finding, `file:line:column  severity  RULE_ID  message`, the code frame, the
 * hint; then a summary line. Colour only when the terminal allows it (cli/terminal.ts).
 */
import type { Diagnostic, DiagnosticSummary } from '../../model/diagnostic.js';
import { paint } from '../terminal.js';
import { renderCodeFrame } from './code-frame.js';

export interface TextReportInput {
  diagnostics: readonly Diagnostic[];
  summary: DiagnosticSummary;
  sources: ReadonlyMap<string, string>;
}

export function renderDiagnosticsText(input: TextReportInput, options: { color: boolean }): string {
  const { color } = options;
  const blocks: string[] = [];
  for (const diagnostic of input.diagnostics) {
    const severity = paint(color, diagnostic.severity === 'error' ? 'red' : 'yellow', diagnostic.severity);
    const lines = [
      `${paint(color, 'bold', `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`)}  ${severity}  ${paint(color, 'gray', diagnostic.ruleId)}  ${diagnostic.message}`,
    ];
    const source = input.sources.get(diagnostic.file);
    if (source !== undefined) {
      const frame = renderCodeFrame(source, diagnostic.line, diagnostic.column, color);
      if (frame !== '') lines.push(frame);
    }
    if (diagnostic.hint !== undefined) lines.push(`  ${paint(color, 'cyan', 'hint:')} ${diagnostic.hint}`);
    blocks.push(lines.join('\n'));
  }
  blocks.push(summaryLine(input.summary, color));
  return blocks.join('\n\n') + '\n';
}

export function summaryLine(summary: DiagnosticSummary, color: boolean): string {
  const scope = `${plural(summary.files, 'file')}, ${plural(summary.schemas, 'schema')}`;
  if (summary.errors === 0 && summary.warnings === 0) return paint(color, 'green', `no problems in ${scope}`);
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
  return paint(color, summary.errors > 0 ? 'red' : 'yellow', `${counts} in ${scope}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
