/**
 * A rollback's contents checked as a file's are before a plan is made from it (src/plan/validate-against-org.ts):
 * every validation rule, with the config's severities, against the org as it is now: its schemas (which references
 * may name, and whose statuses the publish rule reads), its limits and its system objects. The org held the restored
 * version once, but what it referenced may be gone or unpublished since, and its limits may be lower: the platform
 * would refuse the write (`customobjects.schema.reference.invalid`, `customobjects.schema.limit.exceeded`).
 *
 * The contents are checked as the file `pull` would write for them, so a rollback passes exactly where a file
 * holding the same contents would.
 */
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';
import { checkFileFormat } from '../load/file-format-check.js';
import type { CxConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import type { SchemaDefinition, SchemaStatus } from '../model/schema.js';
import type { SchemaContent } from '../plan/plan-types.js';
import type { Snapshot } from '../plan/snapshot.js';
import { validateDocuments } from '../rules/validate.js';
import { schemaFileBody } from './schema-file-text.js';
import { orgValidationContext } from '../plan/validate-against-org.js';

/** What a rollback's contents are checked against: the org as read for it. */
export type RollbackOrg = Pick<Snapshot, 'schemas' | 'limits' | 'systemObjects'>;

export interface RestoredCheck {
  content: SchemaContent;
  /** The status the rollback keeps (the current one), which the publish rule reads. */
  status: SchemaStatus;
  /** The name findings carry, as the plan's step names where its contents came from. */
  file: string;
  family: Family;
  config: CxConfig;
  org: RollbackOrg;
}

/** The findings of error severity: each one refuses the rollback, as it would refuse a plan from files. */
export function restoredFindings(check: RestoredCheck): Diagnostic[] {
  const value = schemaFileBody(
    { ...check.content, status: check.status },
    check.family === CUSTOM_OBJECTS_FAMILY ? {} : { target: check.family.name },
  );
  // No text behind it: every finding is placed at the start, and the message and field say where.
  const document: SchemaDocument = {
    file: check.file,
    format: 'yaml',
    source: '',
    value,
    locate: () => ({ line: 1, column: 1 }),
  };
  if (checkFileFormat(value).length === 0) document.definition = value as unknown as SchemaDefinition;
  const { diagnostics } = validateDocuments([document], {
    config: check.config,
    ...orgValidationContext(check.org),
    family: check.family,
    limitsFamily: check.family,
  });
  return diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}

/** The reason a step is blocked for those findings; undefined when there are none. */
export function findingsReason(version: number, findings: readonly Diagnostic[]): string | undefined {
  if (findings.length === 0) return undefined;
  const each = findings.map(
    (finding) => `${finding.ruleId}${finding.field === undefined ? '' : ` ${finding.field}`}: ${finding.message}`,
  );
  return `the restored v${version} does not validate against the org: ${each.join('; ')}`;
}
