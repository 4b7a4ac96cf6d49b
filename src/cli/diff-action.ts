/**
 * The action of `cxschema diff`, loaded when the command runs: which two orgs (two environments, the project's
 * emulator and an environment, or two emulator data files), compared by the library (src/org/org-diff.ts) and
 * shown as a plan is.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { loadCommandConfig } from './project-config.js';
import { configForEnvironment } from '../load/environment.js';
import type { CxConfig } from '../model/config.js';
import { UsageError } from '../model/errors.js';
import { FAMILY_NAMES, type FamilyName } from '../model/schema.js';
import { createRunMetrics } from '../observe/metrics/run-metrics.js';
import { diffOrgs, type OrgDiff } from '../org/org-diff.js';
import { connectTarget, type Connection, type ConnectOptions } from './connect-target.js';
import { EXIT_CHANGES, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { checkOutputFile, finishMetrics, metricsFormat, onlineFormat } from './plan-session.js';
import type { ReadFlags } from './read-session.js';
import { formatValue, renderPlan } from './render-plan.js';
import { createTerminal, paint } from './terminal.js';
import { sanitizeStrings } from './render/terminal-text.js';

export interface DiffCommandFlags extends ReadFlags {
  data?: string[];
  /** With two data files: the family to compare (default: the config's target). */
  family?: string;
  detailedExitcode?: boolean;
}

/** One side of the comparison, before it is connected. */
interface SideSpec {
  name: string;
  connect: Omit<ConnectOptions, 'config' | 'env' | 'hooks'>;
}

const FORMS_HINT =
  'compare two orgs with one of: diff --env A --env B, diff --emulator --env B, diff --data a.json --data b.json (the first is the source, the second the target)';

export async function runDiff(flags: DiffCommandFlags, globals: GlobalOptions): Promise<number> {
  // markdown (a pull request comment) is the text form's other shape, rendered by plan's markdown renderer.
  const markdown = globals.format === 'markdown';
  const format = markdown ? 'text' : onlineFormat(globals, 'diff', ['markdown']);
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  metricsFormat(flags);
  await checkOutputFile('--metrics-file', flags.metricsFile, cwd);
  const loaded = await loadCommandConfig(globals, cwd);
  const [source, target] = await sidesOf(flags, globals, cwd);
  // Both names are checked before anything is read; the target's settings judge compatibility.
  const configs = sideConfigs(loaded, [source, target], familyFlag(flags.family, [source, target]));
  const targetConfig: CxConfig = configs[1];

  const metrics = createRunMetrics();
  const connections: Connection[] = [];
  try {
    for (const [index, side] of [source, target].entries()) {
      connections.push(
        await connectTarget({
          ...side.connect,
          config: configs[index]!,
          env: process.env,
          hooks: metrics.hooks,
          ...(flags.rateLimit === undefined ? {} : { rateLimitPerMinute: flags.rateLimit }),
        }),
      );
    }
    const [from, to] = connections as [Connection, Connection];
    const diff = await diffOrgs({
      source: { name: source.name, target: from.target, orgDomain: from.orgDomain },
      target: { name: target.name, target: to.target, orgDomain: to.orgDomain },
      compatibility: targetConfig.compatibility,
      createdAt: new Date().toISOString(),
    });
    if (format === 'json') terminal.out(JSON.stringify(diff, null, 2));
    else if (markdown) {
      const { renderPlanMarkdown } = await import('./render/plan-markdown.js');
      terminal.out(
        renderPlanMarkdown(diff.plan, {
          heading: `cxschema diff: ${source.name} → ${target.name}, judged under ${target.name}'s mode ${diff.mode}`,
          noChanges: noDifferences(source.name, target.name),
        }),
      );
    } else terminal.out(renderDiff(diff, terminal.color));
    await finishMetrics(metrics, flags, terminal, cwd);
    return flags.detailedExitcode === true && diff.differ ? EXIT_CHANGES : EXIT_OK;
  } finally {
    for (const connection of connections) await connection.close();
  }
}

function noDifferences(source: string, target: string): string {
  return `No differences: ${target} holds what ${source} holds.`;
}

export function renderDiff(unsafeDiff: OrgDiff, color: boolean): string {
  const diff = sanitizeStrings(unsafeDiff);
  const { source, target } = diff;
  const side = (org: OrgDiff['source']): string =>
    `${org.name} (${org.kind} at ${org.orgDomain}, ${org.schemas} ${org.schemas === 1 ? 'schema' : 'schemas'})`;
  return renderPlan(diff.plan, {
    color,
    wording: {
      heading: `Differences from ${side(source)} to ${side(target)}, judged under ${target.name}'s mode ${diff.mode}`,
      noChanges: noDifferences(source.name, target.name),
      unmanaged: `Only in ${target.name}:`,
      counts: `Promoting ${source.name} to ${target.name}:`,
      // Breaking changes are the plan's violations, shown with the step; the others are said to be compatible.
      notes: (step) =>
        (diff.verdicts[step.externalId] ?? [])
          .filter((change) => !change.breaks)
          .map((change) =>
            paint(color, 'dim', `= ${change.rule} ${change.field}${values(change)} (compatible under ${diff.mode})`),
          ),
    },
  });
}

function values(change: { before?: unknown; after?: unknown }): string {
  return change.before !== undefined || change.after !== undefined
    ? `: ${formatValue(change.before)} -> ${formatValue(change.after)}`
    : '';
}

/** The two orgs the flags name: the source first. */
async function sidesOf(flags: DiffCommandFlags, globals: GlobalOptions, cwd: string): Promise<[SideSpec, SideSpec]> {
  const envs = globals.envs ?? [];
  const data = flags.data ?? [];
  const emulator = globals.emulator === true;
  if (envs.length === 2 && data.length === 0 && !emulator) {
    if (envs[0] === envs[1])
      throw new UsageError(`diff --env ${envs[0]} --env ${envs[1]} compares an org with itself`, { hint: FORMS_HINT });
    return [envSide(envs[0]!), envSide(envs[1]!)];
  }
  if (emulator && envs.length === 1 && data.length === 0) {
    return [{ name: 'emulator', connect: { emulator: true, emulatorReadOnly: true } }, envSide(envs[0]!)];
  }
  if (data.length === 2 && envs.length === 0 && !emulator) {
    const files = await Promise.all(data.map((file) => dataFile(file, cwd)));
    if (files[0] === files[1])
      throw new UsageError(`diff --data ${data[0]} --data ${data[1]} compares a file with itself`, {
        hint: FORMS_HINT,
      });
    return [dataSide(files[0]!), dataSide(files[1]!)];
  }
  const given = [
    ...envs.map((env) => `--env ${env}`),
    ...(emulator ? ['--emulator'] : []),
    ...data.map((file) => `--data ${file}`),
  ];
  throw new UsageError(`diff needs two orgs, and was given ${given.length === 0 ? 'none' : given.join(' ')}`, {
    hint: FORMS_HINT,
  });
}

/**
 * Each side's config. An environment has its own settings, its family among them. The emulator and a data file
 * serve every family, so such a side compares the family of the other side's environment; with two data files,
 * the one --family names, else the config's target.
 */
function sideConfigs(loaded: CxConfig, sides: [SideSpec, SideSpec], family?: FamilyName): [CxConfig, CxConfig] {
  const own = sides.map((side) =>
    side.connect.environment === undefined ? undefined : configForEnvironment(loaded, side.connect.environment),
  );
  const environment = own.find((config) => config !== undefined);
  const shared = environment?.environmentTarget ?? family;
  const [source, target] = own.map(
    (config) => config ?? (shared === undefined ? loaded : { ...loaded, environmentTarget: shared }),
  );
  return [source!, target!];
}

/** `--family`: a family's name, and only where no environment names one. */
function familyFlag(value: string | undefined, sides: [SideSpec, SideSpec]): FamilyName | undefined {
  if (value === undefined) return undefined;
  if (sides.some((side) => side.connect.environment !== undefined)) {
    throw new UsageError(`--family ${value}: an environment names the family it compares (its target)`, {
      hint: 'pass --family only with --data a.json --data b.json',
    });
  }
  if (!(FAMILY_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`--family ${value}: no such family`, { hint: `families: ${FAMILY_NAMES.join(', ')}` });
  }
  return value as FamilyName;
}

function envSide(name: string): SideSpec {
  return { name, connect: { emulator: false, environment: name } };
}

/** Read without its lock, never written: an emulator serving the file meanwhile neither stops nor waits for diff. */
function dataSide(path: string): SideSpec {
  return { name: basename(path), connect: { emulator: true, emulatorDataPath: path, emulatorReadOnly: true } };
}

/** A data file must exist: an emulator would start empty on a misspelt name, and every schema would differ. */
async function dataFile(file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  const found = await stat(path).catch(() => undefined);
  if (found?.isFile() !== true) {
    throw new UsageError(`--data ${file}: ${found === undefined ? 'no such file' : 'not a file'}`, {
      hint: 'name an emulator data file (cxschema emulator --data FILE writes one)',
    });
  }
  return path;
}
