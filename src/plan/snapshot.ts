/**
 * What the plan is made against: the org's current version of every schema, read by paging the list endpoint
 * once (docs/architecture.md: never one GET per schema), its limits and system objects, and, only for schemas whose
 * compatibility mode is transitive and that are about to change, every earlier version.
 */
import type { PlatformLimits } from '../model/field-types.js';
import type { RemoteSchema, SchemaField } from '../model/schema.js';
import type { PlanTargetInfo } from './plan-types.js';
import type { Family } from '../family/family.js';

export interface HistoryVersion {
  version: number;
  fields: SchemaField[];
}

export interface Snapshot {
  target: PlanTargetInfo;
  /** The current version of every schema in the org. */
  schemas: RemoteSchema[];
  limits: PlatformLimits;
  systemObjects: string[];
  /** Every version, oldest first, by externalId; present only where a transitive mode needs it. */
  histories: Record<string, HistoryVersion[]>;
}

/** The part of a target a snapshot reads (the Target interface of src/genesys/target.ts satisfies it). */
export interface SnapshotSource {
  readonly kind: string;
  /** The platform family read: custom objects when absent. */
  readonly family?: Family;
  list(): Promise<RemoteSchema[]>;
  versions(externalId: string): Promise<RemoteSchema[]>;
  limits(): Promise<PlatformLimits>;
  systemObjects(): Promise<string[]>;
}

/** Lists schemas, limits and system objects concurrently: three logical reads however large the org. */
export async function readSnapshot(source: SnapshotSource, orgDomain: string): Promise<Snapshot> {
  const [schemas, limits, systemObjects] = await Promise.all([source.list(), source.limits(), source.systemObjects()]);
  return { target: { kind: source.kind, orgDomain }, schemas, limits, systemObjects, histories: {} };
}

/**
 * Adds the version history of each named schema to the snapshot (a new snapshot; the given one is not changed).
 * Reads at most `concurrency` histories at a time; the client's limiter paces them.
 */
export async function withHistories(
  source: Pick<SnapshotSource, 'versions'>,
  snapshot: Snapshot,
  externalIds: readonly string[],
  concurrency = 8,
): Promise<Snapshot> {
  const histories: Record<string, HistoryVersion[]> = { ...snapshot.histories };
  const queue = externalIds.filter((id) => histories[id] === undefined);
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const versions = await source.versions(id);
      histories[id] = versions
        .map((v) => ({ version: v.version, fields: v.fields }))
        .sort((a, b) => a.version - b.version);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  return { ...snapshot, histories };
}
