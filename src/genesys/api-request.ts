/**
 * The one request function the client is built from (docs/architecture.md): every layer is `(next: Send) => Send`,
 * stacked observe -> retry -> throttle -> auth -> transport, so a retry passes the throttle again and the observer sees
 * one logical call.
 */
import type { ResponseHeaders } from './node-http-fetch.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** The templated path, for metrics and messages: `/api/v2/customobjects/schemas/{externalId}`. */
  route: string;
  /** The concrete path and query, relative to the API base: `/api/v2/customobjects/schemas/customer`. */
  path: string;
  /** A JSON body (POST, PUT). */
  body?: unknown;
  /** Sent as ININ-Correlation-Id on every attempt of this logical call and kept on every error. */
  correlationId: string;
  /** Extra headers, added by layers (Authorization). Never copied into errors, hooks or logs. */
  headers?: Readonly<Record<string, string>>;
  /** Absolute time on the client's clock after which no attempt may run; set by the retry layer. */
  deadline?: number;
  /** 1-based attempt number of this logical call; set by the retry layer. */
  attempt?: number;
  /** Statuses besides 2xx that the caller takes as an answer, not a failure: a GET's 404 that means "none". */
  answers?: readonly number[];
  /** A read made to learn what an earlier call did (a write whose answer was lost, or a 409): its correlation id. */
  readsBack?: string;
  /**
   * Abandons the call once aborted: no attempt of it is sent from then on (the retry layer starts none, the transport
   * sends none that was still waiting for the rate limiter or a login). An attempt already sent is not called back.
   */
  signal?: AbortSignal;
}

/** What the retry layer adds to the response it finally returns. */
export interface RetrySummary {
  /** Attempts made, the last one included. */
  attempts: number;
  /** Time spent waiting between attempts. */
  waitedMs: number;
  /** Attempts answered 429. */
  rateLimited: number;
}

export interface ApiResponse {
  status: number;
  headers: ResponseHeaders;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** The response's ININ-Correlation-Id, else the request's. */
  correlationId: string;
  retry?: RetrySummary;
  /** Set when the body was larger than the transport reads (its bound, in bytes): `body` is then undefined. */
  oversized?: number;
}

export type Send = (request: ApiRequest) => Promise<ApiResponse>;
export type Layer = (next: Send) => Send;

/** `stack([a, b, c], send)` is `a(b(c(send)))`: the first layer is the outermost. */
export function stackLayers(layers: readonly Layer[], transport: Send): Send {
  return layers.reduceRight<Send>((next, layer) => layer(next), transport);
}

/**
 * GET and DELETE may be sent again after a failure; POST and PUT may not (docs/architecture.md: writes are resolved).
 */
export function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'DELETE';
}

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers.get(name);
  return value === null ? undefined : value;
}
