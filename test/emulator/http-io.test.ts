import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endWaitingResponses, send } from '../../src/emulator/http-io.js';

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A response whose end throws, as one whose connection failed in an unexpected way might. */
function failingResponse(): { res: ServerResponse; destroyed: () => boolean } {
  let destroyed = false;
  const res = {
    destroyed: false,
    writeHead: () => res,
    end: () => {
      throw new Error('cannot end');
    },
    destroy: () => {
      destroyed = true;
    },
  };
  return { res: res as unknown as ServerResponse, destroyed: () => destroyed };
}

/** Reports of responses that should have ended: none is expected (a reporter's throw would be swallowed). */
const unexpectedReports: unknown[] = [];
const unexpected = (error: unknown): void => void unexpectedReports.push(error);

const servers: Array<ReturnType<typeof createServer>> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  expect(unexpectedReports.splice(0)).toEqual([]);
});

/** A node:http server on an ephemeral port of 127.0.0.1, closed after the test; resolves with its port. */
async function serving(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** One GET of `/` and its answer as received. */
function get(port: number): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    })
      .on('error', reject)
      .end();
  });
}

describe('send', () => {
  it('makes the head at once and ends every response of a turn together, after the turn', async () => {
    const ended: boolean[] = [];
    const handled: ServerResponse[] = [];
    const port = await serving((_req, res) => {
      send(res, 200, '{"ok":true}', { 'ININ-Correlation-Id': 'c' }, unexpected);
      ended.push(res.writableEnded);
      expect(res.headersSent).toBe(true);
      handled.push(res);
    });
    const answer = await get(port);
    expect(answer).toEqual({ status: 200, body: '{"ok":true}', type: 'application/json' });
    expect(ended).toEqual([false]);
    expect(handled[0]?.writableEnded).toBe(true);
  });

  it('ends the other responses of the turn when one cannot be ended, destroys that one and reports it', async () => {
    const failing = failingResponse();
    const reported: unknown[] = [];
    const port = await serving((_req, res) => {
      send(failing.res, 200, '{}', {}, (error) => reported.push(error));
      send(res, 204, undefined, {}, unexpected);
    });
    const { status } = await get(port);
    expect(status).toBe(204);
    expect(failing.destroyed()).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      message: 'an answer could not be written: cannot end',
      cause: { message: 'cannot end' },
    });
  });

  it('ends the other responses of the turn when the report of one that cannot be ended throws', async () => {
    const failing = failingResponse();
    const port = await serving((_req, res) => {
      send(failing.res, 200, '{}', {}, () => {
        throw new Error('the reporter broke');
      });
      send(res, 204, undefined, {}, unexpected);
    });
    expect((await get(port)).status).toBe(204);
    // The list was emptied all the same: the next turn's answer is written, the failed one not again.
    expect((await get(port)).status).toBe(204);
    expect(failing.destroyed()).toBe(true);
  });

  it('does not end a response whose connection was destroyed before the end of the turn', async () => {
    const gone = failingResponse();
    send(gone.res, 200, '{}', {}, unexpected);
    // Destroyed after its head, before its body: ending it now would throw (the fake's end does), and be destroyed.
    (gone.res as unknown as { destroyed: boolean }).destroyed = true;
    await nextTurn();
    expect(gone.destroyed()).toBe(false);
  });

  it('writes the waiting answers at once when asked, before a server closes its connections in the same turn', async () => {
    const port = await serving((_req, res) => {
      send(res, 200, '{"last":true}', {}, unexpected);
      endWaitingResponses();
      // This test's server, the last one started: its one connection is this request's.
      servers.at(-1)?.closeAllConnections();
    });
    const { body } = await get(port);
    expect(body).toBe('{"last":true}');
  });
});
