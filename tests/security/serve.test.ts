// `lanebot serve` as a user runs it (bin/lanebot.mjs, a fresh LANEBOT_HOME, the most permissive
// umask): the data folder and every file in it are private, the printed token is the only way in,
// the built renderer it serves runs under its CSP in real Chromium with no violation while an
// injected inline script, inline handler and eval are refused, and after a real booking (fake
// Ollama, demo venue) the password is in secrets.json only — not in any other file, the output,
// or an API answer. The API token reaches no other server on 127.0.0.1 (it travels in a header, not
// a cookie, which would go to every port). Token/Host/Origin/traversal details are in tests/service/http.test.ts, the
// Electron app's CSP in tests/electron/renderer-csp.test.ts; this file covers the shipped command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../electron/service/api/http';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MEMBER = DEMO_MEMBERS[0]!;
let base: string;
let home: string;
let serve: ChildProcess;
let output = '';
let url: URL;
let token: string;
let venue: Venue;
let fake: FakeOllama;
let browser: Browser | undefined;
const answers: string[] = [];

async function api(method: string, body: unknown = {}): Promise<any> {
  const r = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await r.text();
  answers.push(text);
  if (!r.ok) throw new Error(`${method}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/** Every path under dir (files and folders), with its permission bits. */
function walk(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue; // a browser lock symlink may point nowhere
    out.push({ path: p, mode: st.mode & 0o777, dir: e.isDirectory() });
    if (e.isDirectory()) out.push(...walk(p));
  }
  return out;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer is not built: `npm test` builds it first (npm run build:renderer).');
  base = mkdtempSync(join(tmpdir(), 'lanebot-serve-sec-'));
  home = join(base, 'fresh', 'lanebot'); // does not exist yet: serve creates it
  venue = await startVenue({ layout: 'cards', testMode: true });
  fake = await startFakeOllama({ behaviour: competent() });
  // umask 000: any file created without an explicit mode would come out world-readable.
  serve = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, join(ROOT, 'bin', 'lanebot.mjs'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, LANEBOT_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout!.on('data', (d) => (output += String(d)));
  serve.stderr!.on('data', (d) => (output += String(d)));
  const printed = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in 45 s:\n${output}`)), 45_000);
    const look = () => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    serve.stdout!.on('data', look);
    serve.once('exit', (c) => fail(new Error(`serve exited ${c}:\n${output}`)));
  });
  url = new URL(printed);
  token = url.hash.slice('#token='.length);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) serve.kill('SIGKILL');
  await venue?.close();
  await fake?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('lanebot serve on a fresh home', () => {
  it('creates the data folder 0700 and its files 0600 even under umask 000; service.json (it holds the token) included', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const entries = walk(home);
    for (const name of ['lanebot.json', 'service.json']) expect(entries.find((e) => e.path === join(home, name))?.mode, name).toBe(0o600);
    for (const e of entries) expect(e.mode & 0o077, `${relative(home, e.path)} is ${e.mode.toString(8)}`).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')).token).toBe(token);
  });

  it('listens on loopback only, and the API refuses a request without the printed token', async () => {
    expect(url.hostname).toBe('127.0.0.1');
    const r = await fetch(`${url.origin}/api/status.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('serves the built renderer under the strict CSP; it renders with no violation, and injected script is refused', async () => {
    const shell = await fetch(`${url.origin}/`);
    expect(shell.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Refused to/.test(m.text())) refused.push(m.text());
    });
    await page.goto(url.href);
    await page.getByRole('heading', { name: 'No profiles yet' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(refused).toEqual([]);

    // What an XSS would try: an inline <script>, an inline handler, eval. Each must be refused by the CSP.
    const attempts = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const s = document.createElement('script');
      s.textContent = 'window.__inline = true';
      document.body.append(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handler = true');
      img.src = 'data:,not-an-image';
      document.body.append(img);
      // String code run later by the page itself (eval called from here would be exempt: DevTools evaluation bypasses CSP).
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
      await new Promise((r) => setTimeout(r, 300));
      return { inline: w.__inline === true, handler: w.__handler === true, evalRan: w.__evalRan === true, violations: (w.__violations as string[]).length };
    });
    expect(attempts).toMatchObject({ inline: false, handler: false, evalRan: false });
    expect(attempts.violations).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('the token reaches only Lanebot’s own origin: after using the UI, another server on 127.0.0.1 visited in the same browser gets no credential', async () => {
    // Issue 13, item 3. Another local program's web server (a dev server, a printer page…).
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const other = createHttpServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title><img src="/pixel.png"><script src="/app.js"></script>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const apiAnswers: number[] = [];
      page.on('response', (r) => {
        if (r.url().startsWith(`${url.origin}/api/`)) apiAnswers.push(r.status());
      });
      await page.goto(url.href);
      await page.getByRole('heading', { name: 'No profiles yet' }).waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: /History/ }).first().click().catch(() => undefined);
      await page.waitForTimeout(500);
      // The UI really used the API with its credential (answers, not 401s).
      expect(apiAnswers.length).toBeGreaterThan(0);
      expect(apiAnswers.every((st) => st === 200)).toBe(true);
      // Now the same browser visits the other server, and a page there fetches from itself.
      await page.goto(`${otherOrigin}/`);
      await page.evaluate(async () => void (await fetch('/api/status.get', { method: 'POST', credentials: 'include' }).catch(() => undefined)));
      await page.waitForTimeout(300);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      for (const r of seen) {
        expect(r.headers.cookie, `cookie sent to ${otherOrigin}${r.url}`).toBeUndefined();
        expect(JSON.stringify(r.headers), `token sent to ${otherOrigin}${r.url}`).not.toContain(token);
        expect(r.url).not.toContain(token);
      }
      // Nothing is left that a browser would send elsewhere: no cookie at all, nor the token in Lanebot's address.
      expect(await context.cookies()).toEqual([]);
      await page.goto(url.origin + '/');
      expect(page.url()).not.toContain(token);
    } finally {
      await context.close();
      await new Promise((r) => other.close(r));
    }
  }, 60_000);

  it('after a real booking through the API, the password is only in secrets.json (0600), and the new folders are private', async () => {
    await api('settings.save', { ollamaHost: fake.host, browserPath: '/usr/bin/chromium', modelTimeoutMs: 5000 });
    const on = { book: true };
    const p = await api('profiles.save', {
      profile: {
        name: 'Alex',
        venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
        instructions: 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}; otherwise any lane at 07:00.',
        weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
        verification: { time: '07:00' },
      },
      secrets: { username: MEMBER.username, password: MEMBER.password },
    });
    const { attemptId } = await api('book.now', { profileId: p.id });
    let a: any;
    for (let i = 0; i < 120; i++) {
      a = await api('attempts.get', { id: attemptId });
      if (a.outcome !== 'running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(a.outcome, a.summary).toBe('verified');
    expect(venue.bookings().filter((b) => b.member === MEMBER.username)).toHaveLength(1);
    await api('profiles.list');
    await api('status.get');

    const entries = walk(home);
    expect(entries.find((e) => e.path === join(home, 'secrets.json'))?.mode).toBe(0o600);
    // Issue 13, item 9: under umask 000, everything Lanebot wrote is private by its own mode (0600 files,
    // 0700 folders), not only through its parent folder: the attempt's artifacts folder, the screenshots
    // Playwright wrote, the browser profile Chromium filled (cookies, Login Data…), the store and its secrets.
    expect(entries.some((e) => e.path.includes(join(home, 'artifacts', attemptId)) && e.path.endsWith('.png'))).toBe(true);
    expect(entries.some((e) => e.path.startsWith(join(home, 'browser-profiles', p.id, 'Default')) && !e.dir)).toBe(true);
    for (const e of entries) expect(e.mode & 0o077, `${relative(home, e.path)} is ${e.mode.toString(8)}`).toBe(0);
    for (const e of entries) expect(e.mode & 0o777, `${relative(home, e.path)} is ${e.mode.toString(8)}`).toBe(e.dir ? 0o700 : 0o600);
    for (const e of entries) {
      if (e.dir || e.path === join(home, 'secrets.json')) continue;
      expect(readFileSync(e.path).toString('latin1').includes(MEMBER.password), `password in ${relative(home, e.path)}`).toBe(false);
      expect(relative(home, e.path)).not.toContain(MEMBER.password);
    }
    expect(readFileSync(join(home, 'secrets.json'), 'utf8')).toContain(MEMBER.password);
    for (const t of answers) expect(t).not.toContain(MEMBER.password);
    expect(output).not.toContain(MEMBER.password);
  }, 120_000);

  it('`lanebot status` reads the same home beside the running service, without the password; SIGTERM then stops serve cleanly', async () => {
    const st = spawnSync(process.execPath, [join(ROOT, 'bin', 'lanebot.mjs'), 'status'], { cwd: ROOT, env: { ...process.env, LANEBOT_HOME: home }, encoding: 'utf8', timeout: 30_000 });
    expect(st.status, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/Alex/);
    expect(st.stdout + st.stderr).not.toContain(MEMBER.password);
    const exited = new Promise<number | null>((ok) => serve.once('exit', (c) => ok(c)));
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'service.json'))).toBe(false);
    expect(output).not.toContain(MEMBER.password);
  }, 60_000);
});
