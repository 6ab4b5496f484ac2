// @vitest-environment happy-dom
// History: filters go to attempts.list, and an attempt opens to its reason in words, steps,
// timings, model usage, the bookings seen before and after, and its screenshots.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../../shared/contract';
import type { Attempt } from '../../shared/schemas';
import { App } from '../../renderer/src/App';
import { createFakeApi } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const FAILED: Attempt = {
  id: 'att-9',
  profileId: 'alex',
  profileName: 'Alex',
  trigger: 'schedule',
  slot: '00:10',
  runDate: '2026-11-28',
  targetDate: '2026-12-05',
  startedAt: '2026-11-28T00:10:00.000Z',
  endedAt: '2026-11-28T00:10:42.000Z',
  outcome: 'failed',
  failure: { kind: 'transient', code: 'slot-taken', message: 'Lane 3 at 07:00 was taken before Lanebot could confirm.' },
  summary: 'Not booked: every lane at 07:00 and 08:00 was taken. Lanebot tries again at 00:20.',
  steps: [
    { index: 0, phase: 'book', action: { type: 'navigate', url: 'https://pool.example.com/book' }, ok: true, startedAt: '2026-11-28T00:10:01Z', durationMs: 900, screenshot: 'att-9/step-1.png' },
    { index: 1, phase: 'book', action: { type: 'click', ref: 'e31' }, target: 'Lane 3 07:00', ok: false, message: 'The slot shows “Full”', startedAt: '2026-11-28T00:10:05Z', durationMs: 1500, modelMs: 1100, screenshot: 'att-9/step-2.png' },
  ],
  timings: { precheck: 3200, book: 30_500, verify: 4100 },
  usage: { calls: 6, promptTokens: 9120, evalTokens: 410, modelMs: 14_200 },
  precheck: { found: false, method: 'rule', url: 'https://pool.example.com/my', seen: [{ date: '2026-12-01', time: '07:00', lane: '2', text: 'Tue 1 Dec 07:00 Lane 2' }] },
  verification: { found: false, method: 'rule', url: 'https://pool.example.com/my', seen: [], screenshot: 'att-9/verify.png' },
  screenshots: ['att-9/step-1.png', 'att-9/step-2.png', 'att-9/verify.png'],
  via: 'model',
};

const summary = (a: Attempt): AttemptSummary => {
  const { steps, ...rest } = a;
  return { ...rest, stepCount: steps.length };
};

describe('history', () => {
  it('filters by profile and outcome through attempts.list', async () => {
    const api = createFakeApi({
      'profiles.list': () => [{ id: 'alex', name: 'Alex' } as never, { id: 'sam', name: 'Sam' } as never],
      'attempts.list': (r) => (r.outcome === 'verified' ? [] : [summary(FAILED)]),
    });
    window.location.hash = '#/history';
    renderWithApi(<App api={api} />, api);
    const row = await screen.findByRole('row', { name: /Alex/ });
    expect(within(row).getByText(/Failed/)).toBeTruthy();
    expect(within(row).getByText(/every lane at 07:00 and 08:00 was taken/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('option', { name: 'Sam' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'sam' } });
    await waitFor(() => expect(api.calls.at(-1)).toEqual({ method: 'attempts.list', request: { profileId: 'sam', limit: 200 } }));
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'verified' } });
    await waitFor(() => expect(api.calls.at(-1)).toEqual({ method: 'attempts.list', request: { profileId: 'sam', outcome: 'verified', limit: 200 } }));
    expect(await screen.findByText('No attempts match these filters.')).toBeTruthy();
  });

  it('opens an attempt with its reason, steps, usage, evidence and screenshots', async () => {
    const api = createFakeApi({ 'attempts.get': () => FAILED });
    window.location.hash = '#/history/att-9';
    renderWithApi(<App api={api} />, api);
    expect(await screen.findByRole('heading', { name: 'Why it failed' })).toBeTruthy();
    expect(screen.getByText('Not booked: every lane at 07:00 and 08:00 was taken. Lanebot tries again at 00:20.')).toBeTruthy();
    expect(screen.getByText('Lane 3 at 07:00 was taken before Lanebot could confirm.')).toBeTruthy();
    expect(screen.getByText(/A temporary problem: a later attempt may well succeed/)).toBeTruthy();
    expect(screen.getByText('6 calls · 9,120 prompt tokens · 410 generated · 14.2 s')).toBeTruthy();
    const steps = screen.getByRole('region', { name: 'Steps (2)' });
    expect(within(steps).getByText('navigate')).toBeTruthy();
    expect(within(steps).getByText('The slot shows “Full”')).toBeTruthy();
    expect(within(steps).getByLabelText('failed')).toBeTruthy();
    const pre = screen.getByRole('region', { name: 'Pre-check' });
    expect(pre.textContent).toContain('no booking for Sat 5 Dec');
    expect(pre.textContent).toContain('Tue 1 Dec · 07:00 · lane 2');
    const shots = screen.getByRole('region', { name: 'Screenshots (3)' });
    expect(within(shots).getAllByRole('img').map((i) => i.getAttribute('src'))).toEqual(['/files/att-9/step-1.png', '/files/att-9/step-2.png', '/files/att-9/verify.png']);
  });
});
