// "Needs you": on the demo venue, a captcha (its provider's frame blocked by confinement), a bot check, a waiting
// room (en/de/fr) or a code sent by e-mail stops the session at once with a 'needs-you' failure, nothing booked and
// nothing "solved"; a person who takes over in the hand-over browser (headless here, driven like a person) passes
// the check and Lanebot then books and verifies. Judged by the venue's ground truth.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSession, type NeedsYouInfo } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import type { HumanCheckKind } from '../venue/index';
import { GOAL, MEMBER, sessionOptions, TARGET, useAgentFixture } from './helpers';

const t = useAgentFixture('needs-you', { behaviour: competent() });
const want = { date: TARGET, time: '07:00', lane: '3' };
const mine = () => t.venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt);
const passes = () => t.venue.requests().filter((r) => r.method === 'POST' && (r.path === '/gate/pass' || r.path === '/login/code'));
let closeLater: (() => Promise<void>) | undefined;
afterEach(async () => { await closeLater?.(); closeLater = undefined; });

describe('a check only a person can pass stops the booking', { timeout: 60_000 }, () => {
  it.each<[HumanCheckKind, 'en' | 'de' | 'fr', string, RegExp]>([
    ['recaptcha', 'en', 'captcha', /reCAPTCHA/],
    ['hcaptcha', 'en', 'captcha', /hCaptcha/],
    ['turnstile', 'en', 'captcha', /Turnstile/],
    ['bot-check', 'de', 'bot-check', /Ihr Browser wird überprüft/],
    ['waiting-room', 'fr', 'waiting-room', /file d’attente/],
  ])('%s (%s) → needs you, no retries, nothing booked', async (kind, lang, expectKind, words) => {
    t.venue.setFaults({ humanCheck: { kind, lang } });
    const asked: NeedsYouInfo[] = [];
    const session = await openSession({ ...sessionOptions(t.venue, t.fake, t.dir), onNeedsYou: async (info) => { asked.push(info); return 'gave-up'; } });
    closeLater = () => session.close();
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure?.kind, r.failure?.message).toBe('needs-you');
    expect(r.failure?.code).toBe('human-check');
    expect(r.failure?.message).toMatch(words);
    expect(r.claimedDone).toBe(false);
    // Told once, with what and where; the check page was never "solved" by Lanebot, and nothing was booked.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ kind: expectKind, phase: 'book' });
    expect(asked[0]!.url).toContain(t.venue.origin);
    expect(passes()).toHaveLength(0);
    expect(mine()).toEqual([]);
    // The model saw the check page at most never: the stop comes before the model is asked about it.
    const checkPrompts = t.fake.requests.filter((q) => q.path === '/api/chat' && /robot|human|Mensch|humain|file d’attente|Warteschlange/.test(q.raw));
    expect(checkPrompts).toHaveLength(0);
    if (kind !== 'bot-check' && kind !== 'waiting-room') {
      // The widget's third-party frame never loaded: confinement blocked it, and the widget still gave it away.
      expect(session.blockedRequests().some((b) => !b.url.startsWith(t.venue.origin))).toBe(true);
    }
  });

  it('a code "sent by e-mail" after the password stops the pre-check (verify) as needs you', async () => {
    t.venue.setFaults({ humanCheck: { kind: 'email-code' } });
    const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    closeLater = () => session.close();
    const v = await session.verify(want);
    expect(v.found).toBe(false);
    expect(v.failure).toMatchObject({ kind: 'needs-you', code: 'one-time-code' });
    expect(v.failure?.message).toMatch(/verification code/);
    expect(passes()).toHaveLength(0);
    // One password submit only.
    expect(t.venue.requests().filter((r) => r.method === 'POST' && r.path === '/login')).toHaveLength(1);
  });
});

describe('take over: a person passes the check in the hand-over browser, then Lanebot books and verifies', { timeout: 120_000 }, () => {
  /** What a person does: ticks the box and presses the button. */
  const person = async (p: unknown) => {
    const page = p as Page;
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: /continue|weiter|continuer/i }).click();
  };

  it('reCAPTCHA on the booking page', async () => {
    t.venue.setFaults({ humanCheck: { kind: 'recaptcha' } });
    const asked: NeedsYouInfo[] = [];
    const session = await openSession({
      ...sessionOptions(t.venue, t.fake, t.dir),
      onNeedsYou: async (info) => { asked.push(info); return info.takeOver({ headless: true, timeoutMs: 60_000, person }); },
    });
    closeLater = () => session.close();
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure, r.failure?.message).toBeUndefined();
    expect(r.claimedDone).toBe(true);
    const v = await session.verify(want);
    expect(v.found).toBe(true);
    expect(asked).toHaveLength(1);
    // Ground truth: the person passed the check once, and Lanebot's session then booked exactly once.
    expect(passes()).toHaveLength(1);
    expect(mine().map((b) => [b.date, b.time, b.lane])).toEqual([[TARGET, '07:00', 3]]);
  });

  it('an e-mailed code at login (the person reads their inbox and types it)', async () => {
    t.venue.setFaults({ humanCheck: { kind: 'email-code' } });
    const session = await openSession({
      ...sessionOptions(t.venue, t.fake, t.dir),
      onNeedsYou: (info) => info.takeOver({
        headless: true,
        timeoutMs: 60_000,
        person: async (p) => {
          const page = p as Page;
          await page.getByLabel('Verification code').fill(t.venue.sentCode(MEMBER.username)!);
          await page.getByRole('button', { name: 'Verify' }).click();
        },
      }),
    });
    closeLater = () => session.close();
    const pre = await session.verify(want);
    expect(pre.failure, pre.failure?.message).toBeUndefined();
    expect(pre.found).toBe(false);
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure, r.failure?.message).toBeUndefined();
    expect((await session.verify(want)).found).toBe(true);
    expect(mine()).toHaveLength(1);
  });

  it('nobody comes: the hand-over gives up in time and nothing is booked', async () => {
    t.venue.setFaults({ humanCheck: { kind: 'turnstile' } });
    const session = await openSession({ ...sessionOptions(t.venue, t.fake, t.dir), onNeedsYou: (info) => info.takeOver({ headless: true, timeoutMs: 2_500 }) });
    closeLater = () => session.close();
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure?.kind).toBe('needs-you');
    expect(mine()).toEqual([]);
  });
});
