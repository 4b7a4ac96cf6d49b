/** Planning against a test org as `cxschema plan` does. */
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import type { CxConfig } from '../../src/model/config.js';
import { planChanges, type DesiredDocument } from '../../src/plan/plan-changes.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { schemasNeedingHistory } from '../../src/plan/prepare-plan.js';
import { readSnapshot, withHistories } from '../../src/plan/snapshot.js';

export const BACKWARD: CxConfig['compatibility'] = { mode: 'BACKWARD', ignore: [] };

/** Plans as `cxschema plan` does, without the files: snapshot, histories where needed, planChanges. */
export async function planAgainst(
  target: CustomObjectsTarget,
  documents: readonly DesiredDocument[],
  options: { compatibility?: CxConfig['compatibility']; prune?: boolean } = {},
): Promise<Plan> {
  const compatibility = options.compatibility ?? BACKWARD;
  const base = await readSnapshot(target, 'emulator');
  const snapshot = await withHistories(
    target,
    base,
    schemasNeedingHistory(documents, base, { compatibility }, target.family),
  );
  return planChanges({
    family: target.family,
    documents,
    snapshot,
    compatibility,
    prune: options.prune === true,
    createdAt: new Date().toISOString(),
  });
}
