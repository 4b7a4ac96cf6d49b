/**
 * Runs the built CLI (`node dist/bin/cxschema.js`) as a child process, pointed at an emulator of the test process
 * through GENESYS_OAUTH_* and its demo client, in a project folder the test writes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import type { SchemaDefinition } from '../../src/model/schema.js';
import { heldPerTest } from './per-test.js';

export const CLI = fileURLToPath(new URL('../../dist/bin/cxschema.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function emulatorEnv(handle: EmulatorHandle): Record<string, string> {
  return {
    GENESYS_OAUTH_CLIENT_ID: handle.demoClient.id,
    GENESYS_OAUTH_CLIENT_SECRET: handle.demoClient.secret,
    GENESYS_OAUTH_DOMAIN: handle.url,
  };
}

/** The user and group a child process runs as, given only when the tests run as root (`nobody`). */
export interface Unprivileged {
  uid?: number;
  gid?: number;
}

/**
 * Who a child must run as for a file mode to bind it: root writes a file whatever its mode says, so a test of a
 * file this user may not write runs its child as `nobody` when the tests run as root, and as this user otherwise.
 * The child must then be able to read what it is given: see `readableByAnyone`.
 */
export const WITHOUT_ROOT: Unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Opens a folder, and each folder above it up to the system's temporary folder, to a child run as another user. */
export async function readableByAnyone(folder: string): Promise<void> {
  const top = resolve(tmpdir());
  for (let at = resolve(folder); at.startsWith(`${top}${sep}`); at = dirname(at)) await chmod(at, 0o755);
}

export function spawnCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; stdoutFd?: number; stderrFd?: number; user?: Unprivileged },
): { child: ChildProcess; done: Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env };
  // Inherited credentials would point the child at some other org.
  for (const name of ['GENESYS_OAUTH_CLIENT_ID', 'GENESYS_OAUTH_CLIENT_SECRET', 'GENESYS_OAUTH_DOMAIN']) {
    if (options.env?.[name] === undefined) delete env[name];
  }
  // stdout or stderr into a file descriptor of the test's own (that text of the result is then empty), or a pipe
  // read here.
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env,
    ...options.user,
    stdio: ['pipe', options.stdoutFd ?? 'pipe', options.stderrFd ?? 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; user?: Unprivileged },
): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/**
 * Runs the CLI with its stdout (and with `both`, its stderr) a pipe whose reader is gone before anything is written
 * there (`cxschema ... | true`, `cxschema ... 2>&1 | true`): a FIFO in `cwd` opened at both ends, its reader closed.
 */
export async function runIntoClosedPipe(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; both?: boolean },
): Promise<CliResult> {
  const fifo = join(options.cwd, 'stdout.fifo');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  closeSync(reader);
  try {
    const fds = options.both === true ? { stdoutFd: writer, stderrFd: writer } : { stdoutFd: writer };
    return await spawnCli(args, {
      cwd: options.cwd,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...fds,
    }).done;
  } finally {
    closeSync(writer);
  }
}

/**
 * Runs the CLI and SIGKILLs it once it has sent `killAfterWrites` schema writes to `handle`, `extraMs` later: a
 * kill point counted in the run's own writes, so that machine load does not move it (before the first write,
 * between writes, or with one in flight). `writesDuring` is how many writes the run sent.
 */
export async function runKilledAfterWrites(
  handle: EmulatorHandle,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
  kill: { killAfterWrites: number; extraMs: number },
): Promise<{ result: CliResult; writesDuring: number }> {
  const writesSoFar = (): number =>
    handle.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas')).length;
  const writesBefore = writesSoFar();
  const { child, done } = spawnCli(args, options);
  let armed = false;
  const watch = setInterval(() => {
    if (armed || writesSoFar() - writesBefore < kill.killAfterWrites) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), kill.extraMs);
  }, 2);
  const result = await done;
  clearInterval(watch);
  return { result, writesDuring: writesSoFar() - writesBefore };
}

export interface Project {
  dir: string;
  /** Replaces the schema files with these definitions. */
  write(schemas: readonly SchemaDefinition[]): Promise<void>;
  remove(): Promise<void>;
}

export async function createProject(config = 'schemas:\n  - "schemas/*.schema.json"\n'): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-e2e-'));
  await writeFile(join(dir, 'cxschema.config.yaml'), config);
  const schemas = join(dir, 'schemas');
  return {
    dir,
    async write(definitions) {
      await rm(schemas, { recursive: true, force: true });
      await mkdir(schemas, { recursive: true });
      for (const definition of definitions) {
        await writeFile(join(schemas, `${definition.externalId}.schema.json`), JSON.stringify(definition, null, 2));
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What an end-to-end test starts: an emulator and a project folder, each optional. */
export interface EmulatorAndProject {
  emulator?: EmulatorHandle;
  project?: Project;
}

/** Holds the emulator and project each test of the file starts, stopped and removed after each test. */
export function emulatorAndProjectPerTest(): EmulatorAndProject {
  return heldPerTest<EmulatorAndProject>(async ({ emulator, project }) => {
    await emulator?.stop();
    await project?.remove();
  });
}
