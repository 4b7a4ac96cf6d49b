/**
 * A compatibility finding's message is its reason; the field is its own property, and every place that shows a
 * finding (the text plan, the markdown plan, apply's refusal) names the field once, beside the message.
 */
import { describe, expect, it } from 'vitest';
import { renderViolation } from '../../src/cli/render-plan.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import { detectCompatChanges } from '../../src/compat/detect-changes.js';
import { COMPAT_RULES } from '../../src/compat/rules/index.js';
import type { PlanViolation } from '../../src/plan/plan-types.js';
import { samplePlan } from '../plan/sample-plan.js';
import { loadFixture } from './compat-fixtures.js';

/** How often the field is named as a label (`field:`), the way the doubling showed: `operator: operator: ...`. */
function labels(text: string, field: string): number {
  return text.split(`${field}:`).length - 1;
}

describe.each(COMPAT_RULES.map((rule) => rule.id))('%s', (ruleId) => {
  const fixture = loadFixture(ruleId);
  const changes = detectCompatChanges('invoice', fixture.old.fields, fixture.next.fields);

  it('has a message that is the reason alone, without the field', () => {
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change.message).not.toMatch(new RegExp(`^${change.field.replace(/[[\]]/g, '\\$&')}\\b`));
      expect(change.message.length).toBeGreaterThan(10);
    }
  });

  it('names the field once in the text plan and in the markdown plan', () => {
    for (const change of changes) {
      const violation: PlanViolation = { ...change, mode: 'BACKWARD', againstVersion: 1 };
      const text = renderViolation(violation);
      expect(text.startsWith(`${ruleId} ${change.field}`)).toBe(true);
      expect(labels(text, change.field)).toBeLessThanOrEqual(1);
      expect(text).toContain(change.message);

      const plan = samplePlan();
      plan.violations = [violation];
      const detail = renderPlanMarkdown(plan)
        .split('\n')
        .find((line) => line.startsWith(`! ${ruleId} `));
      expect(detail).toBe(`! ${ruleId} ${change.field}: ${change.message}`);
      expect(labels(detail!, change.field)).toBe(1);
    }
  });
});
