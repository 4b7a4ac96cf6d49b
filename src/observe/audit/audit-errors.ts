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
      hint: `run \`cxschema audit verify ${path}\` to see the damage; then move the log aside (keep it: it is the record of the runs before) and the next run starts a new chain (docs/audit.md, "A damaged log")`,
    });
    this.name = 'AuditLogCorruptError';
  }
}

/** A log that cannot be made (`create`), or one there that an append cannot write (`append to`). */
export class AuditLogUnwritableError extends CxError {
  constructor(path: string, problem: string, cause?: unknown, doing: 'create' | 'append to' = 'create') {
    super('INPUT', `cannot ${doing} the audit log ${path}: ${problem}`, {
      cause,
      hint:
        doing === 'create'
          ? 'set audit.path in the config file to a file in a folder you can write to (default .cxschema/audit.jsonl)'
          : 'let this user write the file and its folder (an append makes a lock file beside it), or set audit.path in the config file to another file (default .cxschema/audit.jsonl)',
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
