/**
 * The human plan, in Terraform's manner: one block per step with its symbol (`+ create`, `~ update` with a
 * field-level diff, `^ publish`, `- deprecate`, `! ` for a step that breaks compatibility and will not run),
 * the unmanaged schemas, and a last line of counts. Also the apply summary.
 */
import type { ApplyResult } from '../apply/apply-plan.js';
import type { ContentChange, Plan, PlanStep, PlanViolation } from '../plan/plan-types.js';
import type { SchemaField } from '../model/schema.js';
import { sanitizeStrings } from './render/terminal-text.js';
import { paint, type Style } from './terminal.js';

export interface RenderOptions {
  color: boolean;
}

/** The words of a plan that is not made from files: `diff` shows what promoting one org to another would do. */
export interface PlanWording {
  /** The first line, instead of `Plan against <org>`. */
  heading: string;
  /** Instead of `No changes. The org holds what the files describe.` */
  noChanges: string;
  /** Instead of `Unmanaged (in the org, in no file):` */
  unmanaged: string;
  /** Instead of `Plan:` before the counts. */
  counts: string;
  /** More lines under a step, after its diff. */
  notes?: (step: PlanStep) => string[];
}

const SYMBOL: Record<PlanStep['kind'], { symbol: string; style: Style }> = {
  create: { symbol: '+', style: 'green' },
  update: { symbol: '~', style: 'yellow' },
  publish: { symbol: '^', style: 'cyan' },
  undeprecate: { symbol: '^', style: 'cyan' },
  deprecate: { symbol: '-', style: 'red' },
  noop: { symbol: ' ', style: 'dim' },
};

/**
 * The part of a plan the text and markdown renderers print, made safe to print: names, files, values and
 * messages come from files and the org, and none may move the cursor or hide itself. Unchanged steps are left
 * out: no renderer shows them one by one, and they are most of a plan (each with every field of its schema), so
 * copying them cost a no-op plan of 500 schemas some 30 ms.
 */
export function printablePlan(plan: Plan): Plan {
  return sanitizeStrings({ ...plan, steps: plan.steps.filter((step) => step.kind !== 'noop') });
}

export function renderPlan(unsafePlan: Plan, options: RenderOptions & { wording?: PlanWording }): string {
  const plan = printablePlan(unsafePlan);
  const c = (style: Style, text: string): string => paint(options.color, style, text);
  const wording = options.wording;
  const lines: string[] = [];
  const active = plan.steps.filter((step) => step.kind !== 'noop');
  lines.push(
    c('bold', wording?.heading ?? `Plan against ${plan.target.kind} at ${plan.target.orgDomain}`) +
      c('dim', ` (made ${plan.createdAt})`),
  );

  if (active.length === 0 && plan.unmanaged.length === 0 && wording !== undefined) {
    lines.push('', c('green', wording.noChanges));
  } else if (active.length === 0 && wording === undefined) {
    lines.push('', c('green', 'No changes.') + ' The org holds what the files describe.');
  }
  // "Wave" is the tool's word: said once in plain words, so that the plan reads without the docs.
  if (active.length > 0 && plan.waves > 1)
    lines.push(
      '',
      c(
        'dim',
        `The steps run in ${plan.waves} waves, one after another: a schema is written after those it references.`,
      ),
    );
  let wave = -1;
  for (const step of active) {
    if (step.wave !== wave) {
      wave = step.wave;
      lines.push('', c('bold', `Wave ${wave + 1} of ${plan.waves}`));
    }
    lines.push(...renderStep(step, plan, c));
    for (const note of wording?.notes?.(step) ?? []) lines.push(`      ${note}`);
  }

  if (plan.unmanaged.length > 0) {
    lines.push(
      '',
      wording === undefined ? c('bold', 'Unmanaged') + ' (in the org, in no file):' : c('bold', wording.unmanaged),
    );
    for (const entry of plan.unmanaged) {
      const action =
        entry.action === 'deprecate'
          ? c('red', 'deprecated by --prune')
          : entry.reason !== undefined
            ? `kept: ${entry.reason}`
            : 'left alone (pass --prune to deprecate it)';
      lines.push(
        wording === undefined
          ? `  ${entry.externalId} v${entry.version} ${entry.status}: ${action}`
          : `  ${c('red', '-')} ${entry.externalId} v${entry.version} ${entry.status}`,
      );
    }
  }

  const s = plan.summary;
  let last = `${wording?.counts ?? 'Plan:'} ${planCounts(s).join(', ')}.`;
  if (s.blocked > 0) last += ' ' + c('red', `${s.blocked} blocked.`);
  lines.push('', c('bold', last));
  if (s.blocked > 0) lines.push('Blocked steps are not applied; schemas that depend on them are skipped.');
  return lines.join('\n') + '\n';
}

/** The plan's counts as the text and markdown renderers both say them: `1 to create`, ..., `3 unchanged`. */
export function planCounts(s: Plan['summary']): string[] {
  const counts = [
    `${s.create} to create`,
    `${s.update} to update`,
    `${s.publish} to publish`,
    `${s.deprecate} to deprecate`,
  ];
  if (s.undeprecate > 0) counts.push(`${s.undeprecate} to undeprecate`);
  counts.push(`${s.unchanged} unchanged`);
  return counts;
}

function renderStep(step: PlanStep, plan: Plan, c: (style: Style, text: string) => string): string[] {
  const lines: string[] = [];
  const breaking = step.blocked !== undefined;
  const { symbol, style } = breaking ? { symbol: '!', style: 'red' as Style } : SYMBOL[step.kind];
  // A new schema says so, and how it comes to be: "v2" alone reads as if a version 1 existed somewhere.
  const versions =
    step.from === null
      ? `(new schema: ${step.writes.map((w) => `v${w.version} ${w.status}`).join(', then ') || `v${step.to.version} ${step.to.status}`})`
      : `v${step.from.version} -> v${step.to.version}`;
  const status =
    step.from !== null && step.from.status !== step.to.status ? ` ${step.from.status} -> ${step.to.status}` : '';
  const where =
    step.file !== undefined ? c('dim', ` (${step.file})`) : c('dim', ' (in no file: deprecated because of --prune)');
  lines.push(
    `  ${c(style, `${symbol} ${step.kind}`)} ${c('bold', step.externalId)} ${breaking ? '' : versions}${breaking ? '' : status}${where}`.replace(
      / {2,}\(/,
      ' (',
    ),
  );

  if (step.kind === 'create') {
    for (const field of step.content.fields) lines.push(`      ${c('green', '+')} ${describeField(field)}`);
  }
  for (const change of step.changes) lines.push(`      ${renderChange(change, c)}`);
  if (breaking) {
    lines.push(`      ${c('red', `blocked: ${step.blocked ?? ''}`)}`);
    const violations = plan.violations.filter((v) => v.schema === step.externalId);
    for (const violation of violations) lines.push(`      ${c('red', '!')} ${renderViolation(violation)}`);
    for (const hint of new Set(violations.map((v) => v.hint).filter((h): h is string => h !== undefined))) {
      lines.push(`      ${c('cyan', 'hint:')} ${hint}`);
    }
  }
  for (const ignored of plan.ignoredViolations.filter((v) => v.schema === step.externalId)) {
    lines.push(
      `      ${c('dim', `ignored ${renderViolation(ignored)} (reason: ${ignored.ignoredBecause ?? 'config'})`)}`,
    );
  }
  return lines;
}

export function renderViolation(violation: PlanViolation): string {
  const change =
    violation.before !== undefined || violation.after !== undefined
      ? `: ${formatValue(violation.before)} -> ${formatValue(violation.after)}`
      : '';
  return `${violation.rule} ${violation.field}${change} (${violation.mode}, against v${violation.againstVersion}): ${violation.message}`;
}

/** What a change is about: a schema property (`name`), a field (`email`) or a field's property (`email.maxLength`). */
export function changeSubject(change: ContentChange): string {
  if (change.path === '') return change.property ?? '';
  return change.property !== undefined ? `${change.path}.${change.property}` : change.path;
}

export function renderChange(change: ContentChange, c: (style: Style, text: string) => string): string {
  const subject = changeSubject(change);
  const label = change.path === '' ? subject : `field ${subject}`;
  switch (change.kind) {
    case 'added':
      if (isField(change.after)) return `${c('green', '+')} ${describeField({ ...change.after, name: subject })}`;
      return `${c('green', '+')} ${label}${change.after !== undefined ? `: ${formatValue(change.after)}` : ''}`;
    case 'removed':
      if (isField(change.before)) return `${c('red', '-')} ${describeField({ ...change.before, name: subject })}`;
      return `${c('red', '-')} ${label}${change.before !== undefined ? ` (was ${formatValue(change.before)})` : ''}`;
    default:
      return `${c('yellow', '~')} ${label}: ${formatValue(change.before)} -> ${formatValue(change.after)}`;
  }
}

function isField(value: unknown): value is SchemaField {
  return typeof value === 'object' && value !== null && typeof (value as SchemaField).fieldtype === 'string';
}

function describeField(field: SchemaField): string {
  const target = field.constraints?.referencedType;
  const type = target === undefined ? field.fieldtype : `${field.fieldtype} -> ${target}`;
  return `field ${field.name}: ${type}${field.required === true ? ', required' : ''}`;
}

/** Compact, one-line JSON for values in a diff; long values are cut. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Apply's one summary: the steps that did not succeed with their reason, a line of what was done, then the run's
 * request lines (`requestLines`, from the run's metrics: src/observe/metrics/run-metrics.ts), which carry the run's one
 * duration. A plan with nothing to run has already said "No changes" and its counts: only the request lines follow.
 */
export function renderApplySummary(
  unsafeResult: ApplyResult,
  requestLines: readonly string[],
  options: RenderOptions,
): string {
  const result = sanitizeStrings(unsafeResult);
  const c = (style: Style, text: string): string => paint(options.color, style, text);
  const s = result.summary;
  const lines: string[] = [];
  for (const outcome of result.outcomes) {
    if (outcome.result === 'failed')
      lines.push(`${c('red', 'failed')}  ${outcome.externalId}: ${outcome.reason ?? ''}`);
    else if (outcome.result === 'skipped')
      lines.push(`${c('yellow', 'skipped')} ${outcome.externalId}: ${outcome.reason ?? ''}`);
    else if (outcome.result === 'blocked')
      lines.push(`${c('red', 'blocked')} ${outcome.externalId}: ${outcome.reason ?? ''}`);
  }
  if (result.stopped !== undefined) lines.push(c('red', `Apply stopped early: ${result.stopped}`));
  const ran = result.outcomes.some((outcome) => outcome.kind !== 'noop');
  if (ran) {
    const ok = s.failed === 0 && s.skipped === 0 && s.blocked === 0;
    const head = ok ? c('green', 'Apply complete.') : c('red', 'Apply finished with failures.');
    const counts = [
      `${s.created} created`,
      `${s.updated} updated`,
      `${s.published} published`,
      `${s.deprecated} deprecated`,
      ...(s.undeprecated > 0 ? [`${s.undeprecated} undeprecated`] : []),
      `${s.unchanged} unchanged`,
      ...(s.alreadyDone > s.foundByReadBack
        ? [`${s.alreadyDone - s.foundByReadBack} found already done by someone else`]
        : []),
      // Not claimed either: the answer was lost, and the read back cannot tell whose identical write it found.
      ...(s.foundByReadBack > 0 ? [`${s.foundByReadBack} found done after a lost answer, by this run or another`] : []),
      `${s.failed} failed`,
      `${s.skipped} skipped`,
      ...(s.blocked > 0 ? [`${s.blocked} blocked`] : []),
      ...(s.rebased > 0 ? [`${s.rebased} planned again after a conflict`] : []),
    ];
    lines.push(`${head} ${counts.join(', ')}.`);
  }
  for (const line of requestLines) lines.push(c('dim', line));
  return lines.join('\n') + '\n';
}
