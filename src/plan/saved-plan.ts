/**
 * The saved plan (`plan --out plan.json`, `apply --plan plan.json`): the Plan value as JSON, read back with a
 * structural check, and compared with the org before it is applied so that a plan made against an org that has
 * changed since is refused rather than half-applied.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.js';
import { CxError } from '../model/errors.js';
import { COMPATIBILITY_MODES, SCHEMA_STATUSES, type RemoteSchema } from '../model/schema.js';
import { PLAN_FORMAT_VERSION, type Plan, type StepKind } from './plan-types.js';

/**
 * The member of a saved plan that holds the SHA-256 of the canonical JSON of every other member. It tells a plan
 * as `plan --out` wrote it from one edited since; it is not a signature (docs/deploying.md, "Saved plans").
 */
const DIGEST_MEMBER = 'digest';
const DIGEST_PREFIX = 'sha256:';

export function planDigest(plan: Plan): string {
  return DIGEST_PREFIX + createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

export function serializePlan(plan: Plan): string {
  return JSON.stringify({ ...plan, [DIGEST_MEMBER]: planDigest(plan) }, null, 2) + '\n';
}

const STEP_KINDS: readonly StepKind[] = ['create', 'update', 'publish', 'deprecate', 'undeprecate', 'noop'];

/** Parses a saved plan; a file that is not one (or of another format version) is an INPUT error naming why. */
export function parsePlan(text: string, file: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CxError('INPUT', `${file} is not JSON: ${(cause as Error).message}`, {
      cause,
      hint: 'save a plan with cxschema plan --out <file>',
    });
  }
  const problem = planShapeProblem(value);
  if (problem !== undefined) {
    throw new CxError('INPUT', `${file} is not a saved plan: ${problem}`, {
      hint: 'save a plan with cxschema plan --out <file>',
    });
  }
  const { [DIGEST_MEMBER]: digest, ...plan } = value as Plan & { [DIGEST_MEMBER]?: unknown };
  if (typeof digest !== 'string') {
    throw new CxError(
      'INPUT',
      `${file} has no digest: it was not saved by cxschema plan --out (or by a version before digests)`,
      {
        hint: 'save the plan again with cxschema plan --out <file>; a plan is applied only as plan wrote it',
      },
    );
  }
  if (digest !== planDigest(plan)) {
    throw new CxError(
      'INPUT',
      `${file} was changed after cxschema plan saved it: its digest does not match its content`,
      {
        hint: 'change the schema files instead, then save a new plan with cxschema plan --out <file> and review that',
      },
    );
  }
  return plan;
}

function planShapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not a JSON object';
  if (value['formatVersion'] !== PLAN_FORMAT_VERSION) {
    return `formatVersion is ${JSON.stringify(value['formatVersion'])}, this version of cxschema reads ${PLAN_FORMAT_VERSION}`;
  }
  if (
    !isRecord(value['target']) ||
    typeof value['target']['kind'] !== 'string' ||
    typeof value['target']['orgDomain'] !== 'string'
  ) {
    return 'target must have kind and orgDomain';
  }
  if (!isRecord(value['remoteVersions'])) return 'remoteVersions is missing';
  for (const [id, version] of Object.entries(value['remoteVersions'])) {
    if (version !== null && !Number.isInteger(version)) return `remoteVersions.${id} must be an integer or null`;
  }
  for (const key of ['steps', 'unmanaged', 'violations', 'ignoredViolations']) {
    if (!Array.isArray(value[key])) return `${key} must be an array`;
  }
  if (
    !isRecord(value['summary']) ||
    !Number.isInteger(value['summary']['writes']) ||
    !isRecord(value['options']) ||
    !Number.isInteger(value['waves'])
  ) {
    return 'summary (with writes), options and waves are required';
  }
  const steps = value['steps'] as unknown[];
  for (const [index, step] of steps.entries()) {
    const where = `steps[${index}]`;
    if (!isRecord(step)) return `${where} is not an object`;
    if (typeof step['externalId'] !== 'string') return `${where}.externalId must be a string`;
    if (!STEP_KINDS.includes(step['kind'] as StepKind)) return `${where}.kind must be one of ${STEP_KINDS.join(', ')}`;
    if (!Number.isInteger(step['wave'])) return `${where}.wave must be an integer`;
    if (typeof step['managed'] !== 'boolean') return `${where}.managed must be true or false`;
    if (step['from'] !== null && !isVersionState(step['from']))
      return `${where}.from must be null or {version, status}`;
    if (!isVersionState(step['to'])) return `${where}.to must be {version, status}`;
    if (!isRecord(step['content']) || !Array.isArray(step['content']['fields']))
      return `${where}.content must hold fields`;
    if (!Array.isArray(step['writes']) || !Array.isArray(step['dependsOn']) || !Array.isArray(step['changes'])) {
      return `${where} must have writes, dependsOn and changes arrays`;
    }
    for (const write of step['writes'] as unknown[]) {
      if (!isRecord(write) || (write['method'] !== 'POST' && write['method'] !== 'PUT') || !isVersionState(write)) {
        return `${where}.writes holds an entry that is not {method, version, status}`;
      }
    }
    if ((step['dependsOn'] as unknown[]).some((id) => typeof id !== 'string'))
      return `${where}.dependsOn must hold externalIds`;
    const compatibility = step['compatibility'];
    if (!isRecord(compatibility) || !(COMPATIBILITY_MODES as readonly unknown[]).includes(compatibility['mode'])) {
      return `${where}.compatibility.mode must be one of ${COMPATIBILITY_MODES.join(', ')}`;
    }
    if (!Array.isArray(compatibility['ignores'])) return `${where}.compatibility.ignores must be an array`;
  }
  return undefined;
}

/** A schema whose remote version is no longer the one the plan was made against. */
export interface StaleEntry {
  externalId: string;
  /** The version the plan was made against; null when the schema did not exist then. */
  planned: number | null;
  /** The version now; null when the schema no longer exists. */
  current: number | null;
}

/**
 * Compares the plan's recorded versions with the org's. A schema that appeared since counts only when the plan
 * was made with --prune (it would then have been planned for deprecation); otherwise it is not the plan's concern.
 */
export function findStaleEntries(plan: Plan, current: readonly RemoteSchema[]): StaleEntry[] {
  const now = new Map(current.map((schema) => [schema.externalId, schema.version]));
  const stale: StaleEntry[] = [];
  for (const [externalId, planned] of Object.entries(plan.remoteVersions)) {
    const version = now.get(externalId) ?? null;
    if (version !== planned) stale.push({ externalId, planned, current: version });
  }
  if (plan.options.prune) {
    for (const [externalId, version] of now) {
      if (!(externalId in plan.remoteVersions)) stale.push({ externalId, planned: null, current: version });
    }
  }
  return stale.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
}

/** One line per stale entry, for the error that refuses the plan. */
export function describeStaleEntries(entries: readonly StaleEntry[]): string {
  return entries
    .map((entry) => {
      if (entry.planned === null) return `${entry.externalId}: created since (now version ${entry.current})`;
      if (entry.current === null) return `${entry.externalId}: deleted since (was version ${entry.planned})`;
      return `${entry.externalId}: version ${entry.planned} when planned, ${entry.current} now`;
    })
    .join('\n');
}

/** `{version, status}`: a positive version and a status the platform knows. */
function isVersionState(value: unknown): boolean {
  return (
    isRecord(value) &&
    Number.isInteger(value['version']) &&
    (value['version'] as number) > 0 &&
    (SCHEMA_STATUSES as readonly unknown[]).includes(value['status'])
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
