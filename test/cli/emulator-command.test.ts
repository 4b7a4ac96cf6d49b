/** `cxschema emulator`: what it prints, that the URL it prints serves the API, and that it stops cleanly. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorErrorText, runEmulator } from '../../src/cli/emulator-action.js';
import { buildProgram } from '../../src/cli/program.js';
import { resolveEndpoints } from '../../src/genesys/client-config.js';
import type { Terminal } from '../../src/cli/terminal.js';
import { DEMO_CLIENT_SECRET } from '../../src/emulator/index.js';
import { UsageError } from '../../src/model/errors.js';

function recordingTerminal(): Terminal & { lines: string[]; errors: string[]; onLine(listener: () => void): void } {
  const lines: string[] = [];
  const errors: string[] = [];
  const listeners: Array<() => void> = [];
  return {
    lines,
    errors,
    out: (text) => {
      lines.push(text);
      for (const listener of listeners) listener();
    },
    err: (text) => errors.push(text),
    color: false,
    errColor: false,
    isTTY: false,
    onLine: (listener) => listeners.push(listener),
  };
}

function stopper(): { stopped: Promise<void>; stop: () => void } {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return { stopped, stop };
}

/**
 * Resolves once the emulator has printed what `condition` looks for; fails at once, with what it said, if it
 * returns first.
 */
function untilPrinted(terminal: ReturnType<typeof recordingTerminal>, run: Promise<number>, condition: () => boolean) {
  const seen = new Promise<void>((resolve) => {
    if (condition()) resolve();
    terminal.onLine(() => condition() && resolve());
  });
  const ended = run.then((code) => {
    throw new Error(
      `the emulator returned ${code} before printing it: ${[...terminal.lines, ...terminal.errors].join('\n')}`,
    );
  });
  return Promise.race([seen, ended]);
}

describe('cxschema emulator', () => {
  // Variables a test sets go back to what they were (vi.stubEnv), whatever the test's outcome.
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints where it listens and the demo client, serves the API there, and stops on request', async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator({ port: '0' }, { color: false }, stopped, terminal);
    await untilPrinted(terminal, run, () => terminal.lines.length > 0);
    const url = /listening on (http:\/\/\S+)/.exec(terminal.lines[0] ?? '')?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(terminal.lines.join('\n')).toContain(`id cxschema-demo, secret ${DEMO_CLIENT_SECRET}`);
    expect(terminal.lines.join('\n')).toContain(`GENESYS_OAUTH_DOMAIN=${url}`);
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`cxschema-demo:${DEMO_CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    stop();
    expect(await run).toBe(0);
    expect(terminal.errors).toEqual(['emulator stopped']);
    await expect(fetch(`${url}/oauth/token`)).rejects.toThrow();
  });

  it("prints an internal failure without the run's secrets or a URL's user part", async () => {
    const adminToken = 'admin-token-0123456789abcdef';
    const envSecret = 'env-client-secret-fedcba9876';
    vi.stubEnv('GENESYS_OAUTH_CLIENT_ID', 'env-client');
    vi.stubEnv('GENESYS_OAUTH_CLIENT_SECRET', envSecret);
    // The data file's folder names both secrets, so that the failure to save to it quotes them.
    const dir = await mkdtemp(join(tmpdir(), `cxschema-emu-${adminToken}-${envSecret}-`));
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator(
      { port: '0', data: join(dir, 'state.json'), admin: true, adminToken },
      { color: false },
      stopped,
      terminal,
    );
    try {
      await untilPrinted(terminal, run, () => terminal.lines.length > 0);
      const url = /listening on (http:\/\/\S+)/.exec(terminal.lines[0] ?? '')?.[1];
      const token = (await (
        await fetch(`${url}/oauth/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`cxschema-demo:${DEMO_CLIENT_SECRET}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        })
      ).json()) as { access_token: string };
      await rm(dir, { recursive: true, force: true });
      const create = await fetch(`${url}/api/v2/taskmanagement/workitems/schemas`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Ticket',
          version: 1,
          jsonSchema: { properties: { note_text: { allOf: [{ $ref: '#/definitions/text' }], title: 'Note' } } },
        }),
      });
      expect(create.status).toBe(500);
    } finally {
      stop();
      await run;
      await rm(dir, { recursive: true, force: true });
    }
    const failure = terminal.errors.find((line) => line.startsWith('emulator error: '));
    expect(failure).toMatch(/cxschema-emu-\[REDACTED\]-\[REDACTED\]-/);
    expect(terminal.errors.join('\n')).not.toContain(adminToken);
    expect(terminal.errors.join('\n')).not.toContain(envSecret);
  });

  it('drops the user part of a URL from an internal failure, and any control character', () => {
    expect(
      emulatorErrorText(new Error('fetch https://user:hunter2@proxy.example/x failed\u001b[2J\u0001'), [
        's3cr3t-value',
      ]),
    ).toBe('fetch https://[REDACTED]@proxy.example/x failed\uFFFD');
    expect(emulatorErrorText('token s3cr3t-value expired', ['s3cr3t-value'])).toBe('token [REDACTED] expired');
  });

  it('leaves ordinary words alone when a secret is too short to be one', () => {
    // A `dev` client secret of a local setup: looked for, it would cut "dev" out of every path and word.
    expect(emulatorErrorText('cannot write /home/dev/data.json: EACCES', ['dev', undefined])).toBe(
      'cannot write /home/dev/data.json: EACCES',
    );
  });

  it('prints one JSON document with --format json', async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator(
      { port: '0', faults: '503=0.1', admin: true },
      { color: false, format: 'json' },
      stopped,
      terminal,
    );
    await untilPrinted(terminal, run, () => terminal.lines.length > 0);
    const printed = JSON.parse(terminal.lines[0]!) as {
      url: string;
      demoClient: { id: string; secret: string };
      admin: boolean;
    };
    expect(printed).toMatchObject({ demoClient: { id: 'cxschema-demo', secret: DEMO_CLIENT_SECRET }, admin: true });
    expect((await fetch(`${printed.url}/__emulator/faults`)).status).toBe(200);
    stop();
    expect(await run).toBe(0);
    expect(terminal.lines).toHaveLength(1);
    expect(terminal.errors).toEqual([]);
  });

  it("--permissions limits the demo client on the DataSchema routes, --limits sets a family's /limits", async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator(
      { port: '0', permissions: 'workitems:workitemSchema:view', limits: 'workitems.maxNumberOfFieldsPerSchema=7' },
      { color: false, format: 'json' },
      stopped,
      terminal,
    );
    await untilPrinted(terminal, run, () => terminal.lines.length > 0);
    const printed = JSON.parse(terminal.lines[0]!) as { url: string };
    const token = await fetch(`${printed.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`cxschema-demo:${DEMO_CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const bearer = { authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}` };
    const limits = await fetch(`${printed.url}/api/v2/taskmanagement/workitems/schemas/limits`, { headers: bearer });
    expect(((await limits.json()) as { maxNumberOfFieldsPerSchema: number }).maxNumberOfFieldsPerSchema).toBe(7);
    const contacts = await fetch(`${printed.url}/api/v2/externalcontacts/contacts/schemas`, { headers: bearer });
    expect(contacts.status).toBe(403);
    expect(((await contacts.json()) as { messageParams: unknown }).messageParams).toEqual({
      permissions: 'externalContacts:customFields:view',
    });
    stop();
    expect(await run).toBe(0);
  });

  it('says which permissions the default clients have when --permissions limits them', async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator(
      { port: '0', permissions: 'workitems:workitemSchema:view' },
      { color: false },
      stopped,
      terminal,
    );
    await untilPrinted(terminal, run, () => terminal.lines.some((line) => line.startsWith('press')));
    expect(terminal.lines).toContain('permissions on the DataSchema routes: workitems:workitemSchema:view');
    stop();
    expect(await run).toBe(0);
  });

  it('never prints the secret of the environment pair', async () => {
    vi.stubEnv('GENESYS_OAUTH_CLIENT_ID', 'pipeline');
    vi.stubEnv('GENESYS_OAUTH_CLIENT_SECRET', 'pipeline-secret-value');
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator({ port: '0' }, { color: false }, stopped, terminal);
    await untilPrinted(terminal, run, () => terminal.lines.some((l) => l.includes('Ctrl+C')));
    stop();
    await run;
    expect(terminal.lines.join('\n')).toContain('GENESYS_OAUTH_CLIENT_ID=pipeline');
    expect(terminal.lines.join('\n')).not.toContain('pipeline-secret-value');
  });

  it('keeps the demo client and its export line when the environment reuses the demo id', async () => {
    vi.stubEnv('GENESYS_OAUTH_CLIENT_ID', 'cxschema-demo');
    vi.stubEnv('GENESYS_OAUTH_CLIENT_SECRET', 'another-secret-value');
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator({ port: '0' }, { color: false }, stopped, terminal);
    await untilPrinted(terminal, run, () => terminal.lines.some((l) => l.includes('Ctrl+C')));
    const printed = terminal.lines.join('\n');
    const url = /listening on (http:\/\/\S+)/.exec(printed)?.[1] ?? '';
    const secret = /GENESYS_OAUTH_CLIENT_SECRET=(\S+)/.exec(printed)?.[1] ?? '';
    expect(secret).toBe(DEMO_CLIENT_SECRET);
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`cxschema-demo:${secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    stop();
    await run;
    expect(token.status).toBe(200);
    expect(printed).not.toContain('also accepts');
    expect(terminal.errors.join('\n')).toContain("is the demo client's id");
  });

  it('names the variable a short admin token came from, not the flag', async () => {
    vi.stubEnv('CXSCHEMA_EMULATOR_ADMIN_TOKEN', 'short');
    const refused = runEmulator(
      { port: '0', admin: true },
      { color: false },
      new Promise(() => undefined),
      recordingTerminal(),
    );
    await expect(refused).rejects.toThrow('CXSCHEMA_EMULATOR_ADMIN_TOKEN must be at least 16 characters long');
    await expect(
      runEmulator(
        { port: '0', admin: true, adminToken: 'short' },
        { color: false },
        new Promise(() => undefined),
        recordingTerminal(),
      ),
    ).rejects.toThrow('--admin-token must be at least 16 characters long');
  });

  it('ignores CXSCHEMA_EMULATOR_ADMIN_TOKEN without --admin, but not the flag', async () => {
    vi.stubEnv('CXSCHEMA_EMULATOR_ADMIN_TOKEN', '0123456789abcdef');
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator({ port: '0' }, { color: false }, stopped, terminal);
    await untilPrinted(terminal, run, () => terminal.lines.some((l) => l.includes('Ctrl+C')));
    stop();
    expect(await run).toBe(0);
    expect(terminal.lines.join('\n')).not.toContain('admin routes');
    await expect(
      runEmulator(
        { port: '0', adminToken: '0123456789abcdef' },
        { color: false },
        new Promise(() => undefined),
        recordingTerminal(),
      ),
    ).rejects.toThrow('--admin-token protects the admin routes: pass --admin as well');
  });

  it('refuses an empty --host, which would listen on every interface', async () => {
    for (const host of ['', ' ']) {
      await expect(
        runEmulator({ port: '0', host }, { color: false }, new Promise(() => undefined), recordingTerminal()),
      ).rejects.toThrow('--host is empty');
    }
  });

  it('refuses a format it does not have and bad flags before listening', async () => {
    await expect(
      runEmulator({ port: '0' }, { color: false, format: 'sarif' }, new Promise(() => undefined), recordingTerminal()),
    ).rejects.toThrow(UsageError);
    await expect(
      runEmulator(
        { port: '0', faults: 'nonsense' },
        { color: false },
        new Promise(() => undefined),
        recordingTerminal(),
      ),
    ).rejects.toThrow(UsageError);
  });

  it('on 0.0.0.0 warns that the API is reachable from the network, and prints a domain the CLI accepts', async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator({ host: '0.0.0.0', port: '0' }, { color: false }, stopped, terminal);
    await untilPrinted(terminal, run, () => terminal.lines.some((line) => line.startsWith('press')));
    expect(terminal.errors[0]).toMatch(/^warning: listening on 0\.0\.0\.0: the API can be reached from the network/);
    const domain = /GENESYS_OAUTH_DOMAIN=(\S+)/.exec(terminal.lines.join('\n'))?.[1] ?? '';
    expect(domain).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(resolveEndpoints(domain).tokenUrl).toBe(`${domain}/oauth/token`);
    expect(terminal.lines.join('\n')).toContain('note: GENESYS_OAUTH_DOMAIN=');
    // The printed domain reaches it (through loopback only), with the demo client's random secret it printed.
    const secret = /GENESYS_OAUTH_CLIENT_SECRET=(\S+)/.exec(terminal.lines.join('\n'))?.[1] ?? '';
    expect(secret).not.toBe(DEMO_CLIENT_SECRET);
    const token = await fetch(resolveEndpoints(domain).tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`cxschema-demo:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    stop();
    expect(await run).toBe(0);
  });

  it('with --format json on 0.0.0.0 gives the domain in the document and the warning on stderr', async () => {
    const terminal = recordingTerminal();
    const { stopped, stop } = stopper();
    const run = runEmulator(
      { host: '0.0.0.0', port: '0', admin: true, adminToken: 'admin-token-0123456789abcdef' },
      { color: false, format: 'json' },
      stopped,
      terminal,
    );
    await untilPrinted(terminal, run, () => terminal.lines.length > 0);
    const printed = JSON.parse(terminal.lines[0]!) as { url: string; domain: string };
    expect(printed.domain).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(() => resolveEndpoints(printed.domain)).not.toThrow();
    expect(terminal.errors.join('\n')).toContain('the API and the admin routes can be reached from the network');
    expect(terminal.lines.join('\n') + terminal.errors.join('\n')).not.toContain('admin-token-0123456789abcdef');
    stop();
    expect(await run).toBe(0);
  });
});

describe('cxschema emulator --admin on a host other than loopback', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('exits 64 without --admin-token, naming the flag, before it listens', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await buildProgram().parseAsync(['node', 'cxschema', 'emulator', '--host', '0.0.0.0', '--port', '0', '--admin']);
    vi.restoreAllMocks();
    expect(process.exitCode).toBe(64);
    expect(stderr).toContain('error: --admin on 0.0.0.0 would let anyone who can reach this machine');
    expect(stderr).toContain('hint: pass --admin-token TOKEN');
    expect(stderr).not.toContain('listening');
  });
});
