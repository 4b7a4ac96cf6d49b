/**
 * A request that got no HTTP response: the network failed or the per-request timeout fired. Thrown by the
 * transport, decided on by the retry layer, which turns the last one into an ApiError.
 */
export type FailureReason = 'network' | 'timeout';

export class TransportFailure extends Error {
  readonly reason: FailureReason;
  /** Host name only: never a URL with credentials. */
  readonly host: string;
  /**
   * False when the request provably never reached the server (connection refused, DNS failure, login failed,
   * deadline already passed): then even a write may be sent again.
   */
  readonly requestSent: boolean;
  /** A short technical cause, e.g. `ECONNRESET`, `timed out after 30000 ms`. */
  readonly detail: string;
  /**
   * True when the operation's deadline ended the call before the request was sent: it had passed, or would pass
   * while the request waited for the rate limiter or a login. No later attempt fits in it.
   */
  readonly deadline: boolean;
  /** True when the call was abandoned (its signal aborted) before the request was sent. */
  readonly abandoned: boolean;

  constructor(
    reason: FailureReason,
    host: string,
    detail: string,
    requestSent: boolean,
    options?: { cause?: unknown; deadline?: boolean; abandoned?: boolean },
  ) {
    super(
      `${reason === 'timeout' ? 'no answer from' : 'could not reach'} ${host}: ${detail}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TransportFailure';
    this.reason = reason;
    this.host = host;
    this.detail = detail;
    this.requestSent = requestSent;
    this.deadline = options?.deadline ?? false;
    this.abandoned = options?.abandoned ?? false;
  }
}

/** The failure of an attempt of an abandoned call, which is never sent (ApiRequest `signal`). */
export function abandonedFailure(host: string, signal: AbortSignal): TransportFailure {
  return new TransportFailure('network', host, abandonReason(signal), false, { abandoned: true });
}

/** What abandoned a call: the abort's reason when it is text (`abandoned by SIGINT`), else that it was. */
function abandonReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' && signal.reason !== '' ? signal.reason : 'the call was abandoned';
}
