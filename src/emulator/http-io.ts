/** Reading request bodies and writing JSON responses with node:http, kept small because every request pays. */
import type { IncomingMessage, ServerResponse } from 'node:http';

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

export function send(res: ServerResponse, status: number, body: string | undefined, headers: Headers): void {
  if (res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
