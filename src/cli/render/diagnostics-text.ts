/**
 * `--format text`: one block per finding, `file:line:column  severity  RULE_ID  message`, the code frame, the
 * hint; then a summary line. Colour only when the terminal allows it (cli/terminal.ts).
 */
import type { Diagnostic, DiagnosticSummary } from '../../model/diagnostic.js';
import { paint } from '../terminal.js';
import { renderCodeFrame, sourceLines } from './code-frame.js';
import { sanitizeForTerminal } from './terminal-text.js';

export interface TextReportInput {
  diagnostics: readonly Diagnostic[];
  summary: DiagnosticSummary;
  sources: ReadonlyMap<string, string>;
}

export function renderDiagnosticsText(input: TextReportInput, options: { color: boolean }): string {
  const { color } = options;
  const blocks: string[] = [];
  // Split each file once: a file with thousands of findings must not be split thousands of times.
  const linesByFile = new Map<string, readonly string[]>();
  const linesOf = (file: string): readonly string[] | undefined => {
    let lines = linesByFile.get(file);
    const source = lines === undefined ? input.sources.get(file) : undefined;
    if (source !== undefined) linesByFile.set(file, (lines = sourceLines(source)));
    return lines;
  };
  for (const diagnostic of input.diagnostics) {
    const severity = paint(color, diagnostic.severity === 'error' ? 'red' : 'yellow', diagnostic.severity);
    const block = [
      `${paint(color, 'bold', `${sanitizeForTerminal(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`)}  ${severity}  ${paint(color, 'gray', diagnostic.ruleId)}  ${sanitizeForTerminal(diagnostic.message, { keepLines: true })}`,
    ];
    const lines = linesOf(diagnostic.file);
    if (lines !== undefined) {
      const frame = renderCodeFrame(lines, diagnostic.line, diagnostic.column, color);
      if (frame !== '') block.push(frame);
    }
    if (diagnostic.hint !== undefined)
      block.push(`  ${paint(color, 'cyan', 'hint:')} ${sanitizeForTerminal(diagnostic.hint, { keepLines: true })}`);
    blocks.push(block.join('\n'));
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
