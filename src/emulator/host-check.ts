/**
 * Whether a request's Host header names this emulator, for the API and token routes (docs/api-contract.md
 * "Host check"). A page in a browser whose domain was re-pointed at this machine (DNS rebinding) is same-origin
 * with its own domain, so it could read what the API answers and drive it with the demo client; it sends its own
 * domain as the Host, and that is refused. Only the name is checked, not the port: a port mapped in front of the
 * emulator (a container's) changes the port the client sees, never the threat.
 */
import { isIP } from 'node:net';
import { isLoopbackHost } from './oauth-clients.js';

export interface ListeningHost {
  /** The address the server is bound to, as `server.address()` reports it. */
  address: string;
  /** The host it was asked to listen on (`--host`), which may be a name. */
  name: string;
}

export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '0:0:0:0:0:0:0:0';
}

/** A host as compared here: without IPv6 brackets, in lower case, without the root's trailing dot. */
function normalHost(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The host name and port of an authority (a Host header's value); undefined for anything that is not one alone. */
export function parseAuthority(authority: string | undefined): { hostname: string; port: string } | undefined {
  // A path, a user part or a query is not a Host this emulator answers to.
  if (authority === undefined || authority === '' || /[/@?#\\\s]/.test(authority)) return undefined;
  try {
    const url = new URL(`http://${authority}`);
    return { hostname: normalHost(url.hostname), port: url.port };
  } catch {
    return undefined;
  }
}

/** The host name of a Host header; undefined for anything that is not an authority alone. */
export function hostNameOf(header: string | undefined): string | undefined {
  return parseAuthority(header)?.hostname;
}

/**
 * On loopback: `localhost` and the bound address. On a wildcard address (`0.0.0.0`, `::`): `localhost` and any
 * IP literal, since an IP literal cannot be re-pointed; a DNS name is refused. On another address: that address,
 * and the name `--host` gave, if it was a name. The admin routes (admin-guard.ts) ask the same, and the port too.
 */
export function namesListeningHost(listening: ListeningHost, hostname: string): boolean {
  const name = normalHost(hostname);
  const bound = normalHost(listening.address);
  if (name === bound || name === normalHost(listening.name)) return true;
  if (isWildcardAddress(bound)) return name === 'localhost' || isIP(name) !== 0;
  return name === 'localhost' && isLoopbackHost(bound);
}

export function hostNamesEmulator(listening: ListeningHost, header: string | undefined): boolean {
  const name = hostNameOf(header);
  return name !== undefined && namesListeningHost(listening, name);
}

/** How many distinct Host headers a HostVerdicts keeps; past it, every verdict is forgotten. */
export const MAX_KEPT_HOST_VERDICTS = 64;

/**
 * hostNamesEmulator for one listening host, kept per Host header value: a client sends the same Host on every
 * request, and parsing it (a URL, the normalisation) costs about a microsecond each time. The verdict is a pure
 * function of the header and the listening host, so keeping it changes nothing; the count is bounded, so a client
 * sending ever new headers cannot grow it.
 */
export class HostVerdicts {
  private readonly verdicts = new Map<string, boolean>();

  constructor(readonly listening: ListeningHost) {}

  namesEmulator(header: string | undefined): boolean {
    if (header === undefined) return false;
    let verdict = this.verdicts.get(header);
    if (verdict === undefined) {
      if (this.verdicts.size >= MAX_KEPT_HOST_VERDICTS) this.verdicts.clear();
      verdict = hostNamesEmulator(this.listening, header);
      this.verdicts.set(header, verdict);
    }
    return verdict;
  }
}
