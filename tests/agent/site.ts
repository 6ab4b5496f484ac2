// A tiny local web site for agent tests that do not need the demo venue; records every request it gets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Site { url: string; origin: string; hits: string[]; close(): Promise<void> }

export async function startSite(pages: Record<string, string | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>): Promise<Site> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const path = (req.url ?? '/').split('?')[0]!;
    const page = pages[path];
    if (typeof page === 'function') return page(req, res);
    if (page === undefined) { res.writeHead(404, { 'content-type': 'text/html' }); res.end('<h1>Not found</h1>'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
