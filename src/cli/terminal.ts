/**
 * Where output goes and how it looks. Colour only on a TTY, never with NO_COLOR or --no-color
 * (https://no-color.org); FORCE_COLOR turns it on for tests that want to see it. Each stream is judged on its
 * own: `cxschema apply 2>apply.log` on a terminal colours the plan, and leaves the log of its progress plain.
 */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Colour in what goes to stdout. */
  color: boolean;
  /** Colour in what goes to stderr (progress, findings that stop a run, warnings). */
  errColor: boolean;
  isTTY: boolean;
}

export function createTerminal(options: { color: boolean }): Terminal {
  const env = process.env;
  const isTTY = process.stdout.isTTY === true;
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
  const colorOn = (tty: boolean): boolean => options.color && !noColor && (tty || forced);
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
    color: colorOn(isTTY),
    errColor: colorOn(process.stderr.isTTY === true),
    isTTY,
  };
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? `\u001b[${CODES[style]}m${text}\u001b[${style === 'bold' ? 22 : style === 'dim' ? 22 : 39}m` : text;
}
