/**
 * Whether a request's Host header names this emulator, for the API and token routes (docs/api-contract.md
 * "Host check"). A page in a browser whose domain was re-pointed at this machine (DNS rebinding) is same-origin
 * with its own domain, so it could read what the API answers and drive it with the demo client; it sends its own
 * domain as the Host, and that is refused. Only the name is checked, not the port: a port mapped in front of the
 * emulator (a container's) changes the port the client sees, never the threat.
 */
import { isIP } from 'node:net';
import { isWildcardAddress } from './admin-guard.js';
import { isLoopbackHost } from './oauth-clients.js';

export interface ListeningHost {
  /** The address the server is bound to, as `server.address()` reports it. */
  address: string;
  /** The host it was asked to listen on (`--host`), which may be a name. */
  name: string;
}

function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

/** The host name of a Host header; undefined for anything that is not an authority alone. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (header === undefined || header === '' || /[/@?#\\\s]/.test(header)) return undefined;
  try {
    return unbracket(new URL(`http://${header}`).hostname);
  } catch {
    return undefined;
  }
}

/**
 * On loopback: `localhost` and the bound address. On a wildcard address (`0.0.0.0`, `::`): `localhost` and any
 * IP literal, since an IP literal cannot be re-pointed; a DNS name is refused. On another address: that address,
 * and the name `--host` gave, if it was a name.
 */
export function hostNamesEmulator(listening: ListeningHost, header: string | undefined): boolean {
  const name = hostNameOf(header);
  if (name === undefined) return false;
  const bound = unbracket(listening.address);
  if (name === bound || name === unbracket(listening.name)) return true;
  if (isWildcardAddress(bound)) return name === 'localhost' || isIP(name) !== 0;
  return name === 'localhost' && isLoopbackHost(bound);
}
