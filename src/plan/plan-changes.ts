/**
 * planChanges: a pure function of the desired schemas (the files), the snapshot of the org and the config's
 * compatibility settings. Same inputs, same plan: nothing here reads a clock, the network or the disk.
 */
import { collectReferences } from '../graph/references.js';
import type { CxConfig } from '../model/config.js';
import { CxError } from '../model/errors.js';
import type { RemoteSchema, SchemaDefinition } from '../model/schema.js';
import { assignWaves } from './assign-waves.js';
import { compareIds } from '../graph/reference-graph.js';
import { planSchema, unwritableReason } from './plan-schema.js';
import { summarizePlan } from './plan-summary.js';
import {
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanStep,
  type PlanViolation,
  type UnmanagedSchema,
} from './plan-types.js';
import { contentOfDefinition, contentOfRemote, desiredStatus } from './schema-content.js';
import type { Snapshot } from './snapshot.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';

/** A schema file as the planner needs it (a SchemaDocument fits; documents without a definition are skipped). */
export interface DesiredDocument {
  file: string;
  definition?: SchemaDefinition;
}

export interface PlanInput {
  documents: readonly DesiredDocument[];
  snapshot: Snapshot;
  compatibility: CxConfig['compatibility'];
  /** Deprecate the org's schemas that no file describes (never deletes one). */
  prune?: boolean;
  /** ISO-8601 time recorded in the plan; the caller reads the clock. */
  createdAt: string;
  /** The platform family the snapshot was read from: custom objects when absent. */
  family?: Family;
}

export function planChanges(input: PlanInput): Plan {
  const family = input.family ?? CUSTOM_OBJECTS_FAMILY;
  const desired = desiredDefinitions(input.documents);
  const remoteById = new Map<string, RemoteSchema>(input.snapshot.schemas.map((s) => [s.externalId, s]));
  const violations: PlanViolation[] = [];
  const ignoredViolations: PlanViolation[] = [];
  const steps: Array<Omit<PlanStep, 'wave'>> = [];

  for (const { definition, file } of desired.values()) {
    const id = definition.externalId;
    const mode = definition.compatibility ?? input.compatibility.mode;
    const history = input.snapshot.histories[id];
    const planned = planSchema({
      content: contentOfDefinition(definition),
      status: desiredStatus(definition),
      file,
      managed: true,
      remote: remoteById.get(id),
      ...(history === undefined ? {} : { history }),
      mode,
      ignores: ignoresFor(input.compatibility.ignore, id),
      family,
    });
    violations.push(...planned.violations);
    ignoredViolations.push(...planned.ignoredViolations);
    steps.push({ ...planned.step, dependsOn: dependenciesOf(definition, desired) });
  }

  // Only --prune asks what references an unmanaged schema: a plan without it does not walk the fields again.
  const referencedBy = input.prune === true ? referencesIntoOrg(desired) : undefined;
  const unmanaged: UnmanagedSchema[] = [];
  for (const remote of [...remoteById.values()].sort((a, b) => compareIds(a.externalId, b.externalId))) {
    if (desired.has(remote.externalId)) continue;
    const entry: UnmanagedSchema = {
      externalId: remote.externalId,
      version: remote.version,
      status: remote.status,
      action: 'keep',
    };
    if (referencedBy !== undefined) {
      const keepReason = pruneKeepReason(remote, referencedBy.get(remote.externalId));
      if (keepReason === undefined) {
        entry.action = 'deprecate';
        steps.push(pruneStep(remote, family));
      } else {
        entry.reason = keepReason;
      }
    }
    unmanaged.push(entry);
  }

  const { steps: ordered, waves } = assignWaves(steps);
  const remoteVersions: Record<string, number | null> = {};
  for (const id of [...new Set([...remoteById.keys(), ...desired.keys()])].sort(compareIds)) {
    remoteVersions[id] = remoteById.get(id)?.version ?? null;
  }

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.createdAt,
    target: { ...input.snapshot.target },
    options: { prune: input.prune === true },
    steps: ordered,
    waves,
    unmanaged,
    remoteVersions,
    violations,
    ignoredViolations,
    summary: summarizePlan(ordered, unmanaged.length),
  };
}

function desiredDefinitions(
  documents: readonly DesiredDocument[],
): Map<string, { definition: SchemaDefinition; file: string }> {
  const byId = new Map<string, { definition: SchemaDefinition; file: string }>();
  for (const document of documents) {
    const definition = document.definition;
    if (definition === undefined) continue;
    const known = byId.get(definition.externalId);
    if (known !== undefined) {
      // validate reports duplicates with their locations; reaching here means it was skipped.
      throw new CxError(
        'INPUT',
        `schema ${definition.externalId} is defined twice: ${known.file} and ${document.file}`,
        {
          hint: 'run cxschema validate, and keep one file per externalId',
        },
      );
    }
    byId.set(definition.externalId, { definition, file: document.file });
  }
  return byId;
}

/** Config ignores that can apply to this schema (those without a schema apply to all). */
function ignoresFor(
  ignores: CxConfig['compatibility']['ignore'],
  externalId: string,
): CxConfig['compatibility']['ignore'] {
  return ignores.filter((ignore) => ignore.schema === undefined || ignore.schema === externalId);
}

/** The managed schemas this one references, itself excluded, sorted. */
function dependenciesOf(definition: SchemaDefinition, desired: ReadonlyMap<string, unknown>): string[] {
  const targets = new Set<string>();
  for (const reference of collectReferences(definition.fields)) {
    if (reference.target !== definition.externalId && desired.has(reference.target)) targets.add(reference.target);
  }
  return [...targets].sort(compareIds);
}

/** For every referenced type, the managed schemas that reference it. */
function referencesIntoOrg(desired: ReadonlyMap<string, { definition: SchemaDefinition }>): Map<string, string[]> {
  const referencedBy = new Map<string, string[]>();
  for (const [id, { definition }] of desired) {
    for (const reference of collectReferences(definition.fields)) {
      const list = referencedBy.get(reference.target) ?? [];
      if (!list.includes(id)) list.push(id);
      referencedBy.set(reference.target, list);
    }
  }
  return referencedBy;
}

/** Why --prune leaves an unmanaged schema alone; undefined when it deprecates it. */
function pruneKeepReason(remote: RemoteSchema, referencedBy: readonly string[] | undefined): string | undefined {
  if (remote.status === 'DEPRECATED') return 'already deprecated';
  if (remote.status === 'DRAFT') {
    return 'a draft can only be deprecated after being published; delete it in the org if it is not needed';
  }
  if (referencedBy !== undefined && referencedBy.length > 0) {
    return `still referenced by ${[...referencedBy].sort(compareIds).join(', ')}`;
  }
  // Deprecating writes a version: not over what it would lose, nor to a schema that cannot be told from another.
  return unwritableReason(remote);
}

function pruneStep(remote: RemoteSchema, family: Family): Omit<PlanStep, 'wave'> {
  const transition = family.lifecycle.planTransition(
    { version: remote.version, status: remote.status },
    'DEPRECATED',
    false,
  );
  // pruneKeepReason has left only published schemas, which every family can deprecate.
  const writes = transition.ok ? transition.writes : [];
  return {
    externalId: remote.externalId,
    kind: 'deprecate',
    managed: false,
    from: { version: remote.version, status: remote.status },
    to: { version: remote.version + writes.length, status: 'DEPRECATED' },
    content: contentOfRemote(remote),
    writes,
    changes: [],
    dependsOn: [],
    // Only a status change: the contents stay as they are, so there is nothing to check.
    compatibility: { mode: 'NONE', ignores: [] },
  };
}
