/**
 * Permissions of OAuth clients (docs/targets.md "Permissions"): a client-credentials token acts with its client's
 * roles, and the DataSchema routes each need one permission. A permission is `domain:entity:action`; any segment
 * may be `*`, and `*` alone grants everything. A client configured with neither roles nor permissions has every
 * permission, so that the demo client and existing configurations keep working.
 */
import { ConfigError } from '../model/errors.js';

export const ALL_PERMISSIONS: readonly string[] = ['*'];

const SEGMENT = /^(\*|[A-Za-z][A-Za-z0-9]*)$/;

export function isPermission(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  if (text === '*') return true;
  const parts = text.split(':');
  return parts.length === 3 && parts.every((p) => SEGMENT.test(p));
}

/** Whether `granted` holds `required` (a permission without `*`). */
export function grants(granted: readonly string[], required: string): boolean {
  const wanted = required.split(':');
  return granted.some((permission) => {
    if (permission === '*') return true;
    const parts = permission.split(':');
    return parts.length === wanted.length && parts.every((part, i) => part === '*' || part === wanted[i]);
  });
}

/** Role name -> permissions, checked. */
export function checkRoles(value: unknown, where?: { file: string }): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError('roles must be an object of role name -> list of permissions', where);
  const roles: Record<string, string[]> = {};
  for (const [name, permissions] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(permissions) || !permissions.every(isPermission)) {
      throw new ConfigError(
        `roles.${name} must be a list of permissions such as "workitems:workitemSchema:view" ("*" allowed in a segment)`,
        where,
      );
    }
    roles[name] = [...permissions];
  }
  return roles;
}

/**
 * The permissions a client acts with: those it lists plus those of its roles; undefined (every permission) when
 * it lists neither. Throws ConfigError for an unknown role or a malformed permission.
 */
export function clientPermissions(
  client: { permissions?: unknown; roles?: unknown },
  roles: Readonly<Record<string, readonly string[]>>,
  label: string,
  where?: { file: string },
): string[] | undefined {
  if (client.permissions === undefined && client.roles === undefined) return undefined;
  const permissions: string[] = [];
  if (client.permissions !== undefined) {
    if (!Array.isArray(client.permissions) || !client.permissions.every(isPermission)) {
      throw new ConfigError(
        `${label}.permissions must be a list of permissions such as "externalContacts:customFields:view" ("*" allowed in a segment)`,
        where,
      );
    }
    permissions.push(...client.permissions);
  }
  if (client.roles !== undefined) {
    if (!Array.isArray(client.roles) || !client.roles.every((r) => typeof r === 'string'))
      throw new ConfigError(`${label}.roles must be a list of role names`, where);
    for (const role of client.roles) {
      const granted = roles[role];
      if (granted === undefined) {
        const known = Object.keys(roles);
        throw new ConfigError(`${label}.roles names an unknown role "${role}"`, where, {
          hint:
            known.length > 0
              ? `known roles: ${known.join(', ')}`
              : 'define it under "roles" (role name -> permissions)',
        });
      }
      permissions.push(...granted);
    }
  }
  return [...new Set(permissions)];
}
