/**
 * What tests assert on: requests counted by route template and status, and a log of the most recent requests.
 * Admin routes are not recorded, so that reading the counters does not change them.
 */
import type { EmulatorCounters, RequestLogEntry } from './options.js';

/** The log keeps the most recent entries only, so a long-running emulator does not grow without bound. */
export const REQUEST_LOG_CAPACITY = 10_000;

export class RequestRecorder {
  private byRoute: Record<string, Record<string, number>> = {};
  private total = 0;
  private log: RequestLogEntry[] = [];

  /** `status` is the HTTP status, or `reset` for a connection destroyed without a response. */
  record(routeKey: string, entry: RequestLogEntry): void {
    const statusKey = entry.fault === 'reset' ? 'reset' : String(entry.status);
    const counts = (this.byRoute[routeKey] ??= {});
    counts[statusKey] = (counts[statusKey] ?? 0) + 1;
    this.total++;
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_CAPACITY * 1.5) this.log = this.log.slice(-REQUEST_LOG_CAPACITY);
  }

  counters(): EmulatorCounters {
    return { byRoute: structuredClone(this.byRoute), total: this.total };
  }

  requests(): RequestLogEntry[] {
    return this.log.slice(-REQUEST_LOG_CAPACITY);
  }

  reset(): void {
    this.byRoute = {};
    this.total = 0;
    this.log = [];
  }
}
