// Confinement with real Chromium: links, redirects, subresources, frames and model navigation never reach
// another origin; secrets are typed only on allowed origins; findBrowser explains how to fix a missing browser.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, findBrowser, openSession, type SessionOptions } from '../../agent/index';
import { refOf, scripted } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { removeDir, tempDir } from './helpers';
import { startSite, type Site } from './site';

let site: Site;
let spy: Site;
let fake: FakeOllama;
let dir: string;

beforeAll(async () => {
  spy = await startSite({});
  const s = spy.origin;
  site = await startSite({
    '/': `<h1>Venue</h1>
      <a href="${s}/leak?via=link">Leak link</a>
      <a href="/redirect">Redirect link</a>
      <a href="/inside">Inside link</a>
      <img src="${s}/pixel.png" alt="">
      <iframe title="ad" src="${s}/frame"></iframe>
      <script>fetch('${s}/beacon').catch(() => {}); new Image().src = '/img-redirect';</script>`,
    '/redirect': (_req, res) => { res.writeHead(302, { location: `${s}/landing?via=redirect` }); res.end(); },
    '/img-redirect': (_req, res) => { res.writeHead(302, { location: `${s}/img?via=subresource-redirect` }); res.end(); },
    '/framed': '<h1>Framed</h1><iframe title="booking widget" src="/widget"></iframe><dialog open><p>Cookies?</p><button onclick="this.parentElement.close()">Fine</button></dialog>',
    '/widget': '<form action="/widget-done"><label>Name <input name="n"></label><button>Reserve in frame</button></form>',
    '/widget-done': '<p role="status">Reserved inside the frame</p>',
    '/inside': '<h1>Inside</h1><label>Search <input type="search" name="q"></label><label>Password <input type="password" name="p"></label>',
  });
  fake = await startFakeOllama({ behaviour: scripted([]) });
  dir = await tempDir('confine');
});
afterAll(async () => {
  await site?.close();
  await spy?.close();
  await fake?.close();
  await removeDir(dir);
});
beforeEach(() => {
  spy.hits.length = 0;
});

function options(extra: Partial<SessionOptions> = {}): SessionOptions {
  const secrets: Record<string, string> = { password: 'hunter2-secret!' };
  return {
    venue: { startUrl: site.url, allowedOrigins: [site.origin], timeZone: 'Europe/London' },
    secrets: { names: ['password'], resolve: async (n) => secrets[n] },
    model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 5_000, numCtx: 8192, keepAlive: '5m' },
    browser: { executablePath: '/usr/bin/chromium' },
    artifactsDir: dir,
    ...extra,
  };
}

it('links, redirects, subresources, frames and model navigation to another origin never reach it', async () => {
  fake.setBehaviour(scripted([
    (v) => ({ action: 'click', ref: refOf(v, 'Leak link') }),
    (v) => ({ action: 'click', ref: refOf(v, 'Redirect link') }),
    () => ({ action: 'navigate', url: `${spy.origin}/navigate` }),
    () => ({ action: 'navigate', url: 'javascript:alert(1)' }),
    (v) => ({ action: 'click', ref: refOf(v, 'Inside link') }),
  ]));
  const session = await openSession(options());
  let r;
  let blocked;
  try {
    r = await session.book({ instructions: 'Book a lane.', want: { date: '2026-12-01' } });
    blocked = session.blockedRequests();
  } finally {
    await session.close();
  }
  expect(spy.hits).toEqual([]);
  const urls = blocked.map((b) => b.url);
  for (const part of ['/pixel.png', '/frame', '/beacon', '/leak?via=link', '/landing?via=redirect', '/img?via=subresource-redirect']) {
    expect(urls.some((u) => u.includes(part)), `blocked ${part}`).toBe(true);
  }
  expect(r.steps[2]).toMatchObject({ ok: false, message: expect.stringMatching(/^Navigation to http:\/\/127\.0\.0\.1:\d+ is blocked/) });
  expect(r.steps[3]).toMatchObject({ ok: false, message: expect.stringMatching(/is blocked/) });
  // After each blocked click the agent was back on the venue, and the model was told.
  expect(r.steps[4]).toMatchObject({ ok: true, target: 'link "Inside link"' });
  expect(r.finalUrl).toBe(`${site.origin}/inside`);
  expect(fake.chats().some((c) => /Navigation to http:\/\/127\.0\.0\.1:\d+ was blocked/.test(c.messages.at(-1)!.content))).toBe(true);
});

it('a password placeholder is typed only into a password field on the venue, and never shown back', async () => {
  fake.setBehaviour(scripted([
    (v) => ({ action: 'click', ref: refOf(v, 'Inside link') }),
    (v) => ({ action: 'fill', ref: refOf(v, 'Search', 'searchbox'), value: 'x {{password}}' }),
    (v) => ({ action: 'fill', ref: refOf(v, 'Password', 'textbox'), value: '{{password}}' }),
    (v) => ({ action: 'fill', ref: refOf(v, 'Search', 'searchbox'), value: '{{nosuch}}' }),
  ]));
  const logs: string[] = [];
  const session = await openSession(options({ log: (l) => logs.push(l) }));
  try {
    const r = await session.book({ instructions: 'Log in.', want: { date: '2026-12-01' } });
    expect(r.steps.map((s) => [s.ok, s.message])).toEqual([
      [true, 'clicked link "Inside link"'],
      [false, '{{password}} may only be typed into a password field.'],
      [true, 'filled textbox "Password"'],
      [false, 'Unknown secret {{nosuch}}; available: {{password}}.'],
      [true, 'model says the booking is done'],
    ]);
    expect(JSON.stringify([r, logs, fake.requests.map((q) => q.raw)])).not.toContain('hunter2-secret!');
  } finally {
    await session.close();
  }
});

it('refs inside same-origin iframes and open dialogs can be acted on', async () => {
  fake.setBehaviour(scripted([
    () => ({ action: 'navigate', url: '/framed' }),
    (v) => ({ action: 'click', ref: refOf(v, 'Fine', 'button') }),
    (v) => ({ action: 'fill', ref: refOf(v, 'Name', 'textbox'), value: 'Alex' }),
    (v) => ({ action: 'click', ref: refOf(v, 'Reserve in frame', 'button') }),
  ]));
  const session = await openSession(options());
  try {
    const r = await session.book({ instructions: 'Reserve.', want: { date: '2026-12-01' } });
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true, true]);
    expect(r.steps[2]!.action).toMatchObject({ ref: expect.stringMatching(/^f\d+e\d+$/) });
    expect(r.steps[2]!.locator).toMatch(/contentFrame|frameLocator/);
    expect(fake.chats().at(-1)!.messages.at(-1)!.content).toContain('Reserved inside the frame');
    expect(site.hits.some((h) => h.startsWith('GET /widget-done?n=Alex'))).toBe(true);
  } finally {
    await session.close();
  }
});

describe('findBrowser', () => {
  it('prefers the configured path, else an installed browser', async () => {
    expect(await findBrowser('/usr/bin/chromium')).toEqual({ path: '/usr/bin/chromium', source: 'configured' });
    const fakeDir = await tempDir('browsers');
    const exe = path.join(fakeDir, 'chrome');
    await mkdir(fakeDir, { recursive: true });
    await writeFile(exe, '#!/bin/sh\n');
    await chmod(exe, 0o755);
    expect(await findBrowser(undefined, ['/nonexistent/chrome', exe])).toEqual({ path: exe, source: 'installed' });
    await removeDir(fakeDir);
  });

  it('explains the fix when nothing is found or the configured path is wrong', async () => {
    const none = await findBrowser(undefined, ['/nonexistent/a', '/nonexistent/b']).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AgentError);
    expect(none).toMatchObject({ code: 'browser-missing', kind: 'transient' });
    expect((none as Error).message).toMatch(/sudo apt-get install chromium.*or set the browser path in Settings/);
    const wrong = await findBrowser('/opt/nope/chrome').catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'browser-missing' });
    expect((wrong as Error).message).toContain('/opt/nope/chrome');
  });

  it('openSession rejects with the same classified error', async () => {
    await expect(openSession(options({ browser: { executablePath: '/opt/nope/chrome' } }))).rejects.toMatchObject({ code: 'browser-missing' });
  });
});

it('a persistent profile keeps cookies between sessions (nights)', async () => {
  const profile = await tempDir('profile');
  const cookieSite = await startSite({
    '/': (req, res) => {
      const seen = /visited=1/.test(req.headers.cookie ?? '');
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'visited=1; Path=/; Max-Age=86400' });
      res.end(seen ? '<h1>Welcome back</h1>' : '<h1>First visit</h1>');
    },
  });
  try {
    fake.setBehaviour(scripted([]));
    const o = { ...options({ browser: { executablePath: '/usr/bin/chromium', userDataDir: profile } }), venue: { startUrl: cookieSite.url, allowedOrigins: [], timeZone: 'Europe/London' } };
    for (const expected of ['First visit', 'Welcome back']) {
      const session = await openSession(o);
      try {
        await session.book({ instructions: 'Look.', want: { date: '2026-12-01' } });
        expect(fake.chats().at(-1)!.messages.at(-1)!.content).toContain(`heading "${expected}"`);
      } finally {
        await session.close();
      }
    }
  } finally {
    await cookieSite.close();
    await removeDir(profile);
  }
});

it('a browser that dies mid-attempt ends as transient browser-crashed', async () => {
  const session = await openSession(options());
  fake.setBehaviour({
    kind: 'killer',
    reply: () => {
      // Kill the Chromium this test process launched (by pid) while the agent waits for the model.
      const ps = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
      for (const line of ps.split('\n')) {
        const [pid, comm] = line.trim().split(/\s+/);
        if (pid && comm && /chrom/i.test(comm)) process.kill(Number(pid), 'SIGKILL');
      }
      return { content: JSON.stringify({ action: 'click', ref: 'e2' }) };
    },
  });
  try {
    const r = await session.book({ instructions: 'Book.', want: { date: '2026-12-01' } });
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'browser-crashed' });
  } finally {
    await session.close();
  }
});
