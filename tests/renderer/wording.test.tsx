// @vitest-environment happy-dom
// Wording a person can read: no failure codes, each message once (no doubled punctuation, no advice
// repeated), no literal backticks, a pre-check stopped at the login says so, bookings as dates,
// times and lanes rather than the page's raw row text, and screenshots captioned by what they show.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../../shared/schemas';
import type { HealthView } from '../../shared/contract';
import { App } from '../../renderer/src/App';
import { HealthPanel } from '../../renderer/src/components/HealthPanel';
import { StepList } from '../../renderer/src/components/StepList';
import { tidy } from '../../renderer/src/lib/text';
import { createFakeApi, HEALTH } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const LOGIN_MESSAGE = 'The venue rejected the login: "Invalid username or password.". Check the username and password in the profile; Lanebot will not try again tonight.';

const REFUSED: Attempt = {
  id: 'att-l',
  profileId: 'sam',
  profileName: 'Sam',
  trigger: 'book-now',
  runDate: '2026-12-06',
  targetDate: '2026-12-13',
  startedAt: '2026-12-06T10:52:22.150Z',
  endedAt: '2026-12-06T10:52:26.669Z',
  outcome: 'failed',
  failure: { kind: 'permanent', code: 'login-failed', message: LOGIN_MESSAGE },
  summary: `${LOGIN_MESSAGE} Fix it, then press Book now.`,
  steps: [],
  timings: { precheckMs: 1882, totalMs: 4491 },
  precheck: {
    found: false,
    method: 'rule',
    url: 'http://127.0.0.1:4610/login',
    seen: [],
    screenshot: 'att-l/2026-12-06T10-52-26-311Z-004-verify.png',
    failure: { kind: 'permanent', code: 'login-failed', message: LOGIN_MESSAGE },
  },
  screenshots: ['att-l/2026-12-06T10-52-26-311Z-004-verify.png'],
};

const ROW = 'Sunday 13 December 2026 | 07:00 | Lane 3 | Lap swimming | Cancel booking: Lane 3 at 07:00 on Sunday 13 December 2026 Cancel';
const BOOKED: Attempt = {
  id: 'att-b',
  profileId: 'alex',
  profileName: 'Alex',
  trigger: 'book-now',
  runDate: '2026-12-06',
  targetDate: '2026-12-13',
  startedAt: '2026-12-06T10:32:03.000Z',
  endedAt: '2026-12-06T10:32:08.000Z',
  outcome: 'verified',
  summary: 'Booked and verified: Sun 13 Dec 07:00, lane 3 is on the venue’s bookings page.',
  steps: [{ index: 0, phase: 'book', action: { action: 'click' }, target: 'link "Book a lane"', message: 'clicked link "Book a lane"', ok: true, startedAt: '2026-12-06T10:32:05Z', durationMs: 250 }],
  timings: {},
  precheck: { found: false, method: 'rule', url: 'http://venue/my-bookings', seen: [], screenshot: 'att-b/001-verify.png' },
  verification: {
    found: true,
    method: 'rule',
    url: 'http://venue/my-bookings',
    match: { date: '2026-12-13', time: '07:00', lane: '3', text: ROW },
    seen: [{ date: '2026-12-13', time: '07:00', lane: '3', text: ROW }],
    screenshot: 'att-b/003-verify.png',
  },
  screenshots: ['att-b/001-verify.png', 'att-b/002-book.png', 'att-b/003-verify.png'],
  via: 'model',
};

function open(a: Attempt) {
  const api = createFakeApi({ 'attempts.get': () => a });
  window.location.hash = `#/history/${a.id}`;
  renderWithApi(<App api={api} />, api);
}

describe('an attempt whose pre-check never got past the login', () => {
  it('says so, says the problem once, and names no code', async () => {
    open(REFUSED);
    await screen.findByRole('heading', { name: 'Why it failed' });
    const text = document.querySelector('main')!.textContent!;
    expect(text).not.toContain('login-failed');
    expect(text).not.toContain('".".');
    expect(text.split('Invalid username or password').length - 1).toBe(1);
    expect(text.split('tonight').length - 1).toBe(1);
    expect(screen.getByText('the venue rejected the login')).toBeTruthy();
    const pre = screen.getByRole('region', { name: 'Pre-check' });
    expect(pre.querySelector('h4')!.textContent).toBe('Pre-check: stopped at the login (the venue rejected the login)');
    expect(pre.textContent).not.toMatch(/no booking/);
    const captions = [...document.querySelectorAll('figcaption')].map((c) => c.textContent);
    expect(captions).toEqual(['Login page where the pre-check stopped', '1. Login page where the pre-check stopped']);
  });
});

describe('a verified attempt', () => {
  it('shows bookings as dates, times and lanes, and captions screenshots by what they show', async () => {
    open(BOOKED);
    await screen.findByRole('heading', { name: 'What happened' });
    const text = document.querySelector('main')!.textContent!;
    expect(text).not.toContain('Cancel booking');
    expect(text).not.toContain(' | ');
    expect(screen.getByRole('region', { name: 'Verification' }).textContent).toContain('Matching bookingSun 13 Dec · 07:00 · lane 3');
    // A pre-check that finds nothing is the normal start of a booking, not a failure.
    expect(screen.getByRole('region', { name: 'Pre-check' }).querySelector('h4')!.textContent).toBe('Pre-check: no booking for Sun 13 Dec yet, so Lanebot went on to book it');
    const gallery = screen.getByRole('region', { name: 'Screenshots (3)' });
    expect([...gallery.querySelectorAll('figcaption')].map((c) => c.textContent)).toEqual([
      '1. My bookings at the pre-check',
      '2. Booking page after Book now',
      '3. My bookings at verification',
    ]);
    expect(text).not.toMatch(/\d{4} \d\d \d\dT|verify\.png|book\.png/);
  });

  it('a step’s message that only repeats its action and target is not shown twice', () => {
    render(<StepList steps={BOOKED.steps} />);
    expect(document.body.textContent!.split('Book a lane').length - 1).toBe(1);
  });
});

describe('health panel', () => {
  it('says each thing once: the browser path, the Ollama advice, and no backticks', () => {
    const h: HealthView = {
      ...HEALTH,
      ollama: {
        ok: false,
        message: 'Ollama 0.6 is running at http://127.0.0.1:11434, but model qwen2.5:7b is not pulled: run `ollama pull qwen2.5:7b`.',
        fix: 'ollama pull qwen2.5:7b',
        models: [],
        host: 'http://127.0.0.1:11434',
      },
      browser: { ok: true, message: 'Browser: /usr/bin/chromium (from Settings)', path: '/usr/bin/chromium' },
    };
    render(<HealthPanel health={{ data: h, error: undefined, loading: false, reload: () => undefined }} />);
    const text = document.body.textContent!;
    expect(text.split('/usr/bin/chromium').length - 1).toBe(1);
    expect(text.split('ollama pull qwen2.5:7b').length - 1).toBe(1);
    expect(text.split('http://127.0.0.1:11434').length - 1).toBe(1);
    expect(text).not.toContain('`');
    expect(document.body.querySelector('code')!.textContent).toBe('ollama pull qwen2.5:7b');
  });
});

describe('tidy', () => {
  it('removes doubled punctuation left by a quoted sentence, and nothing else', () => {
    expect(tidy('rejected the login: "Invalid username or password.". Check')).toBe('rejected the login: "Invalid username or password." Check');
    expect(tidy('Done.. Next')).toBe('Done. Next');
    expect(tidy('It costs 1.5 s, e.g. now.')).toBe('It costs 1.5 s, e.g. now.');
  });
});
