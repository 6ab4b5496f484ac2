// A stand-in for the attacker's site (evil.example does not resolve here): a 127.0.0.1 server on
// another port, so another origin. Any request that reaches it is a navigation Lanebot let escape.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Spy {
  origin: string;
  hits: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

export async function startSpy(): Promise<Spy> {
  const hits: Spy['hits'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c.slice(0, 4096)));
    req.on('end', () => {
      hits.push({ method: req.method ?? 'GET', url: req.url ?? '/', body });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<title>Thanks</title><p>Voucher claimed.</p>');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
