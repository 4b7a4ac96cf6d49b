/**
 * `diff`: what promoting one org (the source) to another (the target) would do, schema by schema and field by
 * field. The source's schemas are planned against the target exactly as files are (planChanges), so each
 * difference carries the verdict `apply` would give it under the target's compatibility mode, and schemas
 * only the target holds are its unmanaged ones. Each org is read once (paged list, limits, system objects);
 * versions only for the schemas that a transitive mode needs, as plan does.
 */
import type { CxConfig } from '../model/config.js';
import { CxError } from '../model/errors.js';
import type { CompatibilityMode, RemoteSchema, SchemaDefinition } from '../model/schema.js';
import { ignoreMatches } from '../compat/index.js';
import { blockUnread, unreadSchemas, type UnreadSides } from './diff-unread.js';
import { compatChangesBetween, type HistoryCompatChange } from './history.js';
import { planChanges, type DesiredDocument } from '../plan/plan-changes.js';
import type { Plan } from '../plan/plan-types.js';
import { schemasNeedingHistory } from '../plan/prepare-plan.js';
import { readSnapshot, withHistories, type SnapshotSource } from '../plan/snapshot.js';

export interface OrgSide {
  /** How the org is named in the output: an environment's name, `emulator`, or a data file. */
  name: string;
  target: SnapshotSource;
  orgDomain: string;
}

export interface OrgDiffOptions {
  source: OrgSide;
  target: OrgSide;
  /** The target's compatibility settings: its environment's mode, the config's ignores. */
  compatibility: CxConfig['compatibility'];
  /** ISO-8601 time to record in the plan. */
  createdAt: string;
  /** Version reads in flight at once. */
  concurrency?: number;
}

export interface OrgDiff {
  source: { name: string; kind: string; orgDomain: string; schemas: number };
  target: { name: string; kind: string; orgDomain: string; schemas: number };
  /** The target's compatibility mode, which every verdict is under. */
  mode: CompatibilityMode;
  /**
   * True when a schema differs in contents or status, is in one org only, or holds what cxschema cannot read in
   * either org.
   */
  differ: boolean;
  /**
   * For each schema whose contents differ, every catalogued change from the target's version to the source's,
   * each with whether it breaks the mode. Those that do are also the plan's violations, which block the step,
   * unless the config accepts them (`acceptedBecause`: the plan's ignored violations).
   */
  verdicts: Record<string, HistoryCompatChange[]>;
  /**
   * Each schema whose version in either org holds what cxschema cannot read, with what each holds: the plan blocks
   * its step (src/org/diff-unread.ts).
   */
  unread: Record<string, UnreadSides>;
  /** The plan of making the target hold what the source holds; `unmanaged` are the schemas only the target has. */
  plan: Plan;
}

export async function diffOrgs(options: OrgDiffOptions): Promise<OrgDiff> {
  const sourceKind = options.source.target.kind;
  const targetKind = options.target.target.kind;
  if (sourceKind !== targetKind) {
    throw new CxError(
      'USAGE',
      `diff compares schemas of one family, and was given ${sourceKind} (${options.source.name}) and ${targetKind} (${options.target.name})`,
    );
  }
  const [sourceSchemas, base] = await Promise.all([
    options.source.target.list(),
    readSnapshot(options.target.target, options.target.orgDomain),
  ]);
  const family = options.target.target.family;
  const documents = sourceSchemas.map((schema) => documentOf(schema, options.source.name));
  const snapshot = await withHistories(
    options.target.target,
    base,
    schemasNeedingHistory(documents, base, options, family),
    options.concurrency,
  );
  // A file cannot say what cxschema cannot read, so the source's documents leave it out: the plan is told after.
  const sides = [
    { name: options.source.name, schemas: sourceSchemas },
    { name: options.target.name, schemas: base.schemas },
  ] as const;
  const unread = unreadSchemas(...sides);
  const plan = blockUnread(
    planChanges({
      documents,
      snapshot,
      compatibility: options.compatibility,
      createdAt: options.createdAt,
      ...(family === undefined ? {} : { family }),
    }),
    unread,
    ...sides,
  );
  const targetById = new Map(base.schemas.map((schema) => [schema.externalId, schema]));
  const verdicts: Record<string, HistoryCompatChange[]> = {};
  for (const schema of sourceSchemas) {
    const current = targetById.get(schema.externalId);
    if (current === undefined) continue;
    const changes = compatChangesBetween(current, schema, options.compatibility.mode, family);
    // A break the config accepts does not block the step, in plan as here: say which ignore accepts it.
    for (const change of changes) {
      if (!change.breaks || change.neverAllowed === true) continue;
      const ignore = options.compatibility.ignore.find((candidate) =>
        ignoreMatches(candidate, { ...change, schema: schema.externalId }),
      );
      if (ignore !== undefined) change.acceptedBecause = ignore.reason;
    }
    if (changes.length > 0) verdicts[schema.externalId] = changes;
  }
  return {
    source: {
      name: options.source.name,
      kind: options.source.target.kind,
      orgDomain: options.source.orgDomain,
      schemas: sourceSchemas.length,
    },
    target: {
      name: options.target.name,
      kind: options.target.target.kind,
      orgDomain: options.target.orgDomain,
      schemas: base.schemas.length,
    },
    mode: options.compatibility.mode,
    differ: orgsDiffer(plan),
    verdicts,
    unread,
    plan,
  };
}

export function orgsDiffer(plan: Plan): boolean {
  return plan.summary.changes > 0 || plan.unmanaged.length > 0;
}

/** A schema of the source as if a file described it: its contents and status, and where it came from. */
function documentOf(schema: RemoteSchema, sourceName: string): DesiredDocument {
  const definition: SchemaDefinition = {
    externalId: schema.externalId,
    name: schema.name,
    status: schema.status,
    fields: schema.fields,
  };
  // Every property a file can say is carried, so that the source is planned as the same file would be: a title
  // left out would read as "no title" and differ from the target's (docs/diff.md "Titles and disabled values").
  if (schema.title !== undefined) definition.title = schema.title;
  if (schema.description !== undefined) definition.description = schema.description;
  return { file: `${sourceName} v${schema.version}`, definition };
}
