/**
 * The few exceptional conditions (docs/architecture.md): findings are data, these are for what stops an operation.
 * Each has a stable code; the CLI maps them to exit codes in one place.
 */
export type CxErrorCode = 'USAGE' | 'CONFIG' | 'INPUT' | 'API' | 'CONFLICT' | 'STALE_PLAN' | 'INTERNAL';

export class CxError extends Error {
  readonly code: CxErrorCode;
  readonly hint?: string;

  constructor(code: CxErrorCode, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CxError';
    this.code = code;
    if (options?.hint !== undefined) this.hint = options.hint;
  }
}

/** A bad flag, or a config file that is wrong: exit 64. */
export class UsageError extends CxError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}

export class ConfigError extends CxError {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    message: string,
    location?: { file: string; line?: number; column?: number },
    options?: { cause?: unknown; hint?: string },
  ) {
    super('CONFIG', message, options);
    this.name = 'ConfigError';
    if (location) {
      this.file = location.file;
      if (location.line !== undefined) this.line = location.line;
      if (location.column !== undefined) this.column = location.column;
    }
  }
}
