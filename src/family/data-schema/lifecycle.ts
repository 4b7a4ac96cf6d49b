/**
 * The DataSchema lifecycle: a schema is enabled or disabled, which cxschema reads as PUBLISHED and DEPRECATED.
 * There is no draft. A create is one POST (version 1) with the desired state; every later change, of contents,
 * of state or both, is one PUT that makes version current + 1.
 */
import type { SchemaStatus } from '../../model/schema.js';
import { statusKind } from '../custom-objects/lifecycle.js';
import type { Lifecycle, TransitionPlan } from '../family.js';

export function dataSchemaLifecycle(label: string): Lifecycle {
  const noDraft = `${label} have no DRAFT state: a schema is enabled (PUBLISHED) or disabled (DEPRECATED)`;
  return {
    statuses: ['PUBLISHED', 'DEPRECATED'],
    planTransition(
      remote: { version: number; status: SchemaStatus } | null,
      desired: SchemaStatus,
      contentChanged: boolean,
    ): TransitionPlan {
      if (remote === null) {
        if (desired === 'DRAFT') return { ok: false, kind: 'create', reason: noDraft };
        return { ok: true, kind: 'create', writes: [{ method: 'POST', version: 1, status: desired }] };
      }
      const kind = contentChanged ? 'update' : statusKind(remote.status, desired);
      if (kind === 'noop') return { ok: true, kind, writes: [] };
      if (desired === 'DRAFT') return { ok: false, kind, reason: noDraft };
      return { ok: true, kind, writes: [{ method: 'PUT', version: remote.version + 1, status: desired }] };
    },
  };
}
