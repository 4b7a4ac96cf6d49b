/**
 * Where output goes and how it looks. Colour only on a TTY, never with NO_COLOR or --no-color
 * (https://no-color.org); FORCE_COLOR turns it on or off (`colourWanted`). Each stream is judged on its
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

/**
 * Whether a stream gets colour: never with --no-color or a non-empty NO_COLOR; else as FORCE_COLOR says when it is
 * set (`0` and `false` turn colour off, even on a terminal; any other value, the empty one included, on), as Node
 * and the libraries of its ecosystem read it; else when the stream is a terminal.
 */
export function colourWanted(env: NodeJS.ProcessEnv, tty: boolean, colorOption: boolean): boolean {
  if (!colorOption || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '')) return false;
  const forced = env['FORCE_COLOR'];
  if (forced === undefined) return tty;
  return forced !== '0' && forced.toLowerCase() !== 'false';
}

export function createTerminal(options: { color: boolean }): Terminal {
  const isTTY = process.stdout.isTTY === true;
  const colorOn = (tty: boolean): boolean => colourWanted(process.env, tty, options.color);
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
