/** What the emulator benchmark and its server processes (processes/http-server.ts) say to each other. */

export type Kind = 'getOne' | 'getPage' | 'post' | 'put';
export type Answers = Record<Kind, { status: number; body: string }>;

/**
 * `workMicros`: how long the bare server busies itself before each answer (0 by default): the calibration's server,
 * which does that much more work a request than bare and nothing else.
 */
export type ServerRequest =
  { type: 'cpu' } | { type: 'reseed' } | { type: 'answers'; answers: Answers; workMicros?: number };
export type ServerReply =
  | { type: 'cpu'; micros: number }
  | { type: 'reseeded' }
  | { type: 'started' }
  | { type: 'ready'; url: string; token?: string; answers?: Answers };

export const SCHEMAS = '/api/v2/customobjects/schemas';
/** Keep-alive connections of the load; each PUTs the next version of its own schema (`put_<n>`). */
export const CONNECTIONS = 16;
