/**
 * The custom objects lifecycle (docs/api-contract.md): DRAFT->DRAFT, DRAFT->PUBLISHED, PUBLISHED->PUBLISHED,
 * PUBLISHED->DEPRECATED, DEPRECATED->PUBLISHED, DEPRECATED->DEPRECATED. A create is always POSTed as DRAFT
 * version 1 and then moved on, as the platform requires of a POST; every PUT makes version current + 1.
 */
import type { SchemaStatus } from '../../model/schema.js';
import type { Lifecycle, PlannedWrite, StepKind, TransitionPlan } from '../family.js';

/** The statuses to pass through after `from` to reach `to`, `to` included; undefined when it cannot be reached. */
function statusPath(from: SchemaStatus, to: SchemaStatus): SchemaStatus[] | undefined {
  if (from === to) return [to];
  if (to === 'DRAFT') return undefined;
  if (to === 'PUBLISHED') return ['PUBLISHED'];
  // to DEPRECATED: only a published schema can be deprecated.
  return from === 'DRAFT' ? ['PUBLISHED', 'DEPRECATED'] : ['DEPRECATED'];
}

export function planTransition(
  remote: { version: number; status: SchemaStatus } | null,
  desired: SchemaStatus,
  contentChanged: boolean,
): TransitionPlan {
  if (remote === null) {
    const writes: PlannedWrite[] = [{ method: 'POST', version: 1, status: 'DRAFT' }];
    let version = 1;
    for (const status of statusPath('DRAFT', desired) ?? []) {
      if (status === 'DRAFT') continue;
      writes.push({ method: 'PUT', version: ++version, status });
    }
    return { ok: true, kind: 'create', writes };
  }

  const kind = contentChanged ? 'update' : statusKind(remote.status, desired);
  if (kind === 'noop') return { ok: true, kind, writes: [] };
  const path = statusPath(remote.status, desired);
  if (path === undefined) {
    return {
      ok: false,
      kind,
      reason: `the org holds it as ${remote.status} and a schema cannot go back to ${desired}`,
    };
  }
  let version = remote.version;
  return { ok: true, kind, writes: path.map((status) => ({ method: 'PUT' as const, version: ++version, status })) };
}

/** The kind of a step that changes only the status (shared by every family: the words do not differ). */
export function statusKind(from: SchemaStatus, to: SchemaStatus): StepKind {
  if (from === to) return 'noop';
  if (to === 'DEPRECATED') return 'deprecate';
  if (to === 'PUBLISHED') return from === 'DEPRECATED' ? 'undeprecate' : 'publish';
  // Back to DRAFT: reported as an update that cannot be made.
  return 'update';
}

export const CUSTOM_OBJECTS_LIFECYCLE: Lifecycle = {
  statuses: ['DRAFT', 'PUBLISHED', 'DEPRECATED'],
  planTransition,
};
