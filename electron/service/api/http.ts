// The headless transport: the same API contract over loopback HTTP, events as server-sent events,
// and the built React UI. Guarded by a per-launch token, plus Host and Origin checks so a web page
// elsewhere cannot reach it through DNS rebinding.
//
// The token travels only in an `Authorization: Bearer` header, never in a cookie: cookies ignore
// ports, so a cookie set by 127.0.0.1:PORT is sent to every other server on 127.0.0.1 the browser
// visits. The printed link carries the token in its fragment (`/#token=…`), which browsers never
// send; the UI moves it to sessionStorage (this origin, this tab) and sends the header itself, reads
// the event stream with fetch, and fetches screenshots with the header too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApiError, type ApiErrorBody } from '../../../shared/contract';
import type { LanebotService } from '../index';
import { refuseUnauthorised, serveCalendarFeed } from './http-pages';

export const MAX_BODY_BYTES = 256 * 1024;
/** Open event streams at once: a UI window needs one; more than this is a leak or a flood (503). */
export const MAX_EVENT_CLIENTS = 16;

/** Exactly `application/json`, optionally with `charset=utf-8`: no prefix match (application/jsonp, json-seq…). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  if (params.length === 0) return true;
  return params.length === 1 && params[0]!.replace(/\s+/g, '') === 'charset=utf-8';
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HttpOptions {
  port?: number;
  token?: string;
  /** Folder of the built renderer (dist/renderer). */
  rendererDir: string;
}

export interface HttpServer {
  /** The URL to open: the token is in its fragment, which the browser never sends to any server. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody) {
  send(res, status, { error });
}

const STATUS: Record<ApiErrorBody['code'], number> = { invalid: 400, 'not-found': 404, conflict: 409, unauthorized: 401, internal: 500 };

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    let over = false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        // Keep reading (and dropping) so the client gets our 413 instead of a reset socket; give up on a flood.
        if (size > MAX_BODY_BYTES * 16) req.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLarge(`Request body is larger than ${MAX_BODY_BYTES / 1024} KiB`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}


export async function startHttpServer(service: LanebotService, o: HttpOptions): Promise<HttpServer> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const sse = new Set<ServerResponse>();
  let origin = '';
  let port = 0;

  const authorised = (req: IncomingMessage) => sameToken(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1], token);

  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: a foreign name that resolves to 127.0.0.1 still carries its own Host header.
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendError(res, 403, { code: 'unauthorized', message: 'Wrong Host header' });
      const reqOrigin = req.headers.origin;
      if (reqOrigin && reqOrigin !== origin && reqOrigin !== `http://localhost:${port}`)
        return sendError(res, 403, { code: 'unauthorized', message: 'Requests from other sites are refused' });
      let url: URL;
      try {
        url = new URL(req.url ?? '/', origin);
      } catch {
        // e.g. "//": a scheme-relative target with no host. A bad address is the client's error, not a 500.
        return sendError(res, 400, { code: 'invalid', message: 'Bad request address' });
      }
      const security = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };


      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req)) return refuseUnauthorised(req, res, 'Missing or wrong token: open Lanebot from the link `lanebot serve` printed.', security);
        if (url.pathname === '/api/events' && req.method === 'GET') {
          if (sse.size >= MAX_EVENT_CLIENTS)
            return sendError(res, 503, { code: 'internal', message: `Too many open event streams (${MAX_EVENT_CLIENTS}); close another Lanebot tab.` });
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...security });
          res.write(': connected\n\n');
          sse.add(res);
          const unsubscribe = service.subscribe((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
          const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
          req.on('close', () => {
            clearInterval(ping);
            unsubscribe();
            sse.delete(res);
          });
          return;
        }
        if (req.method !== 'POST') return sendError(res, 405, { code: 'invalid', message: 'Use POST for API calls' });
        if (!isJsonContentType(req.headers['content-type']))
          return sendError(res, 415, { code: 'invalid', message: 'Send JSON (content-type: application/json)' });
        const text = await readBody(req);
        let body: unknown = {};
        if (text.trim()) {
          try {
            body = JSON.parse(text);
          } catch {
            return sendError(res, 400, { code: 'invalid', message: 'The request body is not valid JSON' });
          }
        }
        const value = await service.handle(decodeURIComponent(url.pathname.slice(5)), body);
        return send(res, 200, value ?? null, security);
      }

      if (url.pathname.startsWith('/files/')) {
        if (!authorised(req)) return refuseUnauthorised(req, res, 'Missing or wrong token', security);
        const rel = url.pathname.slice('/files/'.length).split('/').map(decodeURIComponent);
        if (rel.some((s) => s === '..' || s === '' || s.includes('/') || s.includes('\\') || s.includes('\0')))
          return sendError(res, 400, { code: 'invalid', message: 'Bad file path' });
        const root = await realpath(service.artifactsDir);
        let file: string;
        try {
          file = await realpath(join(root, ...rel));
        } catch {
          return sendError(res, 404, { code: 'not-found', message: 'No such file' });
        }
        if (!file.startsWith(root + sep) || extname(file) !== '.png') return sendError(res, 404, { code: 'not-found', message: 'No such file' });
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'private, no-store', ...security });
        return res.end(await readFile(file));
      }

      if (await serveCalendarFeed(service, req, res, url.pathname, security)) return;

      if (req.method !== 'GET') return sendError(res, 405, { code: 'invalid', message: 'Method not allowed' });
      // The UI shell itself is public (it holds no data); everything it shows comes through /api.
      const root = resolve(o.rendererDir);
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = resolve(root, rel);
      if (!file.startsWith(root + sep)) return sendError(res, 404, { code: 'not-found', message: 'Not found' });
      try {
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, ...security });
        return res.end(data);
      } catch {
        if (rel === 'index.html')
          return send(res, 503, { error: { code: 'internal', message: 'The UI is not built yet: run `npm run build:renderer`.' } });
        return sendError(res, 404, { code: 'not-found', message: 'Not found' });
      }
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, STATUS[err.code], err.toBody());
      if (err instanceof BodyTooLarge) return sendError(res, 413, { code: 'invalid', message: err.message });
      if (err instanceof URIError) return sendError(res, 400, { code: 'invalid', message: 'Bad percent-encoding in the address' });
      // Internal details stay in the log; the client gets a generic message.
      console.error('lanebot http:', err instanceof Error ? err.message : err);
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Internal error' });
      else res.end();
    }
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  service.setWeb({ origin, token });
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const r of sse) r.end();
        service.setWeb(undefined);
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
