/**
 * Everything `plan` and `apply` do before the pure planning step: read the org (one paged list, limits, system
 * objects) and validate the files against it (validate-against-org.ts), then read the version history of
 * exactly those schemas whose mode is transitive and that change, and plan. A plan is only made from files that
 * validate.
 */
import type { CxConfig } from '../model/config.js';
import { countOption } from '../model/option-count.js';
import type { Family } from '../family/family.js';
import { CUSTOM_OBJECTS_FAMILY, familyOfDocument, projectFilesFamily } from '../family/index.js';
import type { ValidationResult } from '../rules/validate.js';
import { historyNeeded } from './compat-adapter.js';
import { sameContent } from './content-equality.js';
import { planChanges, type DesiredDocument } from './plan-changes.js';
import type { Plan } from './plan-types.js';
import { withHistories, type Snapshot, type SnapshotSource } from './snapshot.js';
import { validateAgainstOrg } from './validate-against-org.js';

/** History reads in flight at once, unless told. */
const DEFAULT_HISTORY_READS = 8;

export interface PreparePlanOptions {
  /** Files or folders; empty for the config's schema globs. */
  paths: readonly string[];
  cwd: string;
  config: CxConfig;
  target: SnapshotSource;
  orgDomain: string;
  prune?: boolean;
  /** ISO-8601 time to record in the plan. */
  createdAt: string;
  /** History reads in flight at once: a whole number of at least 1 (default 8); a ConfigError otherwise. */
  concurrency?: number;
}

export interface PreparedPlan {
  validation: ValidationResult;
  snapshot: Snapshot;
  /** Absent when validation found errors: nothing is planned from files that do not validate. */
  plan?: Plan;
  /** Files whose own `target` names another family than the run's: validated, not planned (docs/families.md). */
  otherFamilies: Array<{ file: string; target: string }>;
}

export async function preparePlan(options: PreparePlanOptions): Promise<PreparedPlan> {
  // Checked before the org is read: a count of none would read no history, and the plan would rest on none.
  const concurrency = countOption(options.concurrency, DEFAULT_HISTORY_READS, 'concurrency');
  const { validation, snapshot: base } = await validateAgainstOrg(options);
  const family = options.target.family ?? CUSTOM_OBJECTS_FAMILY;
  const projectFamily = projectFilesFamily(options.config);
  const otherFamilies: PreparedPlan['otherFamilies'] = [];
  const documents = validation.documents.filter((document) => {
    const own = familyOfDocument(document, projectFamily);
    if (own !== family) otherFamilies.push({ file: document.file, target: own.name });
    return own === family;
  });
  if (validation.summary.errors > 0) return { validation, snapshot: base, otherFamilies };

  const snapshot = await withHistories(
    options.target,
    base,
    schemasNeedingHistory(documents, base, options.config, family),
    concurrency,
  );
  const plan = planChanges({
    family,
    documents,
    snapshot,
    compatibility: options.config.compatibility,
    prune: options.prune === true,
    createdAt: options.createdAt,
  });
  return { validation, snapshot, plan, otherFamilies };
}

/** The managed schemas whose compatibility mode reads every earlier version and whose contents change. */
export function schemasNeedingHistory(
  documents: readonly DesiredDocument[],
  snapshot: Snapshot,
  config: Pick<CxConfig, 'compatibility'>,
  family?: Family,
): string[] {
  const remote = new Map(snapshot.schemas.map((s) => [s.externalId, s]));
  const ids: string[] = [];
  for (const document of documents) {
    const definition = document.definition;
    if (definition === undefined) continue;
    const current = remote.get(definition.externalId);
    // No step is written to a schema whose externalId others share (plan-schema.ts), and none of their histories
    // can be told apart: none is read.
    if (current === undefined || current.sharedWith !== undefined) continue;
    if (!historyNeeded(definition.compatibility ?? config.compatibility.mode)) continue;
    // Compared as read: sameContent looks at the contents only, so neither side needs a copy.
    if (!sameContent(current, definition, family)) ids.push(definition.externalId);
  }
  return ids;
}
