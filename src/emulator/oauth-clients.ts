/**
 * Who may ask for a token. Configured clients replace the defaults; without any, the emulator accepts
 * - the demo client `cxschema-demo`, whose secret is the documented `cxschema-demo-secret` when the emulator
 *   listens on loopback only, and a random one otherwise (a fixed secret must not open a reachable server);
 * - the GENESYS_OAUTH_CLIENT_ID / GENESYS_OAUTH_CLIENT_SECRET pair from the environment, when both are set, so
 *   that one environment serves the emulator and the CLI alike; not when its id is the demo client's, which it
 *   would replace: the demo client keeps its secret (the one `--emulator` and the printed export line use).
 * Both get both scopes and, unless `defaultPermissions` limits them, every permission (permissions.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../model/errors.js';
import type { EmulatorClient, EmulatorScope } from './options.js';
import { checkRoles, clientPermissions } from './permissions.js';

export const DEMO_CLIENT_ID = 'cxschema-demo';
export const DEMO_CLIENT_SECRET = 'cxschema-demo-secret';
export const ALL_SCOPES: readonly EmulatorScope[] = ['customobjects:schema:read', 'customobjects:schema:write'];

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `permissions` limits what the demo client may do on the DataSchema routes; every permission when absent. */
export function demoClient(host: string, permissions?: readonly string[]): EmulatorClient {
  const secret = isLoopbackHost(host) ? DEMO_CLIENT_SECRET : randomBytes(18).toString('base64url');
  return {
    id: DEMO_CLIENT_ID,
    secret,
    scopes: [...ALL_SCOPES],
    ...(permissions !== undefined ? { permissions: [...permissions] } : {}),
  };
}

/** The environment's pair names the demo client's id: it is left out (defaultClients), and the CLI says so. */
export function environmentPairCollides(demo: EmulatorClient, env: NodeJS.ProcessEnv = process.env): boolean {
  return env['GENESYS_OAUTH_CLIENT_ID'] === demo.id;
}

export function defaultClients(demo: EmulatorClient, env: NodeJS.ProcessEnv = process.env): EmulatorClient[] {
  const clients = [demo];
  const id = env['GENESYS_OAUTH_CLIENT_ID'];
  const secret = env['GENESYS_OAUTH_CLIENT_SECRET'];
  if (id && secret && !environmentPairCollides(demo, env))
    clients.push({
      id,
      secret,
      scopes: [...ALL_SCOPES],
      ...(demo.permissions !== undefined ? { permissions: [...demo.permissions] } : {}),
    });
  return clients;
}

/**
 * Throws ConfigError naming the problem; the secret itself never appears in a message. Each client comes back
 * with its permissions resolved from its own list and its roles (`roles`, or the file's `{"roles": {...}}`).
 */
export function checkClients(
  value: unknown,
  file?: string,
  roles: Readonly<Record<string, readonly string[]>> = {},
): EmulatorClient[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (value as { clients?: unknown }).clients
      : undefined;
  const where = file !== undefined ? { file } : undefined;
  const fileRoles =
    !Array.isArray(value) &&
    typeof value === 'object' &&
    value !== null &&
    (value as { roles?: unknown }).roles !== undefined
      ? checkRoles((value as { roles?: unknown }).roles, where)
      : {};
  const knownRoles = { ...roles, ...fileRoles };
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('clients must be a non-empty array of {"id", "secret", "scopes"}', where, {
      hint: 'write [{"id": "ci", "secret": "...", "scopes": ["customobjects:schema:read", "customobjects:schema:write"]}]',
    });
  }
  const seen = new Map<string, number>();
  return list.map((entry: unknown, index) => {
    const c = entry as Partial<EmulatorClient> | null;
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.id !== 'string' ||
      c.id === '' ||
      typeof c.secret !== 'string' ||
      c.secret === ''
    ) {
      throw new ConfigError(`clients[${index}] needs a non-empty "id" and "secret"`, where);
    }
    // One id, one client: with two, the later would silently replace the earlier (and `demoClient` is the first).
    const earlier = seen.get(c.id);
    if (earlier !== undefined)
      throw new ConfigError(`clients[${index}] has the id of clients[${earlier}]: each client needs its own id`, where);
    seen.set(c.id, index);
    const scopes = c.scopes ?? [...ALL_SCOPES];
    if (!Array.isArray(scopes) || !scopes.every((s) => (ALL_SCOPES as readonly string[]).includes(s))) {
      throw new ConfigError(`clients[${index}].scopes must list scopes among ${ALL_SCOPES.join(', ')}`, where);
    }
    const permissions = clientPermissions(c, knownRoles, `clients[${index}]`, where);
    return { id: c.id, secret: c.secret, scopes: [...scopes], ...(permissions !== undefined ? { permissions } : {}) };
  });
}

/** A JSON file: an array of clients, or `{"clients": [...]}`. */
export async function loadClientsFile(path: string): Promise<EmulatorClient[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read the clients file: ${(error as Error).message}`,
      { file: path },
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the error, which may be a secret: say only what is wrong.
    throw new ConfigError('the clients file is not valid JSON', { file: path });
  }
  return checkClients(value, path);
}
