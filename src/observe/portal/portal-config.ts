/**
 * The portal the config names, made ready to send: its exporter, signing with the secret read from the variable
 * `portal.secretEnv` names (never from the config itself). Shared by a deploy's observability and by
 * `cxschema portal resend`.
 */
import type { PortalConfig } from '../../model/config.js';
import { CxError } from '../../model/errors.js';
import { createPortalExporter, type PortalExporter, type PortalExporterOptions } from './portal-export.js';

/** The portal's HMAC key from the variable `portal.secretEnv` names; a CONFIG error when it names one not set. */
export function readPortalSecret(
  portal: PortalConfig | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (portal?.secretEnv === undefined) return undefined;
  const secret = env[portal.secretEnv];
  if (secret === undefined || secret === '') {
    throw new CxError('CONFIG', `portal.secretEnv names ${portal.secretEnv}, which is not set`, {
      hint: `set ${portal.secretEnv} to the portal's signing secret, or remove portal.secretEnv from the config file to send unsigned events`,
    });
  }
  return secret;
}

/** The exporter of the configured portal; `secret` is what readPortalSecret read. */
export function configuredExporter(
  portal: PortalConfig,
  secret: string | undefined,
  options: Pick<PortalExporterOptions, 'fetch' | 'now' | 'sleep'> = {},
): PortalExporter {
  return createPortalExporter({
    url: portal.url,
    ...(secret === undefined ? {} : { secret }),
    ...(portal.timeoutMs === undefined ? {} : { timeoutMs: portal.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
}
