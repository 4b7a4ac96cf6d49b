/**
 * Holds an exchange's fetch answers to the bound node:http's exchange keeps (answer-bound.ts). fetch's `text()`
 * reads a body whole, however large: a gzip bomb or a proxy that never stops would fill the memory. When an
 * answer carries its body as a stream (a fetch Response does), `text()` here reads that stream instead, counting
 * its bytes, and at the bound cancels it (fetch then closes the connection) and rejects as node-http-fetch.ts does,
 * so the transport marks the answer `oversized` whichever exchange read it.
 *
 * fetch hands over the body decoded: the bytes counted are the decoded ones. It decodes as the body arrives, so
 * what it received is not held whole either; a body that decodes to little from much (empty gzip members without
 * end) is bounded in time by the transport's timeout, which covers the body.
 */
import { answerTooLarge, MAX_ANSWER_BYTES } from './answer-bound.js';
import type { FetchLike, FetchLikeResponse } from './node-http-fetch.js';

export function boundedFetch(fetchFn: FetchLike, maxAnswerBytes: number = MAX_ANSWER_BYTES): FetchLike {
  return async (url, init) => {
    const response = await fetchFn(url, init);
    const body = bodyStream(response);
    // An answer without a stream (node-http-fetch.ts's, a test's) reads its own text, bounded there or small.
    if (body === undefined) return response;
    return { status: response.status, headers: response.headers, text: () => readBounded(body, maxAnswerBytes) };
  };
}

function bodyStream(response: FetchLikeResponse): ReadableStream<Uint8Array> | undefined {
  const body = (response as { body?: unknown }).body;
  // Asked by shape, not class: a fetch of another realm or library has a stream of its own class.
  return typeof (body as { getReader?: unknown } | null | undefined)?.getReader === 'function'
    ? (body as ReadableStream<Uint8Array>)
    : undefined;
}

async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    // An abort or a reset while the body arrives rejects here, as it rejects fetch's `text()`.
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      // Read no further: the rest is neither kept nor waited for. The cancel's own outcome changes nothing.
      chunks.length = 0;
      reader.cancel().catch(() => undefined);
      throw answerTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  // UTF-8 with a leading byte order mark dropped and malformed bytes replaced: what fetch's `text()` gives.
  return new TextDecoder().decode(Buffer.concat(chunks, received));
}
