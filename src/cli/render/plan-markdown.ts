/**
 * `plan --format markdown`: the plan for a pull request comment or a workflow's step summary. A table of the
 * changes with their verdicts, the compatibility findings with their rule ids, and a collapsible block per
 * schema with its field-level diff. It always stays under GitHub's comment limit: sections fill by
 * importance (the table, then the findings, then the details) and a last line counts what was left out.
 */
import type { ContentChange, Plan, PlanStep, PlanViolation } from '../../plan/plan-types.js';
import type { SchemaField } from '../../model/schema.js';
import { changeSubject, formatValue, planCounts, printablePlan } from '../render-plan.js';
import { cell, clip, code, createBudget, GITHUB_COMMENT_LIMIT } from './markdown-budget.js';

export interface MarkdownOptions {
  /** Characters the whole document may take; GitHub's comment limit by default. */
  limit?: number;
  /** The first line (plain text); `cxschema plan: <org>` by default. `diff` names the two orgs. */
  heading?: string;
  /** Instead of `No changes: the org holds what the files describe.` (plain text). `diff` names the two orgs. */
  noChanges?: string;
}

/** Room kept for the closing notes, which are written last and must always fit. */
const NOTES_RESERVE = 700;

const ICON: Record<PlanStep['kind'], string> = {
  create: '🟢 create',
  update: '🟡 update',
  publish: '🔵 publish',
  undeprecate: '🔵 undeprecate',
  deprecate: '🟠 deprecate',
  noop: 'unchanged',
};

export function renderPlanMarkdown(unsafePlan: Plan, options: MarkdownOptions = {}): string {
  // Printed on a terminal as often as posted: names and messages from files and the org are made safe first.
  const plan = printablePlan(unsafePlan);
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const budget = createBudget(limit - NOTES_RESERVE);
  const out: string[] = [];
  const put = (text: string): boolean => {
    if (!budget.take(text)) return false;
    out.push(text);
    return true;
  };
  const active = plan.steps.filter((step) => step.kind !== 'noop');
  const left = { steps: 0, findings: 0, details: 0, unmanaged: 0 };

  put(`### ${cell(clip(options.heading ?? `cxschema plan: ${plan.target.orgDomain}`, 300))}\n\n`);
  put(`${summaryLine(plan)}\n\n`);

  if (active.length > 0) {
    put('| change | schema | version | status | verdict |\n| --- | --- | --- | --- | --- |\n');
    for (const [i, step] of active.entries()) {
      if (!put(tableRow(step, plan))) {
        left.steps = active.length - i;
        break;
      }
    }
    put('\n');
  } else {
    put(`${cell(clip(options.noChanges ?? 'No changes: the org holds what the files describe.', 300))}\n\n`);
  }

  const findings = [...plan.violations, ...plan.ignoredViolations];
  if (
    findings.length > 0 &&
    put(
      '#### Compatibility findings\n\n| rule | schema | field | change | mode | outcome |\n| --- | --- | --- | --- | --- | --- |\n',
    )
  ) {
    for (const [i, finding] of findings.entries()) {
      if (!put(findingRow(finding))) {
        left.findings = findings.length - i;
        break;
      }
    }
    put('\n');
  } else {
    left.findings = findings.length;
  }

  const detailed = active.filter(
    (step) => step.kind === 'create' || step.changes.length > 0 || step.blocked !== undefined,
  );
  if (detailed.length > 0 && put('#### Details\n\n')) {
    for (const [i, step] of detailed.entries()) {
      if (!put(details(step, plan))) {
        left.details = detailed.length - i;
        break;
      }
    }
  } else {
    left.details = detailed.length;
  }

  if (plan.unmanaged.length > 0 && put(`#### In the org, in no file\n\n`)) {
    for (const [i, entry] of plan.unmanaged.entries()) {
      const action =
        entry.action === 'deprecate'
          ? 'deprecated by --prune'
          : entry.reason !== undefined
            ? `kept: ${entry.reason}`
            : 'left alone';
      const line = `- ${code(entry.externalId)} v${cell(String(entry.version))} ${cell(entry.status)}: ${cell(clip(action, 200))}\n`;
      if (!put(line)) {
        left.unmanaged = plan.unmanaged.length - i;
        break;
      }
    }
    put('\n');
  } else {
    left.unmanaged = plan.unmanaged.length;
  }

  out.push(notes(left, plan));
  return out.join('');
}

function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const counts = planCounts(s);
  const blocked =
    s.blocked > 0
      ? ` ⛔ **${s.blocked} blocked**: blocked steps are not applied, and schemas that depend on them are skipped.`
      : '';
  return `**Plan:** ${counts.join(', ')}, in ${plan.waves} ${plan.waves === 1 ? 'wave' : 'waves'}.${blocked}`;
}

function tableRow(step: PlanStep, plan: Plan): string {
  const to = cell(String(step.to.version));
  const versions = step.from === null ? `v${to}` : `v${cell(String(step.from.version))} → v${to}`;
  const status =
    step.from !== null && step.from.status !== step.to.status
      ? `${cell(step.from.status)} → ${cell(step.to.status)}`
      : cell(step.to.status);
  return `| ${ICON[step.kind]} | ${code(step.externalId)} | ${versions} | ${status} | ${verdict(step, plan)} |\n`;
}

function verdict(step: PlanStep, plan: Plan): string {
  if (step.blocked !== undefined) return `⛔ blocked: ${cell(clip(step.blocked, 300))}`;
  const ignored = plan.ignoredViolations.filter((v) => v.schema === step.externalId).length;
  if (ignored > 0)
    return `⚠️ breaks ${step.compatibility.mode}, accepted in the config (${ignored} ${ignored === 1 ? 'finding' : 'findings'})`;
  if (step.kind === 'create') return '✅ new schema';
  if (step.kind === 'update') return `✅ compatible (${step.compatibility.mode})`;
  return '✅ status change only';
}

function findingRow(finding: PlanViolation): string {
  const change =
    finding.before !== undefined || finding.after !== undefined
      ? `${code(formatValue(finding.before))} → ${code(formatValue(finding.after))}`
      : '';
  const outcome =
    finding.ignoredBecause !== undefined
      ? `accepted: ${cell(clip(finding.ignoredBecause, 200))}`
      : `⛔ ${cell(clip(finding.message, 300))}`;
  return `| ${code(finding.rule)} | ${code(finding.schema)} | ${code(clip(finding.field, 200))} | ${change} | ${finding.mode} vs v${finding.againstVersion} | ${outcome} |\n`;
}

function details(step: PlanStep, plan: Plan): string {
  const lines: string[] = [];
  if (step.kind === 'create')
    for (const field of step.content.fields) lines.push(`+ ${describeField(field.name, field)}`);
  for (const change of step.changes) lines.push(describeChange(change));
  for (const violation of plan.violations.filter((v) => v.schema === step.externalId)) {
    lines.push(`! ${violation.rule} ${violation.field}: ${violation.message}`);
    if (violation.hint !== undefined) lines.push(`  hint: ${violation.hint}`);
  }
  const where = step.file !== undefined ? ` (${cell(clip(step.file, 200))})` : '';
  const count =
    step.kind === 'create'
      ? `${step.content.fields.length} ${step.content.fields.length === 1 ? 'field' : 'fields'}`
      : `${step.changes.length} ${step.changes.length === 1 ? 'change' : 'changes'}`;
  // A fenced block shows the diff as written; a fence longer than any run of backticks inside cannot be closed early.
  const body = lines.map((line) => clip(line.replace(/[\r\n]+/g, ' '), 300)).join('\n');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `<details><summary>${code(step.externalId)}: ${step.kind}, ${count}${where}</summary>\n\n${fence}diff\n${body}\n${fence}\n\n</details>\n\n`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

function describeChange(change: ContentChange): string {
  const subject = changeSubject(change);
  switch (change.kind) {
    case 'added':
      return isField(change.after)
        ? `+ ${describeField(subject, change.after)}`
        : `+ ${subject}: ${formatValue(change.after)}`;
    case 'removed':
      return isField(change.before)
        ? `- ${describeField(subject, change.before)}`
        : `- ${subject} (was ${formatValue(change.before)})`;
    default:
      return `~ ${subject}: ${formatValue(change.before)} -> ${formatValue(change.after)}`;
  }
}

function isField(value: unknown): value is SchemaField {
  return typeof value === 'object' && value !== null && typeof (value as SchemaField).fieldtype === 'string';
}

function describeField(name: string, field: SchemaField): string {
  const target = field.constraints?.referencedType;
  return `field ${name}: ${field.fieldtype}${target === undefined ? '' : ` -> ${target}`}${field.required === true ? ', required' : ''}`;
}

function notes(left: { steps: number; findings: number; details: number; unmanaged: number }, plan: Plan): string {
  const parts: string[] = [];
  if (left.steps > 0) parts.push(`${left.steps} ${left.steps === 1 ? 'change' : 'changes'}`);
  if (left.findings > 0) parts.push(`${left.findings} compatibility ${left.findings === 1 ? 'finding' : 'findings'}`);
  if (left.details > 0) parts.push(`the details of ${left.details} ${left.details === 1 ? 'schema' : 'schemas'}`);
  if (left.unmanaged > 0) parts.push(`${left.unmanaged} unmanaged ${left.unmanaged === 1 ? 'schema' : 'schemas'}`);
  const made = `<sub>Made by cxschema at ${cell(clip(plan.createdAt, 40))}.</sub>\n`;
  if (parts.length === 0) return made;
  return `> [!NOTE]\n> Left out to stay within a comment's size: ${parts.join(', ')}. \`cxschema plan\` shows all of it.\n\n${made}`;
}
