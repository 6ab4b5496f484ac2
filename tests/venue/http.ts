// The venue's HTTP plumbing shared by every site: the request context, cookies, forms and responses whose
// Date header comes from the venue clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { esc } from './html';
import type { Session, VenueState } from './state';
import type { VenueRequest } from './types';

export const SESSION_COOKIE = 'rlc_session';
export const CONSENT_COOKIE = 'cookie_consent';
const MAX_BODY = 64 * 1024;

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  path: string;
  method: string;
  arrivedMs: number;
  cookies: Record<string, string>;
  session?: Session;
  log: Partial<VenueRequest>;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function send(state: VenueState, ctx: Ctx, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  const buf = Buffer.from(body);
  // Set last thing before writing so the header reflects the venue clock when the response leaves.
  ctx.res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(buf.length),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    ...headers,
    Date: state.clock.httpDate(),
  });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : buf);
}

export function sendJson(state: VenueState, ctx: Ctx, status: number, data: unknown): void {
  send(state, ctx, status, JSON.stringify(data), { 'Content-Type': 'application/json; charset=utf-8' });
}

export function redirect(state: VenueState, ctx: Ctx, location: string, headers: Record<string, string | string[]> = {}): void {
  send(state, ctx, 303, `<!doctype html><p>See <a href="${esc(location)}">${esc(location)}</a></p>`, { Location: location, ...headers });
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
}

export async function readBody(ctx: Ctx): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'The form was too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(ctx: Ctx): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(ctx));
}

/** Only same-site relative paths, so `next` can never send a member to another origin. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

