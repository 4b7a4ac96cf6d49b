/** What stops an audit log operation. All are input problems (exit 1): the log is not what it must be. */
import { CxError } from '../../model/errors.js';

export class AuditLogMissingError extends CxError {
  constructor(path: string, cause?: unknown) {
    super('INPUT', `no audit log at ${path}`, {
      cause,
      hint: 'apply writes the log; its path is audit.path in the config file (default .cxschema/audit.jsonl)',
    });
    this.name = 'AuditLogMissingError';
  }
}

export class AuditLogCorruptError extends CxError {
  constructor(path: string, problem: string) {
    super('INPUT', `the audit log ${path} is damaged: ${problem}`, {
      hint: `run \`cxschema audit verify ${path}\`; move the damaged log aside to start a new chain`,
    });
    this.name = 'AuditLogCorruptError';
  }
}

export class AuditLogUnwritableError extends CxError {
  constructor(path: string, problem: string, cause?: unknown) {
    super('INPUT', `cannot create the audit log ${path}: ${problem}`, {
      cause,
      hint: 'set audit.path in the config file to a file in a folder you can write to (default .cxschema/audit.jsonl)',
    });
    this.name = 'AuditLogUnwritableError';
  }
}

/** An append after the run's last entry (docs/deploying.md, "Interrupting apply"): nothing was written. */
export class AuditLogClosedError extends CxError {
  constructor(path: string) {
    super('INPUT', `not appended to ${path}: this run has written its last entry there`);
    this.name = 'AuditLogClosedError';
  }
}
