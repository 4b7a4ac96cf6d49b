/**
 * The portal the config names, made ready to send: its exporter, signing with the secret read from the variable
 * `portal.secretEnv` names (never from the config itself). Shared by a deploy's observability and by
 * `cxschema portal resend`.
 */
import type { PortalConfig } from '../../model/config.js';
import { CxError } from '../../model/errors.js';
import { MIN_SECRET_LENGTH } from '../../genesys/secret-redactor.js';
import { createPortalExporter, type PortalExporter, type PortalExporterOptions } from './portal-export.js';

/**
 * The portal's HMAC key from the variable `portal.secretEnv` names; a CONFIG error when it names one not set, or one
 * shorter than MIN_SECRET_LENGTH (docs/portal-events.md).
 */
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
  // Every message is cleaned of the secret wherever it appears: a secret of a letter or two would cut those
  // letters out of every warning, and keys nothing a receiver should trust.
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new CxError(
      'CONFIG',
      `${portal.secretEnv} holds ${secret.length} character${secret.length === 1 ? '' : 's'}: the portal's signing secret must be at least ${MIN_SECRET_LENGTH}`,
      {
        hint: `set ${portal.secretEnv} to the secret the portal checks signatures with (32 random bytes, hex: 64 characters)`,
      },
    );
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
