// @vitest-environment happy-dom
// The Today view: every light state carries words (not colour alone), the countdown, Book now
// with step-by-step progress from events, notices, pause, and health fixes.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { WeekdayLights, LIGHT_TEXT } from '../../renderer/src/components/WeekdayLights';
import type { Light } from '../../shared/contract';
import { createFakeApi, HEALTH, profileStatus, SETTINGS, statusView } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('weekday lights', () => {
  it('gives each state its own words and icon, plus the last success time', () => {
    const lights = profileStatus().lights;
    render(<WeekdayLights lights={lights} timeZone="Europe/London" />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(7);
    const byDay = (d: string) => items.find((li) => li.dataset.weekday === d)!;
    expect(within(byDay('tue')).getByText('Booked')).toBeTruthy();
    expect(byDay('tue').textContent).toContain('✓');
    expect(byDay('tue').textContent).toContain('Last success');
    expect(within(byDay('tue')).getByText('Tue 24 Nov, 00:01:05')).toBeTruthy();
    expect(within(byDay('fri')).getByText('Not booked yet')).toBeTruthy();
    expect(byDay('fri').textContent).toContain('!');
    expect(byDay('fri').textContent).toContain('No success yet');
    expect(within(byDay('mon')).getByText('Not due')).toBeTruthy();
    expect(within(byDay('sat')).getByText('Booking now')).toBeTruthy();
    // The four states read differently even with colour removed.
    expect(new Set(Object.values(LIGHT_TEXT)).size).toBe(4);
  });

  it('shows the timestamp in the venue time zone, not the viewer’s', () => {
    const l: Light = { weekday: 'sat', state: 'green', label: 'booked', last: { at: '2026-07-04T23:01:05.000Z', runDate: '2026-07-05', targetDate: '2026-07-12', attemptId: 'x', how: 'booked', evidence: '' } };
    render(<WeekdayLights lights={[l]} timeZone="Europe/Berlin" />);
    expect(screen.getByText('Sun 5 Jul, 01:01:05')).toBeTruthy();
  });
});

describe('Today view', () => {
  function setup(over = {}) {
    const api = createFakeApi({
      'status.get': () => statusView(over),
      'health.get': () => HEALTH,
      'settings.get': () => SETTINGS,
      'book.now': () => ({ attemptId: 'att-1', joined: false }),
      'attempts.get': () => {
        throw new Error('not yet');
      },
      'notices.dismiss': () => ({ ok: true }),
      'pause.set': (r) => statusView({ paused: r.tonight }),
    });
    render(<App api={api} />);
    return api;
  }

  it('explains tonight’s run, counts down to the next attempt and shows health fixes', async () => {
    setup();
    await screen.findByText('Alex');
    const info = document.querySelector('.info-box')!;
    expect(info.textContent).toContain('Tonight’s run (Sun 29 Nov) books Sun 6 Dec; attempts at 00:01, 00:10, 00:20, 00:30 and 00:40 (Europe/London time)');
    // status.now is 20:48:55Z, next attempt 00:01Z: 3 h 12 min 05 s (±1 s of ticking).
    expect(info.textContent).toMatch(/in 3 h 12 min 0[45] s/);
    await screen.findByText(/Turn off sleep while plugged in/);
    expect(screen.getByText(/asleep or off cannot book/)).toBeTruthy();
  });

  it('Book now streams steps and screenshots as they arrive, then the outcome', async () => {
    const api = setup({ profiles: [profileStatus({ lights: profileStatus().lights.map((l) => (l.state === 'running' ? { ...l, state: 'red' as const } : l)) })] });
    fireEvent.click(await screen.findByRole('button', { name: 'Book now' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'book.now')).toBe(true));
    const summary = { id: 'att-1', profileId: 'alex', profileName: 'Alex', trigger: 'book-now' as const, runDate: '2026-11-28', targetDate: '2026-12-05', startedAt: '2026-11-28T20:49:00Z', outcome: 'running' as const, summary: '', timings: {}, screenshots: [], stepCount: 0 };
    act(() => api.emit({ type: 'attempt-started', attempt: summary }));
    expect(await screen.findByText(/Waiting for the first step/)).toBeTruthy();
    act(() =>
      api.emit({
        type: 'attempt-step',
        attemptId: 'att-1',
        profileId: 'alex',
        step: { index: 0, phase: 'book', action: { type: 'click', ref: 'e12' }, target: 'Lane 3 07:00', ok: true, startedAt: '2026-11-28T20:49:01Z', durationMs: 1200, modelMs: 800, screenshot: 'attempts/att-1/step 1.png' },
      }),
    );
    const progress = await screen.findByRole('region', { name: /Progress: Booking Sat 5 Dec/ });
    expect(within(progress).getByText('click')).toBeTruthy();
    expect(within(progress).getByText('Lane 3 07:00')).toBeTruthy();
    expect(within(progress).getByText(/Running · step 1/)).toBeTruthy();
    const img = within(progress).getAllByRole('img')[0] as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('/files/attempts/att-1/step%201.png');
    act(() => api.emit({ type: 'attempt-finished', attempt: { ...summary, outcome: 'failed', summary: 'The venue said the password is wrong. Fix it in Profiles.', failure: { kind: 'permanent', code: 'bad-login', message: 'Wrong password' }, stepCount: 1 } }));
    expect(await within(progress).findByText('The venue said the password is wrong. Fix it in Profiles.')).toBeTruthy();
    expect(within(progress).getByText(/Failed/)).toBeTruthy();
    // Finished attempts fold their steps away; they open again on request and link to History.
    expect(within(progress).queryByText('click')).toBeNull();
    fireEvent.click(within(progress).getByRole('button', { name: 'Show 1 step' }));
    expect(within(progress).getByText('click')).toBeTruthy();
    expect(within(progress).getByRole('link', { name: 'In History' }).getAttribute('href')).toBe('#/history/att-1');
  });

  it('dismisses notices and toggles the pause', async () => {
    const api = setup({ notices: [{ id: 'n1', level: 'error', message: 'Alex: wrong password, stopped for tonight', at: '2026-11-28T00:02:00Z' }] });
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss: Alex: wrong password, stopped for tonight' }));
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'notices.dismiss', request: { id: 'n1' } }));
    fireEvent.click(screen.getByRole('switch', { name: /Pause tonight/ }));
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'pause.set', request: { tonight: true } }));
  });

  it('tells the user to open the printed link when the service answers 401', async () => {
    const api = createFakeApi({});
    const { ApiError } = await import('../../shared/contract');
    api.handlers['status.get'] = () => {
      throw new ApiError('unauthorized', 'Missing token');
    };
    render(<App api={api} />);
    expect(await screen.findByText(/Open Lanebot from the link printed by `lanebot serve`/)).toBeTruthy();
  });
});
