/**
 * Which `ININ-Correlation-Id` a write went out with, so that its audit entry and change event can quote it to
 * support. The client makes the id inside create and update and reports it only through its onResponse hook;
 * many steps write at once, so the hook learns which write it belongs to from the async context the write runs
 * in. A write's read-backs (GETs) are not what support needs: the last POST or PUT of the write is kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TransportHooks } from '../genesys/transport-hooks.js';

export interface TrackedWrite<T> {
  result: T;
  /** Absent when no POST or PUT answered (the write was not sent through the hooked client). */
  correlationId?: string;
}

export interface WriteCorrelation {
  /** Pass to the API client (with the other listeners). */
  hooks: TransportHooks;
  /** Runs one write and tells the correlation id it was sent with. */
  track: <T>(write: () => Promise<T>) => Promise<TrackedWrite<T>>;
}

export function createWriteCorrelation(): WriteCorrelation {
  const scope = new AsyncLocalStorage<{ correlationId?: string }>();
  return {
    hooks: {
      onResponse(event) {
        if (event.method !== 'POST' && event.method !== 'PUT') return;
        const current = scope.getStore();
        if (current !== undefined) current.correlationId = event.correlationId;
      },
    },
    async track(write) {
      const store: { correlationId?: string } = {};
      const result = await scope.run(store, write);
      return store.correlationId === undefined ? { result } : { result, correlationId: store.correlationId };
    },
  };
}
