/**
 * Text renderers echo names, files and messages from files and the org. None of them may carry an escape
 * sequence or a control character to the terminal: a schema the org holds, a file name or a server message
 * could otherwise set the window title, clear the screen or hide a line.
 */
import { describe, expect, it } from 'vitest';
import type { StepOutcome } from '../../src/apply/apply-events.js';
import { summarizeApply } from '../../src/apply/apply-summary.js';
import { createProgress } from '../../src/cli/progress.js';
import { renderApplySummary, renderPlan } from '../../src/cli/render-plan.js';
import { renderPlanMarkdown } from '../../src/cli/render/plan-markdown.js';
import { sanitizeStrings } from '../../src/cli/render/terminal-text.js';
import { reportError } from '../../src/cli/run-action.js';
import { CxError } from '../../src/model/errors.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { samplePlan } from '../plan/sample-plan.js';

const TITLE = '\u001b]0;owned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The sample plan with hostile text wherever a file or the org supplies it. */
function hostilePlan(): Plan {
  const plan = samplePlan();
  return {
    ...plan,
    steps: plan.steps.map((step) =>
      step.file === undefined ? step : { ...step, file: `schemas/${CLEAR}${step.externalId}.schema.yaml` },
    ),
    unmanaged: [
      ...plan.unmanaged,
      { externalId: `org_thing${TITLE}`, version: 1, status: 'PUBLISHED', reason: `kept ${CLEAR}`, action: 'keep' },
    ],
    violations: plan.violations.map((v) => ({ ...v, message: `${v.message}${TITLE}`, hint: `${CLEAR}fix it` })),
  };
}

describe('text renderers given escape sequences', () => {
  it('the plan shows every name and file, with no control character left', () => {
    const text = renderPlan(hostilePlan(), { color: false });
    expect(text).toContain('(schemas/customer.schema.yaml)');
    expect(text).toContain('org_thing v1 PUBLISHED');
    expect(text).toContain('hint: fix it');
    expect(text).not.toMatch(CONTROL);
  });

  it('the markdown plan too', () => {
    const text = renderPlanMarkdown(hostilePlan());
    expect(text).toContain('customer');
    expect(text).not.toMatch(CONTROL);
  });

  it("apply's summary and progress lines show the org's reasons defused", () => {
    const outcomes: StepOutcome[] = [
      {
        externalId: `bad${TITLE}`,
        kind: 'create',
        wave: 0,
        managed: true,
        result: 'failed',
        writes: 0,
        rebased: false,
        alreadyDone: false,
        durationMs: 1,
        reason: `POST refused (400): field ${CLEAR}x is wrong`,
      },
    ];
    const summary = renderApplySummary(
      { outcomes, summary: summarizeApply(outcomes), durationMs: 1, eventErrors: [] },
      [],
      { color: false },
    );
    expect(summary).toContain('failed  bad: POST refused (400): field x is wrong');
    expect(summary).not.toMatch(CONTROL);

    let progress = '';
    const events = createProgress({ live: false, color: false, write: (t) => (progress += t), totalSteps: 1 }).events;
    void events.onStepFailed?.(outcomes[0]!);
    expect(progress).toBe('failed bad: POST refused (400): field x is wrong\n');
  });

  it('an error message quoting a file is printed defused', () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => written.push(chunk) > 0;
    try {
      reportError(new CxError('INPUT', `cannot read ${CLEAR}plan${TITLE}.json`, { hint: `see ${TITLE}docs` }));
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toBe('error: cannot read plan.json\nhint: see docs\n');
  });

  it('sanitizeStrings keeps the lines of a message and nothing else of a name', () => {
    expect(sanitizeStrings({ externalId: 'a\nb', reason: 'one\ntwo', list: ['x\u0007'] })).toEqual({
      externalId: 'a\uFFFDb',
      reason: 'one\ntwo',
      list: ['x\uFFFD'],
    });
  });
});
