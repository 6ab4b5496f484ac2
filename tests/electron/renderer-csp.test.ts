// The built renderer loads under the exact CSP header the lanebot:// protocol handler sends, in real
// Chromium: served by the handler itself (behind a loopback HTTP adapter, since Electron is not
// available here), with a preload-like window.lanebot. No CSP violation may occur while the app
// renders, and an injected inline script must be blocked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppHandler } from '../../electron/shell/app-protocol';

const root = resolve(import.meta.dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
let server: Server;
let origin: string;
let browser: Browser;

/** Runs in the page before any app script, like the preload: a canned LanebotApi plus a violation log. */
function preloadLike() {
  const w = window as unknown as Record<string, unknown>;
  const violations: { directive: string; blocked: string }[] = [];
  w.__violations = violations;
  document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, ...(e.sample ? { sample: e.sample } : {}), source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` } as never));
  const today = new Date().toISOString().slice(0, 10);
  const profile = {
    id: 'alex',
    name: 'Alex',
    enabled: true,
    timeZone: 'Europe/London',
    runDate: today,
    targetDate: today,
    tonightDue: true,
    lights: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({ weekday, state: weekday === 'sat' ? 'green' : 'grey', label: weekday === 'sat' ? 'booked' : 'not booked' })),
    attemptTimes: ['00:01', '00:10'],
    line: 'Alex · Sat 5 Dec · booked 00:00:01 ✓',
  };
  const settings = {
    ollamaHost: 'http://127.0.0.1:11434',
    model: 'qwen2.5:7b',
    modelTimeoutMs: 90000,
    numCtx: 8192,
    showBrowser: false,
    autostart: true,
    notifications: { booked: true, gaveUp: true, permanent: true },
    catchUpWindowMinutes: 60,
    httpPort: 0,
  };
  const ok = { ok: true, message: 'fine' };
  const answers: Record<string, unknown> = {
    'status.get': { now: new Date().toISOString(), paused: false, running: false, profiles: [profile], notices: [], overall: 'ok' },
    'profiles.list': [],
    'attempts.list': [],
    'settings.get': settings,
    'models.list': { reachable: true, models: ['qwen2.5:7b'], message: '' },
    'health.get': {
      ollama: { ...ok, models: ['qwen2.5:7b'], host: settings.ollamaHost },
      browser: { ...ok, path: '/usr/bin/chromium' },
      awake: ok,
      secrets: { ...ok, protection: 'keychain' },
      dataDir: '/home/al/.config/lanebot',
      transport: 'ipc',
    },
    'profiles.preview': [],
  };
  w.lanebot = {
    transport: 'ipc',
    call: async (method: string) => {
      if (method in answers) return answers[method];
      throw { code: 'not-found', message: `no canned answer for ${method}` };
    },
    subscribe: () => () => {},
    screenshotUrl: (p: string) => `lanebot-file://artifacts/${encodeURIComponent(p)}`,
  };
}

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    // Not skipped: build the renderer the way npm start would.
    const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'pipe', encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`npm run build:renderer failed:\n${r.stdout}\n${r.stderr}`);
  }
  const handler = createAppHandler(rendererDir);
  server = createServer(async (req, res) => {
    // Same handler as protocol.handle('lanebot', …): the URL is rewritten onto the app scheme.
    const response = await handler(new Request(`lanebot://app${req.url ?? '/'}`, { method: req.method }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe('renderer under the app CSP', () => {
  it('renders with no CSP violations, and blocks an injected inline script', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    try {
      const page = await context.newPage();
      const consoleCsp: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(preloadLike);
      const response = await page.goto(`${origin}/index.html`, { waitUntil: 'networkidle', timeout: 20_000 });
      expect(response!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      // The React app actually mounted (a blocked bundle would leave #root empty).
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 15_000 });
      await page.waitForTimeout(300);
      mkdirSync(join(root, 'test-output', 'electron'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-output', 'electron', 'renderer-under-csp.png') });
      const during = await page.evaluate(() => (window as unknown as { __violations: { blocked: string }[] }).__violations);
      const hint = during.some((v) => v.blocked === 'eval')
        ? "zod 4 probes `new Function('')` unless configured: call z.config({ jitless: true }) in the renderer's entry before any schema runs"
        : 'CSP violations while the app rendered';
      expect(during, hint + JSON.stringify(during)).toEqual([]);
      expect(consoleCsp).toEqual([]);
      expect(pageErrors).toEqual([]);

      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = '(window).__inlineRan = true;';
        document.body.appendChild(s);
      });
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
      const violations = await page.evaluate(() => (window as unknown as { __violations: { directive: string; blocked: string }[] }).__violations);
      // Reported once per policy in force (the header and the page's own meta tag); each says inline was blocked.
      expect(violations.length).toBeGreaterThan(0);
      for (const v of violations) expect(v).toMatchObject({ directive: 'script-src-elem', blocked: 'inline' });
    } finally {
      await context.close();
    }
  }, 60_000);
});
