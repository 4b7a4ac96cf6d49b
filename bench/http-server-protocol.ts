/** What the emulator benchmark and its server processes (processes/http-server.ts) say to each other. */

export type Kind = 'getOne' | 'getPage' | 'post' | 'put';
export type Answers = Record<Kind, { status: number; body: string }>;

/**
 * `workMicros`: how long the bare server busies itself before each answer (0 by default): the calibration's server,
 * which does that much more work a request than bare and nothing else. `keepWrites`: the floor's server, which
 * parses each POST or PUT body, keeps a resource made of it and answers with that resource's JSON (bare otherwise).
 * `reseed` puts the emulator back to its seeded org, and makes the floor's server forget what it kept.
 */
export type ServerRequest =
  | { type: 'cpu' }
  | { type: 'reseed' }
  | { type: 'answers'; answers: Answers; workMicros?: number; keepWrites?: boolean };
export type ServerReply =
  | { type: 'cpu'; micros: number }
  | { type: 'reseeded' }
  | { type: 'started' }
  | { type: 'ready'; url: string; token?: string; answers?: Answers };

export const SCHEMAS = '/api/v2/customobjects/schemas';
/** Keep-alive connections of the load; each PUTs the next version of its own schema (`put_<n>`). */
export const CONNECTIONS = 16;
