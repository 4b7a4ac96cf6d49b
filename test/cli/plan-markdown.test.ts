/**
 * `plan --format markdown`: what a reviewer sees in a pull request, and that it always fits in one comment
 * (GitHub refuses a comment over 65,536 characters) with a count of what was left out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, code, GITHUB_COMMENT_LIMIT } from '../../src/cli/render/markdown-budget.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import type { Plan, PlanStep, PlanViolation } from '../../src/plan/plan-types.js';
import { samplePlan } from '../plan/sample-plan.js';

describe('renderPlanMarkdown', () => {
  const markdown = renderPlanMarkdown(samplePlan());

  it('has a table of the changes with their verdicts, and no row for an unchanged schema', () => {
    expect(markdown).toContain('| change | schema | version | status | verdict |');
    expect(markdown).toContain('| 🟢 create | <code>customer</code> | v2 | PUBLISHED | ✅ new schema |');
    expect(markdown).toContain(
      '| 🟡 update | <code>order</code> | v3 → v4 | PUBLISHED | ⚠️ breaks BACKWARD, accepted in the config (1 finding) |',
    );
    expect(markdown).toContain(
      '| 🟡 update | <code>invoice</code> | v1 → v2 | PUBLISHED | ⛔ blocked: 1 compatibility violation under BACKWARD (FIELD&#95;TYPE&#95;CHANGED) |',
    );
    expect(markdown).toContain(
      '| 🔵 publish | <code>draft&#95;thing</code> | v1 → v2 | DRAFT → PUBLISHED | ✅ status change only |',
    );
    expect(markdown).not.toContain('quiet');
    expect(markdown).toContain(
      '**Plan:** 2 to create, 1 to update, 1 to publish, 1 to deprecate, 1 unchanged, in 3 waves. ⛔ **1 blocked**',
    );
  });

  it('lists the compatibility findings with their rule ids, blocking and accepted', () => {
    expect(markdown).toContain(
      '| <code>FIELD_TYPE_CHANGED</code> | <code>invoice</code> | <code>amount</code> | <code>&quot;number&quot;</code> → <code>&quot;string&quot;</code> | BACKWARD vs v1 | ⛔ the type of field amount changed |'
        .replaceAll('FIELD_TYPE_CHANGED', 'FIELD&#95;TYPE&#95;CHANGED')
        .replaceAll('&quot;', '"'),
    );
    expect(markdown).toContain(
      '| <code>FIELD&#95;REMOVED</code> | <code>order</code> | <code>legacy</code> |  | BACKWARD vs v3 | accepted: nobody reads it |',
    );
  });

  it('gives each changed schema a collapsible block with its field-level diff', () => {
    expect(markdown).toContain(
      '<details><summary><code>order</code>: update, 3 changes (schemas/order.schema.yaml)</summary>',
    );
    expect(markdown).toContain(
      '```diff\n+ field notes: longText\n~ title.constraints.maxLength: 100 -> 200\n- field legacy: string\n```',
    );
    expect(markdown).toContain(
      '! FIELD_TYPE_CHANGED amount: the type of field amount changed\n  hint: keep the field as it is and add a new one instead',
    );
    expect(markdown).not.toContain('Left out');
  });

  it('keeps markup in names and values from breaking the table or the fence', () => {
    const plan = samplePlan();
    plan.violations[0]!.message = 'a | b <script> `x` ```';
    plan.steps[1]!.changes.push({ path: 'p', kind: 'changed', property: 'description', before: '```', after: '````' });
    const text = renderPlanMarkdown(plan);
    expect(text).toContain('⛔ a &#124; b &lt;script&gt; &#96;x&#96; &#96;&#96;&#96; |');
    expect(text).toContain('`````diff\n');
    // Inside a fenced block markup is shown as text; outside, it must never be raw.
    expect(text.replace(/(`{3,})diff\n[\s\S]*?\n\1\n/g, '')).not.toContain('<script>');
  });

  it("links, pings and cells nothing from the org's or the files' text", () => {
    const plan = samplePlan();
    const hostile = 'PUBLISHED | ✅ ok | <img src=x> [click](https://evil.example) ![i](https://evil.example/i.png)';
    plan.steps[1]!.to.status = hostile as PlanStep['to']['status'];
    plan.violations[0]!.message = 'ask @org/security-team about #12, \\| here';
    plan.unmanaged[0]!.status = '<a href=https://evil.example>approve</a>' as PlanStep['to']['status'];
    const text = renderPlanMarkdown(plan);
    const outsideFences = text.replace(/(`{3,})diff\n[\s\S]*?\n\1\n/g, '');
    // Each row of the changes table keeps its five cells.
    for (const row of outsideFences.split('\n').filter((line) => /^\| (🟢|🟡|🔵|🟠)/u.test(line)))
      expect(row.split('|').length - 2).toBe(5);
    expect(outsideFences).not.toMatch(/\]\(|<img|<a href/);
    // A mention or an issue reference is followed by a zero-width space, which GitHub links to no one.
    expect(outsideFences).not.toMatch(/@\w|(?<!&)#\d/);
    expect(outsideFences).toContain('@&#8203;org/security-team about #&#8203;12, &#92;&#124; here');
  });

  it('cuts a long text between characters, never inside an emoji', () => {
    const plan = samplePlan();
    // 300 is where a blocked reason is cut: the cut falls between the two halves of the emoji's surrogate pair.
    plan.steps[1]!.blocked = `${'x'.repeat(298)}😀😀`;
    const text = renderPlanMarkdown(plan);
    expect(text).toContain(`⛔ blocked: ${'x'.repeat(298)}…`);
    expect(text).not.toMatch(/\p{Cs}/u);
  });

  it('leaves an address, a URL fragment and a value in code as they read', () => {
    expect(cell('mail ops@example.com or see https://wiki.example/page#section')).toBe(
      'mail ops@example.com or see https://wiki.example/page#section',
    );
    expect(
      cell('see https://example.com/spec#12, https://mastodon.social/@ops and www.example.com/#3 (@team) #4'),
    ).toBe(
      'see https://example.com/spec#12, https://mastodon.social/@ops and www.example.com/#3 (@&#8203;team) #&#8203;4',
    );
    expect(code('@handle #1')).toBe('<code>@handle #1</code>');
  });
});

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,63}$/);
const anyText = fc.string({ unit: 'binary', maxLength: 2000 });

const violationArbitrary: fc.Arbitrary<PlanViolation> = fc.record(
  {
    rule: fc.constantFrom('FIELD_REMOVED', 'FIELD_TYPE_CHANGED', 'MAX_LENGTH_DECREASED'),
    schema: identifier,
    field: anyText,
    before: anyText,
    after: anyText,
    message: anyText,
    mode: fc.constantFrom('BACKWARD' as const, 'FULL' as const),
    againstVersion: fc.nat(),
    hint: anyText,
  },
  { requiredKeys: ['rule', 'schema', 'field', 'message', 'mode', 'againstVersion'] },
);

const stepArbitrary: fc.Arbitrary<PlanStep> = fc
  .record({
    externalId: identifier,
    kind: fc.constantFrom(
      'create' as const,
      'update' as const,
      'publish' as const,
      'deprecate' as const,
      'noop' as const,
    ),
    file: anyText,
    blocked: fc.option(anyText, { nil: undefined }),
    fieldCount: fc.nat({ max: 60 }),
    changes: fc.array(
      fc.record({
        path: anyText,
        kind: fc.constantFrom('added' as const, 'removed' as const, 'changed' as const),
        before: anyText,
        after: anyText,
      }),
      { maxLength: 80 },
    ),
  })
  .map(({ fieldCount, blocked, ...rest }) => ({
    ...rest,
    ...(blocked === undefined ? {} : { blocked }),
    wave: 0,
    managed: true,
    from: rest.kind === 'create' ? null : { version: 1, status: 'PUBLISHED' as const },
    to: { version: 2, status: 'PUBLISHED' as const },
    content: {
      externalId: rest.externalId,
      name: 'x',
      fields: Array.from({ length: fieldCount }, (_, i) => ({ name: `field_${i}`, fieldtype: 'string' as const })),
    },
    writes: [],
    dependsOn: [],
    compatibility: { mode: 'BACKWARD' as const, ignores: [] },
  }));

function planOf(steps: PlanStep[], violations: PlanViolation[], orgDomain: string): Plan {
  const plan = samplePlan();
  return {
    ...plan,
    target: { kind: 'customobjects', orgDomain },
    steps,
    violations,
    ignoredViolations: violations.slice(0, 3).map((v) => ({ ...v, ignoredBecause: v.message })),
  };
}

describe('renderPlanMarkdown size', () => {
  it('stays under the comment limit for any plan, and counts what it left out', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { maxLength: 400 }),
        fc.array(violationArbitrary, { maxLength: 300 }),
        anyText,
        (steps, violations, domain) => {
          const plan = planOf(steps, violations, domain);
          const text = renderPlanMarkdown(plan);
          expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
          const active = steps.filter((step) => step.kind !== 'noop');
          const rows = text.split('\n').filter((line) => /^\| (🟢|🟡|🔵|🟠)/u.test(line)).length;
          const leftOut = /Left out to stay within a comment's size: (\d+) changes?/.exec(text);
          expect(rows + (leftOut === null ? 0 : Number(leftOut[1]))).toBe(active.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('leaves out and counts the details before the table when a plan is too long', () => {
    const steps = fc.sample(stepArbitrary, { numRuns: 300, seed: 3 }).map((step, i) => ({
      ...step,
      externalId: `schema_${i}`,
      kind: 'update' as const,
      changes: step.changes.length === 0 ? [{ path: 'a', kind: 'added' as const, after: 'x' }] : step.changes,
    }));
    const text = renderPlanMarkdown(planOf(steps, [], 'example.test'));
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toMatch(/Left out to stay within a comment's size: the details of \d+ schemas/);
    expect(text).toContain('<code>schema&#95;299</code>');
  });

  it('honours a smaller limit', () => {
    const text = renderPlanMarkdown(samplePlan(), { limit: 1500 });
    expect(text.length).toBeLessThanOrEqual(1500);
    expect(text).toContain('Left out to stay within a comment');
  });
});
