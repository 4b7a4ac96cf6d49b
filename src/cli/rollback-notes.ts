/**
 * What `rollback` says on stderr beside its plan, where the plan alone does not say what happens next: that there
 * is nothing to do, why the rollback is refused and whether a reason could let it through, and a name kept across a
 * rename. A hint to pass `--allow-breaking` is given only where a reason would deploy the rollback: never for a
 * change the platform refuses in any mode, nor for a refusal of another kind (docs/rollback.md).
 */
import type { RollbackPlan } from '../org/rollback.js';
import { sanitizeForTerminal, sanitizeStrings } from './render/terminal-text.js';

export const ALLOW_BREAKING_HINT =
  'hint: pass --allow-breaking "<reason>" to deploy it all the same (the reason is recorded in the audit log and the change event)';

/** The lines, terminal-safe, for the rollback of `unsafeId` to `version`. */
export function rollbackNotes(rollback: RollbackPlan, unsafeId: string, version: number): string[] {
  const plan = sanitizeStrings(rollback.plan);
  const externalId = sanitizeForTerminal(unsafeId);
  const step = plan.steps[0];
  if (step === undefined) return [];
  const lines: string[] = [];
  // A DataSchema is its name: a version from before a rename comes back under the name it has now.
  if (rollback.restored.name !== rollback.plan.steps[0]?.content.name) {
    lines.push(
      `v${version} was named ${JSON.stringify(sanitizeForTerminal(rollback.restored.name))}: its contents are restored under the schema's name now, ${JSON.stringify(step.content.name)} (a name is the schema's identity on ${plan.target.kind}).`,
    );
  }
  const subject = `The rollback of ${externalId} to v${version}`;
  if (step.kind === 'noop') {
    lines.push(`Nothing to do: ${externalId} v${step.from?.version ?? '?'} already holds the contents of v${version}.`);
  } else if (step.blocked !== undefined && rollback.allowBreakingDeploys) {
    lines.push(`${subject} breaks ${step.compatibility.mode} and is refused: ${step.blocked}.`, ALLOW_BREAKING_HINT);
  } else if (step.blocked !== undefined) {
    lines.push(`${subject} is refused: ${step.blocked}.`);
    const rules = sanitizeStrings(rollback.refusedInAnyMode);
    if (rules.length > 0)
      lines.push(`The platform refuses ${rules.join(', ')} in any mode: no --allow-breaking reason lets it through.`);
  }
  return lines;
}
