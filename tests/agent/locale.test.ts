// The agent's browser speaks the venue's language and lives in its time zone (not headless Chromium's en-US and
// this machine's zone): a site that follows Accept-Language answers in the language its dates are read in.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { down } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { removeDir, tempDir } from './helpers';

let server: Server;
let origin: string;
let fake: FakeOllama;
let dir: string;
const seen: { lang?: string; js?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/report')) {
      seen.push({ js: decodeURIComponent(req.url.split('?')[1] ?? '') });
      res.end();
      return;
    }
    seen.push({ lang: String(req.headers['accept-language'] ?? '') });
    res.setHeader('content-type', 'text/html; charset=utf-8');
    // The page reports what its scripts see, then shows an empty bookings list in German.
    res.end(`<!doctype html><html lang="de"><body><main><h1>Meine Buchungen</h1><p>Keine Buchungen vorhanden.</p></main>
<script>fetch('/report?' + encodeURIComponent(navigator.language + '|' + Intl.DateTimeFormat().resolvedOptions().timeZone));</script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = await startFakeOllama({ behaviour: down });
  dir = await tempDir('locale');
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await fake.close();
  await removeDir(dir);
});

it('asks for the venue’s language and runs the page in the venue’s time zone', async () => {
  const session = await openSession({
    venue: { startUrl: `${origin}/`, allowedOrigins: [origin], bookingsUrl: `${origin}/konto`, timeZone: 'Europe/Berlin', locale: 'de-DE' },
    secrets: { names: [], resolve: async () => undefined },
    model: { host: fake.host, model: 'x', timeoutMs: 2000, numCtx: 4096, keepAlive: '1m' },
    browser: { executablePath: '/usr/bin/chromium', headless: true },
    artifactsDir: dir,
  });
  try {
    const v = await session.verify({ date: '2026-12-08' });
    expect(v.status).toBe('not-found');
    expect(v.reason).toMatch(/no bookings/);
  } finally {
    await session.close();
  }
  expect(seen.find((s) => s.lang !== undefined)?.lang).toMatch(/^de-DE/);
  expect(seen.find((s) => s.js !== undefined)?.js).toBe('de-DE|Europe/Berlin');
});
