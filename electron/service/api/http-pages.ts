// Routes of the headless HTTP transport that are not the API: the calendar feed (calendar apps
// cannot send headers, so its own per-install token is in the path) and the page a person sees
// when a browser arrives without the right token. Kept apart from http.ts, whose job is the API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { calendarIcs, upcomingBookings } from '../calendar/feed';
import { sameFeedToken } from '../calendar/token';
import type { LanebotService } from '../index';

const FEED = /^\/calendar\/([A-Za-z0-9_-]{16,128})\.ics$/;

/**
 * Serves /calendar/<feedToken>.ics and answers true, or answers false for any other path. A wrong
 * token is a plain 404 (a guess learns nothing); the Host check has already run.
 */
export async function serveCalendarFeed(service: LanebotService, req: IncomingMessage, res: ServerResponse, path: string, security: Record<string, string>): Promise<boolean> {
  if (!path.startsWith('/calendar/')) return false;
  const m = FEED.exec(path);
  const token = await service.core.feedToken();
  if (!m || (req.method !== 'GET' && req.method !== 'HEAD') || !sameFeedToken(m[1]!, token)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...security });
    res.end('Not found');
    return true;
  }
  const ics = calendarIcs(upcomingBookings(service.core.store.data, service.core.now()));
  res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': 'inline; filename="lanebot.ics"', ...security });
  res.end(req.method === 'HEAD' ? undefined : ics);
  return true;
}

/** A browser navigating (not the UI's fetch or the CLI) asks for HTML first. */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /\btext\/html\b/.test(accept) && !/^application\/json/.test(accept);
}

const AUTH_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lanebot — this link needs its key</title></head>
<body>
<main>
<h1>Lanebot needs the link with its key</h1>
<p>This address belongs to a Lanebot service, but the link you opened has no key, or an old one. The key changes each time the service starts, so links from an earlier run stop working.</p>
<p>On the machine that runs Lanebot, get the current link with:</p>
<pre><code>npx lanebot url</code></pre>
<p>and open the address it prints. Nothing was changed by this visit.</p>
</main>
</body>
</html>
`;

/** 401 for a missing or wrong token: a page for a person in a browser, the API's JSON error otherwise. */
export function refuseUnauthorised(req: IncomingMessage, res: ServerResponse, message: string, headers: Record<string, string> = {}): void {
  if (wantsHtml(req)) {
    res.writeHead(401, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      ...headers,
    });
    res.end(AUTH_PAGE);
    return;
  }
  res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error: { code: 'unauthorized', message } }));
}
