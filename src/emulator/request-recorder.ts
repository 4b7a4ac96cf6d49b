/**
 * What tests assert on: requests counted by route template and status, and a log of the most recent requests.
 * Admin routes are not recorded, so that reading the counters does not change them.
 * The log is a ring of the last REQUEST_LOG_CAPACITY requests, held column by column (method, path, status,
 * correlation id, fault) rather than as an object each: every request is recorded, and an object per request kept
 * alive for the next 10,000 requests is one more object for the young generation's collector to copy and promote,
 * which every request waits on. The entries are made when the log is read.
 */
import { redactUrlUserParts } from '../model/redaction.js';
import type { EmulatorCounters, RequestLogEntry } from './options.js';

/** The log keeps the most recent entries only, so a long-running emulator does not grow without bound. */
export const REQUEST_LOG_CAPACITY = 10_000;

export class RequestRecorder {
  private byRoute: Record<string, Record<string, number>> = {};
  private total = 0;
  private readonly methods: string[] = new Array<string>(REQUEST_LOG_CAPACITY).fill('');
  private readonly paths: string[] = new Array<string>(REQUEST_LOG_CAPACITY).fill('');
  private readonly statuses: number[] = new Array<number>(REQUEST_LOG_CAPACITY).fill(0);
  private readonly correlationIds: string[] = new Array<string>(REQUEST_LOG_CAPACITY).fill('');
  private readonly faults: Array<string | undefined> = new Array<string | undefined>(REQUEST_LOG_CAPACITY).fill(
    undefined,
  );
  /** Where the next entry goes, and how many entries the ring holds. */
  private next = 0;
  private held = 0;

  /**
   * `status` is the HTTP status, 0 for a connection destroyed without a response (`fault` 'reset', counted as
   * `reset`); `fault` names an injected fault.
   */
  record(routeKey: string, method: string, path: string, status: number, correlationId: string, fault?: string): void {
    const statusKey = fault === 'reset' ? 'reset' : String(status);
    const counts = (this.byRoute[routeKey] ??= {});
    counts[statusKey] = (counts[statusKey] ?? 0) + 1;
    this.total++;
    const at = this.next;
    this.methods[at] = method;
    // A request target may be a URL whole (the absolute form a proxy is sent, RFC 9112 3.2.2), or hold one, user
    // part and all: the log, which tests and `GET /__emulator/requests` show, keeps no password
    // (docs/architecture.md "Conventions"). A path without an @ is kept as it is, past one `includes`.
    this.paths[at] = redactUrlUserParts(path);
    this.statuses[at] = status;
    this.correlationIds[at] = correlationId;
    this.faults[at] = fault;
    this.next = at + 1 === REQUEST_LOG_CAPACITY ? 0 : at + 1;
    if (this.held < REQUEST_LOG_CAPACITY) this.held++;
  }

  counters(): EmulatorCounters {
    return { byRoute: structuredClone(this.byRoute), total: this.total };
  }

  /** The most recent entries, oldest first. */
  requests(): RequestLogEntry[] {
    const entries: RequestLogEntry[] = [];
    const first = (this.next - this.held + REQUEST_LOG_CAPACITY) % REQUEST_LOG_CAPACITY;
    for (let i = 0; i < this.held; i++) {
      const at = (first + i) % REQUEST_LOG_CAPACITY;
      const entry: RequestLogEntry = {
        method: this.methods[at]!,
        path: this.paths[at]!,
        status: this.statuses[at]!,
        correlationId: this.correlationIds[at]!,
      };
      const fault = this.faults[at];
      if (fault !== undefined) entry.fault = fault;
      entries.push(entry);
    }
    return entries;
  }

  reset(): void {
    this.byRoute = {};
    this.total = 0;
    this.next = 0;
    this.held = 0;
    // Let go of what the ring held.
    this.paths.fill('');
    this.correlationIds.fill('');
    this.faults.fill(undefined);
  }
}
