/** Parses the "which modes each rule breaks" table of docs/compatibility.md. */
export interface CompatTableRow {
  modes: Map<string, boolean>;
  /** The families that never allow the rule's change, as the last column names them. */
  neverAllowedOn: string[];
}

export function parseCompatTable(markdown: string): { columns: string[]; rows: Map<string, CompatTableRow> } {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| rule | BACKWARD |'));
  if (header < 0) throw new Error('compatibility table not found');
  const cells = (line: string): string[] =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const columns = cells(lines[header]!);
  const rows = new Map<string, CompatTableRow>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [rule, ...values] = cells(line);
    const modes = new Map<string, boolean>();
    columns.slice(1, -1).forEach((mode, i) => {
      const value = values[i];
      if (value !== 'breaks' && value !== 'ok') throw new Error(`${rule} ${mode}: cell ${String(value)}`);
      modes.set(mode, value === 'breaks');
    });
    const families = values[values.length - 1];
    if (families === undefined || families === '') throw new Error(`${rule}: no "never allowed on" cell`);
    rows.set(rule!, { modes, neverAllowedOn: families === '—' ? [] : families.split(', ') });
  }
  return { columns, rows };
}
