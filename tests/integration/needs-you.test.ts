// "Needs you" through the whole night: the service's Runner → agent → real Chromium → demo venue, with the fake
// Ollama speaking the real API and a webhook receiving the push notifications. Each check only a person can pass
// ends the attempt as failed with kind 'needs-you', tells the user exactly once a night, and does not retry into the
// wall (the night's next attempt time tries again, once); the authenticator (TOTP) login books without its seed or
// codes reaching a prompt, a log line, the history or a file; a checkout stops before paying unless account credit
// under the profile's cap pays. Judged by the venue's ground truth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { RENDERER_DIR } from '../../electron/service/home';
import type { Attempt } from '../../shared/schemas';
import type { ProfileView, ServiceEvent } from '../../shared/contract';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type HumanCheckKind, type Venue } from '../venue/index';
import { filesUnder, removeDir, tempDir } from '../agent/helpers';
import { startReceiver, type Receiver } from '../service/fixtures/receiver';

const MEMBER = DEMO_MEMBERS[0]!;
const SEED = MEMBER.totpSecret!;
let venue: Venue;
let fake: FakeOllama;
let hook: Receiver;
let home: string;
let service: LanebotService;
let http: HttpServer;
let events: ServiceEvent[];
let logs: string[];

/** The offset that makes both clocks (the service's and the venue's) read hh:mm:05 tonight, London time. */
function nightOffset(at = '00:01'): number {
  const l = new TZDate(Date.now(), 'Europe/London');
  const [h, m] = at.split(':').map(Number) as [number, number];
  return new TZDate(l.getFullYear(), l.getMonth(), l.getDate() + 1, h, m, 5, 'Europe/London').getTime() - Date.now();
}
/** Moves both clocks to an attempt time of the same night. */
function clockAt(at: string) {
  offset = nightOffset(at);
  venue.setClock({ offsetMs: offset });
}
let offset = 0;

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true });
  fake = await startFakeOllama({ behaviour: competent() });
  hook = await startReceiver();
});
afterAll(async () => {
  await venue?.close();
  await fake?.close();
  await hook?.close();
});
beforeEach(async () => {
  venue.reset();
  offset = nightOffset();
  venue.setClock({ offsetMs: offset });
  fake.setBehaviour(competent());
  fake.requests.length = 0;
  hook.requests.length = 0;
  home = await tempDir('needs-you-night');
  const secrets = new FileSecretStore(home);
  logs = [];
  service = await createService({
    home,
    secrets,
    port: agentBookingPort({ secrets, home }),
    probes: agentProbes,
    schedule: false,
    now: () => new Date(Date.now() + offset),
    log: (l) => logs.push(l),
    // Headless (no screen): the notification says what to do; nobody is handed the page.
    handOver: false,
  });
  http = await startHttpServer(service, { rendererDir: RENDERER_DIR });
  await service.handle('settings.save', { ollamaHost: fake.host, browserPath: '/usr/bin/chromium', modelTimeoutMs: 5000, notifyWebhookUrl: hook.url('/hook') });
  events = [];
  service.subscribe((e: ServiceEvent) => events.push(e));
});
afterEach(async () => {
  await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  await http.close();
  venue.clearFaults();
  venue.setClock({ offsetMs: 0 });
  await removeDir(home);
});

async function addProfile(extra: { payment?: { allowCredit: boolean; capPerBooking: number }; totp?: string } = {}): Promise<ProfileView> {
  const on = { book: true };
  return (await service.handle('profiles.save', {
    profile: {
      name: 'Alex',
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 7 },
      instructions: 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}; otherwise any lane at 07:00.',
      weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
      verification: { time: '07:00' },
      secretNames: extra.totp ? ['username', 'password', 'totp'] : ['username', 'password'],
      ...(extra.payment ? { payment: extra.payment } : {}),
    },
    secrets: { username: MEMBER.username, password: MEMBER.password, ...(extra.totp ? { totp: extra.totp } : {}) },
  })) as ProfileView;
}

async function attemptAt(profileId: string, slot: string, runDate?: string): Promise<Attempt> {
  const r = service.core.runner.run(profileId, 'schedule', { slot, ...(runDate ? { runDate } : {}) });
  if ('skipped' in r) throw new Error(r.skipped);
  const a = await r.done;
  await service.core.notifier.settled();
  return a;
}

const live = () => venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt);
const needsYouEvents = () => events.filter((e) => e.type === 'attempt-needs-you');
const chats = () => fake.requests.filter((r) => r.path === '/api/chat');

describe('a check only a person can pass, through the Runner', { timeout: 120_000 }, () => {
  it.each<[HumanCheckKind, 'en' | 'de' | 'fr', RegExp]>([
    ['recaptcha', 'en', /reCAPTCHA/],
    ['hcaptcha', 'en', /hCaptcha/],
    ['turnstile', 'fr', /Turnstile/],
    ['bot-check', 'de', /Browser/],
    ['waiting-room', 'en', /waiting room|in line/i],
    ['email-code', 'en', /code/i],
  ])('%s (%s): needs you, told once, the next attempt time tries once more, nothing booked', async (kind, lang, words) => {
    venue.setFaults({ humanCheck: { kind, lang } });
    const p = await addProfile();
    const first = await attemptAt(p.id, '00:01');
    expect(first.outcome, first.summary).toBe('failed');
    expect(first.failure?.kind, first.failure?.message).toBe('needs-you');
    expect(first.failure?.message).toMatch(words);
    expect(first.needsYou).toMatchObject({ takeOver: 'not-offered' });
    // What happened, what to do, and when Lanebot tries again, in the attempt's own words.
    expect(first.summary).toMatch(/^Lanebot needs you: /);
    expect(first.summary).toMatch(/Open the venue’s site|Log in on the venue’s site/);
    expect(first.summary).toMatch(/Lanebot tries again at 00:10\./);
    // No retry storm: one attempt ran the check once (one pass through the wall per phase at most), and the model
    // was asked at most the few steps before the wall.
    const walls = () => venue.requests().filter((r) => /^\/(book|timetable|wizard|api\/slots)/.test(r.path)).length;
    const firstWalls = walls();
    expect(firstWalls).toBeGreaterThanOrEqual(kind === 'email-code' ? 0 : 1);
    expect(firstWalls).toBeLessThanOrEqual(3);
    expect(chats().length).toBeLessThanOrEqual(3);

    // The night's next attempt time tries again once: still there, still needs you, not told a second time.
    clockAt('00:10');
    const second = await attemptAt(p.id, '00:10', first.runDate);
    expect(walls() - firstWalls).toBeLessThanOrEqual(3);
    expect(second.failure?.kind).toBe('needs-you');
    expect(second.summary).toMatch(/Lanebot tries again at 00:20\./);
    const attempts = service.core.store.data.attempts.filter((a) => a.profileId === p.id && a.runDate === first.runDate);
    expect(attempts).toHaveLength(2);

    // Exactly one notification for the night, on every channel the service has: the event and the webhook.
    expect(needsYouEvents()).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0]!.body) as { title: string; message?: string; body?: string; url?: string };
    expect(JSON.stringify(body)).toMatch(/needs you/i);
    expect(JSON.stringify(body)).toContain(first.id);
    // 0 false successes: nothing verified, nothing in the ledger, nothing at the venue, no check "passed".
    expect(service.core.store.data.attempts.filter((a) => a.outcome === 'verified')).toHaveLength(0);
    expect(service.core.store.data.ledger[p.id]).toBeUndefined();
    expect(live()).toEqual([]);
    expect(venue.requests().filter((r) => r.outcome === 'passed-check')).toHaveLength(0);
    const light = (await service.status()).profiles[0]!.lights.find((l) => l.runDate === first.runDate);
    expect(light?.state).not.toBe('green');
    // Today shows it: what, what to do, and the attempt to open.
    const shown = (await service.status()).profiles[0]!.needsYou;
    expect(shown?.attemptId).toBe(second.id);
    expect(shown?.summary).toMatch(/^Lanebot needs you: /);
  });
});

describe('two-factor codes through the Runner', { timeout: 120_000 }, () => {
  it('the authenticator login books and verifies; seed and codes are in no prompt, log, history or artifact', async () => {
    venue.setFaults({ twoFactor: true });
    const started = Date.now();
    const p = await addProfile({ totp: SEED });
    const a = await attemptAt(p.id, '00:01');
    expect(a.outcome, a.summary).toBe('verified');
    expect(venue.requests().some((q) => q.path === '/login/2fa' && q.outcome === 'second-step')).toBe(true);
    expect(live().map((b) => [b.date, b.time])).toEqual([[a.targetDate, '07:00']]);
    const codes = new Set<string>();
    for (let e = Math.floor(started / 1000) - 60; e <= Math.floor(Date.now() / 1000) + 60; e += 30) codes.add(generateSync({ secret: SEED, epoch: e }));
    const haystacks = [
      readFileSync(join(home, 'lanebot.json'), 'utf8'),
      JSON.stringify(events),
      logs.join('\n'),
      ...chats().map((r) => r.raw),
      ...hook.requests.map((r) => r.body),
      ...(await filesUnder(home)).filter((f) => !f.name.endsWith('secrets.json') && !f.name.includes('browser-profiles')).flatMap((f) => [f.name, f.content]),
    ];
    expect(chats().length).toBeGreaterThan(0);
    expect(haystacks.join('').length).toBeGreaterThan(1000);
    for (const h of haystacks) {
      expect(h).not.toContain(SEED);
      for (const c of codes) expect(h.includes(c), `code ${c} leaked`).toBe(false);
    }
  });
});

describe('the payment guard through the Runner (price 4, credit 20)', { timeout: 120_000 }, () => {
  const bookingPosts = () => venue.requests().filter((r) => r.method === 'POST' && /checkout|pay/.test(r.path));

  it('by default the checkout stops before paying: needs you, nothing paid, nothing booked', async () => {
    venue.setFaults({ payment: { price: 4 } });
    const p = await addProfile();
    const a = await attemptAt(p.id, '00:01');
    expect(a.failure?.kind, a.summary).toBe('needs-you');
    expect(a.needsYou?.kind).toBe('payment');
    expect(a.summary).toMatch(/allow paying from your account credit/);
    expect(venue.payments()).toEqual([]);
    expect(live()).toEqual([]);
    expect(venue.credit(MEMBER.username)).toBe(20);
    expect(hook.requests).toHaveLength(1);
  });

  it('account credit under the cap books and verifies (paid 4 from credit)', async () => {
    venue.setFaults({ payment: { price: 4 } });
    const p = await addProfile({ payment: { allowCredit: true, capPerBooking: 5 } });
    const a = await attemptAt(p.id, '00:01');
    expect(a.outcome, a.summary).toBe('verified');
    expect(venue.payments().map((x) => [x.method, x.amount])).toEqual([['credit', 4]]);
    expect(live().map((b) => [b.date, b.time])).toEqual([[a.targetDate, '07:00']]);
    expect(bookingPosts().length).toBeGreaterThan(0);
  });

  it('over the cap it stops before paying', async () => {
    venue.setFaults({ payment: { price: 4 } });
    const p = await addProfile({ payment: { allowCredit: true, capPerBooking: 3 } });
    const a = await attemptAt(p.id, '00:01');
    expect(a.failure?.kind, a.summary).toBe('needs-you');
    expect(a.failure?.message).toMatch(/3/);
    expect(venue.payments()).toEqual([]);
    expect(live()).toEqual([]);
  });
});

describe('take over in the desktop app (a display): the person passes the check, the same attempt books and verifies', { timeout: 120_000 }, () => {
  it('reCAPTCHA on the booking page: told once that a window is open, resumed, verified at the venue', async () => {
    // A service like the desktop app's: hand-over on, the "visible" browser launched headless with a scripted person.
    await service.shutdown({ abortRunning: true, timeoutMs: 0 });
    await http.close();
    const secrets = new FileSecretStore(home);
    const person = async (p: unknown) => {
      const page = p as Page;
      await page.getByRole('checkbox').check();
      await page.getByRole('button', { name: /continue/i }).click();
    };
    service = await createService({
      home,
      secrets,
      port: agentBookingPort({ secrets, home, takeOver: { headless: true, timeoutMs: 60_000, person } }),
      probes: agentProbes,
      schedule: false,
      now: () => new Date(Date.now() + offset),
      log: (l) => logs.push(l),
      handOver: true,
    });
    http = await startHttpServer(service, { rendererDir: RENDERER_DIR });
    events = [];
    service.subscribe((e: ServiceEvent) => events.push(e));
    venue.setFaults({ humanCheck: { kind: 'recaptcha' } });
    const p = await addProfile();
    const a = await attemptAt(p.id, '00:01');
    expect(a.outcome, a.summary).toBe('verified');
    expect(a.needsYou).toMatchObject({ kind: 'captcha', takeOver: 'resumed' });
    const told = needsYouEvents();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ takeOver: true });
    expect(hook.requests).toHaveLength(2); // "needs you, a window is open" at once, then "booked"
    expect(hook.requests[0]!.body).toMatch(/browser window is open/);
    // Ground truth: the person passed the check once, and the attempt then booked exactly once.
    expect(venue.requests().filter((r) => r.outcome === 'passed-check')).toHaveLength(1);
    expect(live().map((b) => [b.date, b.time])).toEqual([[a.targetDate, '07:00']]);
  });
});
