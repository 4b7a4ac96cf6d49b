/**
 * Where the client logs in and what it sends there: credentials from the environment and the two URLs that
 * GENESYS_OAUTH_DOMAIN stands for (docs/api-contract.md "Hosts and credentials").
 */
import { ConfigError } from '../model/errors.js';
import { hasUrlUserPart } from '../model/redaction.js';

export interface Credentials {
  clientId: string;
  clientSecret: string;
  /** A region domain (`mypurecloud.com`) or a base URL (`http://127.0.0.1:8787`). */
  domain: string;
  /** Where each value came from, for messages: the GENESYS_OAUTH_* variables when absent. */
  sources?: CredentialVariables;
}

export interface Endpoints {
  /** Origin of the API, without a trailing slash: `https://api.mypurecloud.com`. */
  apiBase: string;
  /** The client-credentials token endpoint: `https://login.mypurecloud.com/oauth/token`. */
  tokenUrl: string;
}

export const CREDENTIAL_VARIABLES = [
  'GENESYS_OAUTH_CLIENT_ID',
  'GENESYS_OAUTH_CLIENT_SECRET',
  'GENESYS_OAUTH_DOMAIN',
] as const;

/**
 * The names of the variables credentials are read from: the GENESYS_OAUTH_* ones unless an environment names others.
 */
export interface CredentialVariables {
  clientId: string;
  clientSecret: string;
  domain: string;
}

export const DEFAULT_CREDENTIAL_VARIABLES: CredentialVariables = {
  clientId: 'GENESYS_OAUTH_CLIENT_ID',
  clientSecret: 'GENESYS_OAUTH_CLIENT_SECRET',
  domain: 'GENESYS_OAUTH_DOMAIN',
};

/**
 * Reads the three variables (GENESYS_OAUTH_* by default). Every missing one is named in a single error, so a
 * person fixes them in one go; the secret's value is never part of any message. A `domain` given here (an
 * environment's `domain:`) is used instead of its variable.
 */
export function credentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  names: CredentialVariables = DEFAULT_CREDENTIAL_VARIABLES,
  domain?: string,
  domainSource = 'the domain given in the config',
): Credentials {
  const wanted =
    domain === undefined ? [names.clientId, names.clientSecret, names.domain] : [names.clientId, names.clientSecret];
  const missing = wanted.filter((name) => (env[name] ?? '').trim() === '');
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new ConfigError(`missing environment variable${missing.length > 1 ? 's' : ''}: ${list}`, undefined, {
      hint: `set ${wanted.join(', ')}${domain === undefined ? ' (the domain: a region domain such as mypurecloud.com, or a base URL)' : ''}, or use --emulator`,
    });
  }
  return {
    clientId: (env[names.clientId] ?? '').trim(),
    // Surrounding whitespace is a copy-and-paste accident, never part of an id or a secret.
    clientSecret: (env[names.clientSecret] ?? '').trim(),
    domain: (domain ?? env[names.domain] ?? '').trim(),
    sources: { ...names, domain: domain === undefined ? names.domain : domainSource },
  };
}

/** A bare host name made of dot-separated labels, as region domains are (`usw2.pure.cloud`). */
const REGION_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * A region domain maps to `https://api.<domain>` and `https://login.<domain>/oauth/token`; a base URL (an
 * emulator, a corporate proxy) serves both under itself. Plain http is refused unless the host is loopback,
 * because the token and the client secret would otherwise cross the network in clear.
 */
export function resolveEndpoints(domain: string, source = DEFAULT_CREDENTIAL_VARIABLES.domain): Endpoints {
  const trimmed = domain.trim();
  if (trimmed === '') throw new ConfigError(`${source} is empty: give a region domain (mypurecloud.com) or a base URL`);
  // The client authenticates with its own credentials: a user part is no way to give them, and may be the secret
  // itself. Told by the rule config errors redact by, before any parse, so that a value no parser takes (a port out
  // of range, the scheme left out) is refused as such too.
  if (hasUrlUserPart(trimmed)) {
    throw new ConfigError(
      `${source} must not carry a user name or password; give the client id and secret in their own variables`,
    );
  }
  // A value with an @ is never quoted, parsed or not: it may hold a credential all the same.
  const shown = trimmed.includes('@') ? `${source} (not shown: it holds an @)` : `${source} "${trimmed}"`;
  if (!trimmed.includes('://')) {
    if (!REGION_DOMAIN.test(trimmed)) {
      throw new ConfigError(
        `${shown} is neither a region domain (such as mypurecloud.com) nor a base URL (such as https://proxy.example.com)`,
      );
    }
    const host = trimmed.toLowerCase().replace(/\.$/, '');
    return { apiBase: `https://api.${host}`, tokenUrl: `https://login.${host}/oauth/token` };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    // No cause: the parser's error carries the input, user part and all.
    throw new ConfigError(`${shown} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${shown} uses ${url.protocol} : only https (or http to a loopback address) is supported`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`${shown} uses plain http to a host that is not loopback`, undefined, {
      hint: 'use https, or http only to 127.0.0.1, ::1 or localhost (an emulator)',
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${source} "${url.origin}${url.pathname}" must not carry a query or fragment`);
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { apiBase: base, tokenUrl: `${base}/oauth/token` };
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // The whole 127.0.0.0/8 block is loopback.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
