/**
 * Online validation: the files checked against what the org holds, its limits (which may be lower than the
 * platform's defaults), its system objects, and its schemas, which references may name and whose statuses
 * the publish rules look at. `plan`, `apply` and `validate --online` all validate through here.
 */
import type { CxConfig } from '../model/config.js';
import { compareDiagnostics, summarizeDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import type { SchemaStatus } from '../model/schema.js';
import { CUSTOM_OBJECTS_FAMILY, familyOfDocument, projectFilesFamily } from '../family/index.js';
import { loadSchemaFiles } from '../load/schema-loader.js';
import { validatePaths, type ValidateOptions, type ValidationResult } from '../rules/validate.js';
import { orgSchemaLimitFindings } from './org-schema-limit.js';
import { readSnapshot, type Snapshot, type SnapshotSource } from './snapshot.js';

export interface OnlineValidationOptions {
  /** Files or folders; empty for the config's schema globs. */
  paths: readonly string[];
  cwd: string;
  config: CxConfig;
  target: SnapshotSource;
  orgDomain: string;
}

export interface OnlineValidation {
  validation: ValidationResult;
  /** What was read: the schemas' current versions, limits and system objects (no histories). */
  snapshot: Snapshot;
}

/**
 * What the rules read of the org: its limits, its system objects, and the status of each schema it holds (a
 * reference to one, a publish over one). Files checked online and a rollback's restored contents are checked so.
 */
export function orgValidationContext(
  org: Pick<Snapshot, 'schemas' | 'limits' | 'systemObjects'>,
): Pick<ValidateOptions, 'limits' | 'systemObjects' | 'remoteSchemas'> {
  return {
    limits: org.limits,
    systemObjects: org.systemObjects,
    remoteSchemas: new Map<string, { status: SchemaStatus; fields: number }>(
      org.schemas.map((schema) => [schema.externalId, { status: schema.status, fields: schema.fields.length }]),
    ),
  };
}

export async function validateAgainstOrg(options: OnlineValidationOptions): Promise<OnlineValidation> {
  // The files are read and parsed while the org's answers are on their way (their checks need the snapshot).
  // A failed read of the org still comes first, as it would have without the overlap; the files' errors are
  // the ones validatePaths reports, in its order.
  const reading = loadSchemaFiles([...options.paths], options.config, options.cwd);
  reading.catch(() => undefined); // handled where validatePaths awaits it; not unhandled while the org is read
  const snapshot = await readSnapshot(options.target, options.orgDomain);
  const validation = await validatePaths(
    [...options.paths],
    {
      config: options.config,
      cwd: options.cwd,
      ...orgValidationContext(snapshot),
      ...(options.target.family === undefined ? {} : { limitsFamily: options.target.family }),
    },
    reading,
  );
  // The schema count is the run's family's: files of another family are validated, but this run leaves them out of
  // its plan (docs/families.md "Choosing the family"), so they create nothing here and must not count toward it.
  const family = options.target.family ?? CUSTOM_OBJECTS_FAMILY;
  const projectFamily = projectFilesFamily(options.config);
  const created = validation.documents.filter((document) => familyOfDocument(document, projectFamily) === family);
  const beyondLimit = [
    ...orgSchemaLimitFindings(created, snapshot),
    ...defaultedLimits(validation.documents, snapshot),
  ];
  if (beyondLimit.length === 0) return { validation, snapshot };
  const diagnostics = [...validation.diagnostics, ...beyondLimit].sort(compareDiagnostics);
  return {
    validation: {
      ...validation,
      diagnostics,
      summary: summarizeDiagnostics(diagnostics, validation.summary.files, validation.summary.schemas),
    },
    snapshot,
  };
}

export const ORG_LIMITS_DEFAULTED = 'ORG_LIMITS_DEFAULTED';

/**
 * One warning when the org's /limits answer lacked a value or held one that makes no sense (negative, fractional,
 * a minimum over its maximum): the files were checked at the default instead (model/quantity-limits.ts), which
 * the platform may not hold them to. Placed at the start of the first file, as it is about no one value.
 */
function defaultedLimits(documents: readonly SchemaDocument[], snapshot: Pick<Snapshot, 'limits'>): Diagnostic[] {
  const org = snapshot.limits.org;
  const [first] = [...documents].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (org === undefined || org.defaulted.length === 0 || first === undefined) return [];
  return [
    {
      ruleId: ORG_LIMITS_DEFAULTED,
      severity: 'warning',
      message: `the org's answer to ${org.source} has no usable ${org.defaulted.join(', ')}: checked at the documented default instead`,
      file: first.file,
      line: 1,
      column: 1,
      hint: 'docs/targets.md "Limits" lists the defaults; if the org should have answered these, report its answer',
    },
  ];
}
