/**
 * Everything an online command needs to be observed, made from the config in one call: the run's metrics (pass
 * `metrics.hooks` to the API client), the audit log at its configured path, the portal exporter with its secret
 * read from the environment variable the config names, the portal outbox beside the log, and the apply observer
 * that ties them together.
 */
import type { CxConfig } from '../model/config.js';
import { createApplyObserver, type ApplyObserver } from './apply-observer.js';
import { familyNamed } from '../family/index.js';
import { openAuditLog, type AuditContext, type AuditLog } from './audit/audit-log.js';
import { resolveAuditPath } from './audit/audit-report.js';
import { newIntentOwner, type IntentOwner } from './audit/write-intents.js';
import type { PortalExporter } from './portal/portal-export.js';
import { configuredExporter, readPortalSecret } from './portal/portal-config.js';
import { openPortalOutbox, outboxPathFor, type PortalOutbox } from './portal/portal-outbox.js';
import { createRunMetrics, type RunMetrics } from './metrics/run-metrics.js';

export interface RunObservabilityOptions {
  config: Pick<CxConfig, 'audit' | 'portal' | 'root'>;
  /** Environment name, org domain and the OAuth client id. */
  context: AuditContext;
  /** Where `portal.secretEnv` is looked up (default process.env). */
  env?: Record<string, string | undefined>;
  strictPortal?: boolean;
  /** Secrets to keep out of every entry and warning: the client secret, tokens. The portal secret is added. */
  secrets?: readonly (string | undefined)[];
  cwd?: string;
  now?: () => number;
  fetch?: typeof fetch;
  /** The run, named in its write intents (default: a new run of this process). */
  run?: IntentOwner;
}

export interface RunObservability {
  metrics: RunMetrics;
  audit: AuditLog;
  portal?: PortalExporter;
  /** Where the run's change events wait until the portal takes them: beside the audit log (outboxPathFor). */
  outbox: PortalOutbox;
  observer: ApplyObserver;
  /** The run its write intents name: pass it to resolveOpenIntents, which never settles this run's own. */
  run: IntentOwner;
}

export async function startRunObservability(options: RunObservabilityOptions): Promise<RunObservability> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const portalSecret = readPortalSecret(options.config.portal, env);
  const secrets = [...(options.secrets ?? []), portalSecret];
  const metrics = createRunMetrics({ now });
  const run = options.run ?? newIntentOwner();
  const auditPath = resolveAuditPath({ cwd: options.cwd ?? process.cwd(), config: options.config });
  const audit = await openAuditLog(auditPath, options.context, {
    now: () => new Date(now()),
    secrets,
  });
  // Beside the log, with or without a portal: a run without one says what waits there for a portal.
  const outbox = openPortalOutbox(outboxPathFor(auditPath));
  const portalConfig = options.config.portal;
  const portal =
    portalConfig === undefined
      ? undefined
      : configuredExporter(portalConfig, portalSecret, {
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
          now,
        });
  const observer = createApplyObserver({
    metrics,
    audit,
    ...(portal === undefined ? {} : { portal }),
    outbox,
    strictPortal: options.strictPortal === true,
    environment: options.context.environment,
    ...(options.context.family === undefined ? {} : { family: familyNamed(options.context.family) }),
    now: () => new Date(now()),
    secrets,
    run,
  });
  return { metrics, audit, outbox, observer, run, ...(portal === undefined ? {} : { portal }) };
}
