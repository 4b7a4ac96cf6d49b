/** Reading request bodies and writing JSON responses with node:http, kept small because every request pays. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies past this size are refused with 413 (schema bodies are a few kilobytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type Headers = Record<string, string | number>;

/** The body as text, or undefined when it is larger than `limit`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) resolve(undefined);
      // A schema body usually arrives in one chunk: decode it as it is rather than copy it into a new buffer.
      else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
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
