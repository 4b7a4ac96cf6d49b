/**
 * `startEmulator`: wires the emulator's parts to a node:http server and returns the handle tests drive it with.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { LimitCount, PlatformLimits } from '../model/field-types.js';
import { UsageError } from '../model/errors.js';
import { AnswersInFlight } from './answers-in-flight.js';
import { checkAdminExposure } from './admin-guard.js';
import type { AdminControls } from './admin-routes.js';
import { EMULATOR_DEFAULT_LIMITS, EMULATOR_DEFAULT_SYSTEM_OBJECTS } from './contract-facts.js';
import { acquireDataLock, type DataLock } from './data-lock.js';
import { CoalescingWriter } from './durable-file.js';
import { FaultInjector } from './fault-injector.js';
import { endWaitingResponses } from './http-io.js';
import { DataSchemaService } from './dataschema/data-schema-service.js';
import { currentVersion, DataSchemaStore, renderDataSchema } from './dataschema/data-schema-store.js';
import { FAMILIES } from './dataschema/families.js';
import type { DataSchemaLimitOverrides, DataSchemaLimits } from './dataschema/quantity-limits.js';
import { resolveDataSchemaLimits } from './dataschema/quantity-limits.js';
import { checkClients, defaultClients, demoClient } from './oauth-clients.js';
import { checkRoles, isPermission } from './permissions.js';
import type { EmulatorHandle, EmulatorOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import type { EmulatorRuntime } from './request-handler.js';
import { createRequestHandler } from './request-handler.js';
import { RequestRecorder } from './request-recorder.js';
import { SchemaStore } from './schema-store.js';
import { prepareDataFolder, readSavedState, readState, resolveDataPath, serializeState } from './state-file.js';
import { TokenStore } from './token-store.js';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86400;
/** Faults are reproducible by default: the same requests in the same order meet the same faults. */
export const DEFAULT_FAULT_SEED = 1;

function checkRateLimit(perMinute: number): number {
  if (!Number.isInteger(perMinute) || perMinute < 0)
    throw new UsageError(`the rate limit must be a whole number of requests per minute (0 for none), not ${perMinute}`);
  return perMinute;
}

function resolveLimits(overrides: Partial<PlatformLimits> | undefined): PlatformLimits {
  const limits = { ...EMULATOR_DEFAULT_LIMITS, ...overrides };
  for (const key of Object.keys(EMULATOR_DEFAULT_LIMITS) as LimitCount[]) {
    const value = limits[key];
    if (!Number.isInteger(value) || value < 0)
      throw new UsageError(`limit ${key} must be a whole number of at least 0, not ${String(value)}`);
  }
  return limits;
}

function checkDataSchemaLimits(overrides: DataSchemaLimitOverrides | undefined): DataSchemaLimits {
  try {
    return resolveDataSchemaLimits(overrides);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function checkDefaultPermissions(permissions: string[] | undefined): string[] | undefined {
  if (permissions !== undefined && !permissions.every(isPermission)) {
    throw new UsageError(
      `default permissions must be permissions such as workitems:workitemSchema:view ("*" allowed in a segment), not ${JSON.stringify(permissions)}`,
    );
  }
  return permissions;
}

/** A port that is no port (node:http throws a RangeError for it) is refused before anything is opened. */
function checkPort(port: number | undefined): void {
  if (port === undefined || (Number.isInteger(port) && port >= 0 && port <= 65535)) return;
  throw new UsageError(`port ${port} is not a port: pass a whole number from 0 to 65535 (0 picks a free one)`);
}

/** A port that cannot be had is the user's to fix, named plainly; anything else is passed on as it is. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new UsageError(`port ${port} on ${host} is already in use`, {
      cause: error,
      hint: 'stop what listens there, or pass --port another port (0 picks a free one)',
    });
  if (code === 'EACCES')
    return new UsageError(`not allowed to listen on port ${port} on ${host}`, {
      cause: error,
      hint: 'ports below 1024 need privileges: pass --port 1024 or above',
    });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new UsageError(`cannot listen on ${host}: no such address on this machine`, {
      cause: error,
      hint: 'pass --host an address of this machine, e.g. 127.0.0.1',
    });
  return error;
}

/** How long stop() waits for the answers being made to be written before it closes their connections. */
export const STOP_ANSWER_GRACE_MS = 5000;

/**
 * Resolves once no answer to a request received whole is left to write, or after STOP_ANSWER_GRACE_MS. Looked at
 * again after each wait: a request whose body arrives meanwhile is applied and answered too.
 */
async function answersWritten(answering: AnswersInFlight): Promise<void> {
  const deadline = Date.now() + STOP_ANSWER_GRACE_MS;
  for (;;) {
    const waiting = answering.held().filter((res) => res.req.complete && !res.writableFinished && !res.destroyed);
    const left = deadline - Date.now();
    if (waiting.length === 0 || left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, left);
    });
    // The first one written (or cut off), or a request of those not received whole completing, is looked at again.
    const incomplete = answering
      .held()
      .filter((res) => !res.req.complete)
      .map((res) => res.req);
    const watched: Array<[NodeJS.EventEmitter, string]> = [
      ...waiting.flatMap((res): Array<[NodeJS.EventEmitter, string]> => [
        [res, 'finish'],
        [res, 'close'],
      ]),
      ...incomplete.flatMap((req): Array<[NodeJS.EventEmitter, string]> => [
        [req, 'end'],
        [req, 'close'],
      ]),
    ];
    let wake!: () => void;
    const next = new Promise<void>((resolve) => (wake = resolve));
    for (const [emitter, event] of watched) emitter.on(event, wake);
    try {
      await Promise.race([next, bound]);
    } finally {
      clearTimeout(timer);
      for (const [emitter, event] of watched) emitter.off(event, wake);
    }
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  checkPort(options.port);
  const now = options.now ?? Date.now;
  checkAdminExposure(host, options.admin === true, options.adminToken);
  const limits = resolveLimits(options.limits);
  const systemObjects = options.systemObjects ?? [...EMULATOR_DEFAULT_SYSTEM_OBJECTS];
  const demo = demoClient(host, checkDefaultPermissions(options.defaultPermissions));
  const roles = options.roles !== undefined ? checkRoles(options.roles) : {};
  const clients =
    options.clients !== undefined ? checkClients(options.clients, undefined, roles) : defaultClients(demo);
  const store = new SchemaStore(now);
  const dataSchemaStore = new DataSchemaStore(now);
  const dataSchemas = new DataSchemaService(
    dataSchemaStore,
    checkDataSchemaLimits(options.dataSchemaLimits),
    new Date(now()).toISOString(),
  );
  let writer: CoalescingWriter | undefined;
  let dataLock: DataLock | undefined;
  if (options.dataPath !== undefined && options.dataReadOnly === true) {
    // No lock and no writer: the file may be another emulator's, whose renames show one whole state.
    const saved = await readSavedState(options.dataPath);
    if (saved) store.restore(saved);
    if (saved?.dataSchemas) dataSchemaStore.restore(saved.dataSchemas);
  } else if (options.dataPath !== undefined) {
    await prepareDataFolder(options.dataPath);
    // Links followed once: two paths to one file take one lock, and writes go to the link's target, keeping the link.
    const dataPath = await resolveDataPath(options.dataPath);
    if (dataPath !== options.dataPath) await prepareDataFolder(dataPath);
    // Held until stop(): the state is read only once no other emulator can write the file.
    dataLock = await acquireDataLock(
      dataPath,
      options.onDataLockWait === undefined ? {} : { onWait: options.onDataLockWait },
    );
    try {
      const saved = await readState(dataPath);
      if (saved) store.restore(saved);
      if (saved?.dataSchemas) dataSchemaStore.restore(saved.dataSchemas);
    } catch (error) {
      await dataLock.release();
      throw error;
    }
    writer = new CoalescingWriter(dataPath, () =>
      serializeState(store.snapshot(), dataSchemaStore.empty ? undefined : dataSchemaStore.snapshot()),
    );
  }
  const tokens = new TokenStore(now, options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS);
  const limiter = new RateLimiter(now, checkRateLimit(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE));
  const faults = new FaultInjector(options.seed ?? DEFAULT_FAULT_SEED, options.faults ?? {});
  const recorder = new RequestRecorder();
  const releases = new Set<() => void>();

  const controls: AdminControls = {
    faults: () => faults.get(),
    setFaults: (spec) => faults.set(spec),
    rateLimit: () => limiter.limit,
    setRateLimit: (perMinute) => limiter.setLimit(checkRateLimit(perMinute)),
    counters: () => recorder.counters(),
    requestLog: () => recorder.requests(),
    resetCounters: () => recorder.reset(),
    expireTokens: () => tokens.expireAll(),
  };

  const runtime: EmulatorRuntime = {
    store,
    dataSchemas,
    limits,
    systemObjects: new Set(systemObjects),
    systemObjectsJson: systemObjects.map((name) => JSON.stringify({ name })),
    clients: new Map(clients.map((c) => [c.id, c])),
    tokens,
    limiter,
    faults,
    recorder,
    legacyRateLimitHeaders: options.legacyRateLimitHeaders === true,
    admin: options.admin === true ? controls : undefined,
    adminGuard: undefined,
    listening: undefined,
    persist: writer ? () => writer.write() : undefined,
    hold: (res: ServerResponse, ms: number) =>
      new Promise<void>((resolve) => {
        const release = (): void => {
          clearTimeout(timer);
          res.off('close', release);
          releases.delete(release);
          resolve();
        };
        const timer = setTimeout(release, ms);
        res.on('close', release);
        releases.add(release);
      }),
    // A reporter that throws must not take the server down, nor leave the request without an answer.
    onInternalError: (error: unknown) => {
      try {
        // An async reporter's rejection is dropped as a throw is: nothing else would handle it.
        const reported: unknown = options.onError?.(error);
        if (reported instanceof Promise) reported.catch(() => undefined);
      } catch {
        // the failure was reported as well as it could be; the request still gets its 500
      }
    },
  };

  const handler = createRequestHandler(runtime);
  const answering = new AnswersInFlight();
  const server = createServer({ keepAlive: true }, (req, res) => {
    answering.track(res);
    handler(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await dataLock?.release();
    throw listenError(error, host, options.port ?? 0);
  }
  const address = server.address() as AddressInfo;
  runtime.adminGuard = { address: address.address, name: host, port: address.port, token: options.adminToken };
  runtime.listening = { address: address.address, name: host };
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopped: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    ...(dataLock?.tookOverFrom === undefined ? {} : { dataLockTakenOverFrom: dataLock.tookOverFrom.pid }),
    demoClient: clients[0] ?? demo,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const release of [...releases]) release();
        // The answers to requests received whole are written before their connections close: a held answer just
        // released, a write waiting to be durable. Their writes are applied; a client cut off would not know it.
        // Bounded: a client that does not read its answer does not keep the emulator from stopping.
        await answersWritten(answering);
        // Answers made in this turn are written before their connections close (http-io.ts writes them at its end).
        endWaitingResponses();
        server.closeAllConnections();
        await closed;
        await writer?.idle();
        await dataLock?.release();
      })();
      return stopped;
    },
    setFaults: controls.setFaults,
    releaseHeldAnswers() {
      const held = [...releases];
      for (const release of held) release();
      return held.length;
    },
    faults: controls.faults,
    setRateLimit: controls.setRateLimit,
    rateLimit: controls.rateLimit,
    counters: controls.counters,
    requestLog: controls.requestLog,
    resetCounters: controls.resetCounters,
    expireTokens: controls.expireTokens,
    issuedTokens: () => tokens.issued(),
    schemas: () => store.list().map((v) => structuredClone(v.resource)),
    versions: (externalId) => store.get(externalId)?.versions.map((v) => structuredClone(v.resource)) ?? [],
    dataSchemas: (family) =>
      dataSchemaStore.all(family).map((s) => structuredClone(renderDataSchema(FAMILIES[family], s, currentVersion(s)))),
    async clearSchemas() {
      store.clear();
      dataSchemaStore.clear();
      await writer?.write();
    },
  };
}
