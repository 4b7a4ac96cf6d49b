/**
 * The bound on an answer the client reads, whichever exchange reads it: node:http's (node-http-fetch.ts) and
 * fetch's (bounded-fetch.ts) stop at the same size and reject `text()` with the same error, which the transport
 * (transport-layer.ts) turns into an answer marked `oversized` (docs/client.md "The layers").
 */

/**
 * The largest answer read, in bytes, both as received and once decoded. The largest the API sends is a list:
 * a page of 100 custom object schemas, or all of a DataSchema family's (no paging), some megabytes at most.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The code `text()` rejects with when an answer is over MAX_ANSWER_BYTES. */
export const ANSWER_TOO_LARGE_CODE = 'ERR_ANSWER_TOO_LARGE';

/** The error `text()` rejects with past the bound; `maxBytes` is what the transport marks the answer with. */
export function answerTooLarge(maxBytes: number): Error {
  return Object.assign(new Error(`the answer is larger than ${maxBytes} bytes`), {
    code: ANSWER_TOO_LARGE_CODE,
    maxBytes,
  });
}
