/** Reading request bodies and writing JSON responses with node:http, kept small because every request pays. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate } from 'node:timers';

/** Bodies past this size are refused with 413 (schema bodies are a few kilobytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type Headers = Record<string, string | number>;

/**
 * Reads the body and calls `done` with it as text, or with undefined when it is larger than `limit`; `failed` with
 * the stream's error. Callbacks rather than a promise: the request that every write makes then costs no promise, no
 * microtask and no await.
 */
export function readBodyThen(
  req: IncomingMessage,
  done: (raw: string | undefined) => void,
  failed: (error: unknown) => void,
  limit = MAX_BODY_BYTES,
): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  let tooLarge = false;
  // Like a promise, settled once: an error after the end (or the end after an error) is not reported again.
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    else if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    if (tooLarge) done(undefined);
    // A schema body usually arrives in one chunk: decode it as it is rather than copy it into a new buffer.
    else if (rest !== undefined) done(Buffer.concat(rest).toString('utf8'));
    else done(first === undefined ? '' : first.toString('utf8'));
  });
  req.on('error', (error) => {
    if (settled) return;
    settled = true;
    failed(error);
  });
}

/** The body as text, or undefined when it is larger than `limit`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  return new Promise((resolve, reject) => readBodyThen(req, resolve, reject, limit));
}

/** Told about a failure that is not the client's: the emulator's onError (server.ts). */
export type ReportFailure = (error: unknown) => void;

/**
 * Sends a response: its head is made now, so that a header the server cannot send throws in the request's own
 * handling, and head and body are written at the end of this turn of the event loop, with every other response
 * made in the same turn. Under load a turn handles several requests; writing their answers one after the other,
 * rather than one between each request's work, wakes a waiting client once a turn instead of once a request, and
 * waking it is most of what a socket write costs (docs/architecture.md, "The emulator's cost per request").
 * The request's handling is over by then: a body that cannot be written is told to `report`.
 */
export function send(
  res: ServerResponse,
  status: number,
  body: string | undefined,
  headers: Headers,
  report: ReportFailure,
): void {
  if (res.destroyed) return;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(status, headers);
  endThisTurn(res, body, report);
}

/**
 * The end of the turn, as node gives it. Taken from node:timers and when this module loads, not from the global
 * at each call: a test that fakes the timers while it drives an emulator in its own process still gets its
 * answers (vitest's fake timers replace the globals only; a fake-timer library that also patches node:timers
 * before this module loads would hold them back).
 */
const atEndOfTurn = setImmediate;

/**
 * The responses whose bodies wait for the end of the turn, those bodies, and whom to tell when one cannot be
 * written, index by index: one list for every emulator of the process (ending another emulator's answers early,
 * when one stops, does them no harm; each failure still goes to its own emulator's reporter).
 */
const waitingResponses: ServerResponse[] = [];
const waitingBodies: Array<string | undefined> = [];
const waitingReports: ReportFailure[] = [];

function endThisTurn(res: ServerResponse, body: string | undefined, report: ReportFailure): void {
  waitingResponses.push(res);
  waitingBodies.push(body);
  waitingReports.push(report);
  // It runs once the turn's I/O callbacks (every request that arrived with this one) are done.
  if (waitingResponses.length === 1) atEndOfTurn(endWaitingResponses);
}

/**
 * Writes now the answers that wait for the end of the turn: for a server about to close its connections in this
 * turn, whose answers made would otherwise be lost with them.
 */
export function endWaitingResponses(): void {
  // Ended in the order they were made: a connection's pipelined answers keep their order in any case (node queues
  // them per connection), and the request log already lists them in this order.
  for (let i = 0; i < waitingResponses.length; i++) {
    const res = waitingResponses[i] as ServerResponse;
    const body = waitingBodies[i];
    try {
      if (res.destroyed) continue;
      if (body === undefined) res.end();
      else res.end(body);
    } catch (error) {
      // A response that cannot be ended (its connection failed meanwhile) must not keep the others from theirs;
      // it is cut off, and its failure, no fault of the client's, is reported as the emulator's others are.
      res.destroy();
      reportUnwritten(waitingReports[i] as ReportFailure, error);
    }
  }
  waitingResponses.length = 0;
  waitingBodies.length = 0;
  waitingReports.length = 0;
}

function reportUnwritten(report: ReportFailure, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  try {
    report(new Error(`an answer could not be written: ${detail}`, { cause: error }));
  } catch {
    // A reporter that throws must not keep the other answers of the turn from being written either.
  }
}

/** Whether `send` has made this response and its writing waits for the end of the turn. */
export function isWaiting(res: ServerResponse): boolean {
  return waitingResponses.includes(res);
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
