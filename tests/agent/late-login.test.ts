// The model loop on a login that appears late (MRBS-like): a page has only a "Log in" button; the page it
// opens writes its form by script 700 ms after load. On the start page the built-in login follows that button
// itself before the model's first call; on a page the model reaches later, the loop waits for the form after
// the model's click and logs in deterministically (one try) — the model spends no call on waiting or typing.
// An app shell that draws its form only after a slow "who is signed in?" answer is read once it has drawn itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { scripted, refOf } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { startSite, type Site } from './site';
import { removeDir, tempDir } from './helpers';
import { gotoSettled } from '../../agent/browser/settle';
import { loginIfNeeded } from '../../agent/browser/login';
import { launchChromium } from '../venue/browser';

const LOGIN_BUTTON = `<!doctype html><title>Day view</title><form action="/admin" method="get"><button>Log in</button></form><h1>Tuesday 1 December 2026</h1>`;
const HOME = `<!doctype html><title>Pool</title><h1>City pool</h1><a href="/day">Book a lane</a>`;
const ADMIN = `<!doctype html><title>Log on</title><div id="box">Loading…</div><script>
setTimeout(function(){document.getElementById('box').innerHTML='<form method="post" action="/logon"><label>Name <input name="u"></label><label>Password <input type="password" name="p"></label><button>Log in</button></form>';},700);
</script>`;
// An app shell: nothing but "Loading…" until the server answers who is signed in (slowly), then the login form.
const SHELL = `<!doctype html><title>Club</title><div id="root">Loading…</div><script>
fetch('/api/me').then(function(r){return r.json()}).then(function(me){document.getElementById('root').innerHTML=me.user?'<p>Welcome back</p>':'<form method="post" action="/logon"><label>Member number <input name="u" autocomplete="username"></label><label>Password <input type="password" name="p"></label><button>Sign in</button></form>';});
</script>`;
const DONE = `<!doctype html><title>Day view</title><p>Welcome back</p><form action="/logout"><button>Log out</button></form><h1>Tuesday 1 December 2026</h1>`;

let site: Site;
let fake: FakeOllama;
let dir: string;
const posts: string[] = [];

beforeAll(async () => {
  site = await startSite({
    '/': HOME,
    '/day': LOGIN_BUTTON,
    '/admin': ADMIN,
    '/logon': (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posts.push(body);
        res.writeHead(303, { location: '/home' });
        res.end();
      });
    },
    '/home': DONE,
    '/shell': SHELL,
    '/api/me': (_req, res) => {
      setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"user":null}'); }, 900);
    },
  });
  fake = await startFakeOllama({
    behaviour: scripted([
      (v) => ({ action: 'click', ref: refOf(v, 'Book a lane', 'link') }),
      (v) => ({ action: 'click', ref: refOf(v, 'Log in', 'button') }),
      (v) => (/Welcome back/.test(v.snapshot) ? { action: 'done', summary: 'logged in' } : { action: 'fail', reason: `not logged in: ${v.snapshot.slice(0, 200)}` }),
    ]),
  });
  dir = await tempDir('late-login');
});
afterAll(async () => {
  await site?.close();
  await fake?.close();
  if (dir) await removeDir(dir);
});

/** A session for the member "alex" (password "pw-late-9") starting at `startUrl`. */
function openAt(startUrl: string) {
  return openSession({
    venue: { startUrl, allowedOrigins: [site.origin], timeZone: 'Europe/London' },
    secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? 'alex' : 'pw-late-9') },
    model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 5_000, numCtx: 8192, keepAlive: '30m' },
    browser: { executablePath: '/usr/bin/chromium', headless: true },
    artifactsDir: dir,
    budgets: { maxSteps: 6, maxWallMs: 60_000, maxModelMs: 30_000 },
  });
}

it('on a page the model reached: waits for the late login form after its click on "Log in", logs in once, and tells the model', async () => {
  const session = await openAt(site.url);
  try {
    const r = await session.book({ instructions: 'Log in and book Lane 3 at 07:00 on Tuesday 1 December 2026 (2026-12-01).', want: { date: '2026-12-01', time: '07:00', lane: '3' } });
    expect(r.failure, JSON.stringify(r.steps.map((s) => [s.action, s.message]))).toBeUndefined();
    expect(r.usage.calls).toBe(3);
    expect(posts).toEqual(['u=alex&p=pw-late-9']);
    const third = fake.chats()[2]!.messages.at(-1)!.content;
    expect(third).toMatch(/Lanebot logged in for you/);
    expect(third).toMatch(/Welcome back/);
    // The secret never reached the model.
    expect(JSON.stringify(fake.chats())).not.toContain('pw-late-9');
  } finally {
    await session.close();
  }
});

it.each([
  ['/day', 'on the start page: the built-in login follows "Log in" to the late form before the model’s first call'],
  ['/shell', 'on an app shell that draws its login form only after a slow "who is signed in?" answer: the built-in login waits for it and logs in before the model’s first call'],
])('%s — %s', async (path) => {
  posts.length = 0;
  const before = fake.chats().length;
  fake.setBehaviour(scripted([(v) => (/Welcome back/.test(v.snapshot) ? { action: 'done', summary: 'logged in' } : { action: 'fail', reason: 'not logged in' })]));
  const session = await openAt(`${site.origin}${path}`);
  try {
    const r = await session.book({ instructions: 'Log in and book Lane 3 at 07:00 on Tuesday 1 December 2026 (2026-12-01).', want: { date: '2026-12-01', time: '07:00', lane: '3' } });
    expect(r.failure, JSON.stringify(r.steps.map((s) => [s.action, s.message]))).toBeUndefined();
    expect(r.usage.calls).toBe(1);
    expect(posts).toEqual(['u=alex&p=pw-late-9']);
    expect(fake.chats()[before]!.messages.at(-1)!.content).toMatch(/Welcome back/);
    expect(JSON.stringify(fake.chats())).not.toContain('pw-late-9');
  } finally {
    await session.close();
  }
});

it('what replay and the release preparation do on that app shell: the page opened with gotoSettled has its form, and the login is deterministic', async () => {
  posts.length = 0;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await gotoSettled(page, `${site.origin}/shell`, 10_000);
    const outcome = await loginIfNeeded(page, { secrets: new Map([['username', 'alex'], ['password', 'pw-late-9']]), allowed: new Set([site.origin]), timeoutMs: 5_000 });
    expect(outcome).toBe('logged-in');
    expect(posts).toEqual(['u=alex&p=pw-late-9']);
    // Opened the old way (at DOMContentLoaded) the same page has no form yet: the case this guards against is real.
    await page.goto(`${site.origin}/shell`, { waitUntil: 'domcontentloaded' });
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  } finally {
    await browser.close();
  }
});
