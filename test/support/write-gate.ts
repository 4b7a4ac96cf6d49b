/**
 * An HTTP proxy in front of an emulator that holds the first schema write (a POST or PUT) it receives before the
 * emulator sees it, until the test lets it go: a write sent and not yet answered, whose version the org does not
 * hold yet. Every other request passes straight through. The emulator checks only the name of the Host header,
 * so a proxy on 127.0.0.1 is answered as the emulator itself would be.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WriteGate {
  /** Point GENESYS_OAUTH_DOMAIN here. */
  url: string;
  /** Resolves once the first write has arrived and is held. */
  held: Promise<void>;
  /** Lets the held write go on to the emulator (unless its client has given up on it meanwhile). */
  release(): void;
  close(): Promise<void>;
}

export async function startWriteGate(emulatorUrl: string): Promise<WriteGate> {
  const target = new URL(emulatorUrl);
  let gateUsed = false;
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isWrite = (req.method === 'POST' || req.method === 'PUT') && (req.url ?? '').includes('/schemas');
      if (!isWrite || gateUsed) {
        forward(req, body, res);
        return;
      }
      gateUsed = true;
      let abandoned = false;
      res.on('close', () => (abandoned = !res.writableEnded));
      arrived();
      void released.then(() => {
        if (!abandoned) forward(req, body, res);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
