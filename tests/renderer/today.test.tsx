// @vitest-environment happy-dom
// The Today view: each light names its date and says its state in one text (not colour alone), the
// coming run with its countdown, Book now with a date (warning before a switched-off weekday) and
// step-by-step progress, the verified bookings ahead with the venue's link, the calendar feed,
// notices, the pause, health fixes, and the compact Today of the tray's companion window.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { WeekdayLights } from '../../renderer/src/components/WeekdayLights';
import type { Light } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { createFakeApi, HEALTH, profileStatus, SETTINGS, statusView, type Handlers } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const byDay = (d: string) => document.querySelector<HTMLElement>(`.light[data-weekday="${d}"]`)!;

describe('weekday lights', () => {
  it('each light names its date and says its state in one text, with an icon per kind', () => {
    render(<WeekdayLights lights={profileStatus().lights} timeZone="Europe/London" today="2026-11-28" />);
    expect(screen.getAllByRole('listitem')).toHaveLength(7);
    const dates = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => byDay(d).querySelector('.light__date')!.textContent);
    expect(dates).toEqual(['30 Nov', '1 Dec', '2 Dec', '3 Dec', '4 Dec', '5 Dec', '29 Nov']);
    expect(byDay('tue').querySelector('.light__state')!.textContent).toBe('Booked 07:00, lane 3');
    expect(byDay('mon').querySelector('.light__state')!.textContent).toBe('Day off');
    expect(byDay('thu').querySelector('.light__state')!.textContent).toBe('Skipped');
    expect(byDay('fri').querySelector('.light__state')!.textContent).toBe('Not booked');
    expect(byDay('sat').querySelector('.light__state')!.textContent).toBe('Booking now…');
    // One text per light: no stack of grey lines saying the same thing three ways.
    for (const li of screen.getAllByRole('listitem')) expect(li.querySelectorAll('.light__state')).toHaveLength(1);
    expect(document.body.textContent).not.toMatch(/No success yet|Not due|Not booked on this day/);
    const icons = new Set(['tue', 'mon', 'thu', 'fri', 'sat'].map((d) => byDay(d).querySelector('.light__dot')!.textContent));
    expect(icons.size).toBe(5);
  });

  it('the weekday the coming night books names that date too', () => {
    render(<WeekdayLights lights={profileStatus().lights} timeZone="Europe/London" today="2026-11-28" />);
    expect(byDay('sun').querySelector('.light__next')!.textContent).toBe('Tonight → Sun 6 Dec');
    expect(document.querySelectorAll('.light__next')).toHaveLength(1);
  });

  it('says who made a booking and when, in the venue’s time zone', () => {
    const l: Light = {
      weekday: 'sun',
      state: 'green',
      kind: 'booked',
      label: 'Booked',
      targetDate: '2026-07-12',
      booking: { date: '2026-07-12', at: '2026-07-04T23:01:05.000Z', attemptId: 'x', how: 'booked', trigger: 'book-now' },
    };
    render(<WeekdayLights lights={[l]} timeZone="Europe/Berlin" today="2026-07-05" />);
    expect(byDay('sun').title).toBe('Sun 12 Jul: Booked (verified Sun 5 Jul, 01:01, made by Book now)');
  });
});

describe('Today view', () => {
  function setup(over = {}, handlers: Handlers = {}) {
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
      ...handlers,
    });
    render(<App api={api} />);
    return api;
  }

  it('says which date the coming run books, counts down to it and shows health fixes', async () => {
    setup();
    await screen.findByText('Alex');
    const info = document.querySelector('.info-box')!;
    // status.now is 20:48:55Z, next attempt 00:01Z: 3 h 12 min 05 s (±1 s of ticking).
    expect(info.textContent).toMatch(/Tonight’s run books Sun 6 Dec: next attempt 00:01 — in 3 h 12 min 0[45] s/);
    expect(info.textContent).toContain('Attempts at 00:01, 00:10, 00:20, 00:30 and 00:40, Europe/London time.');
    expect(info.textContent).toContain('Skipping Thu 3 Dec');
    await screen.findByText(/Turn off sleep while plugged in/);
    expect(screen.getByText(/asleep or off cannot book/)).toBeTruthy();
  });

  it('lists the verified bookings ahead with a link to the venue’s bookings page', async () => {
    setup();
    const upcoming = await screen.findByRole('region', { name: 'Upcoming bookings' });
    expect(within(upcoming).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['✓ Tue 1 Dec · 07:00, lane 3 · booked at night, verified at the venue']);
    expect(within(upcoming).getByRole('link', { name: /Your bookings at the venue/ }).getAttribute('href')).toBe('https://pool.example/my-bookings');
  });

  it('shows the calendar feed’s address when the service has one, and nothing when it has none', async () => {
    setup({}, { 'calendar.info': () => ({ url: 'http://127.0.0.1:4611/calendar/s3cr3t.ics' }) });
    const card = await screen.findByRole('region', { name: 'Your calendar' });
    expect(within(card).getByRole('link').getAttribute('href')).toBe('http://127.0.0.1:4611/calendar/s3cr3t.ics');
    cleanup();
    const api = setup({}, { 'calendar.info': () => Promise.reject(new ApiError('not-found', 'This Lanebot cannot publish a calendar feed yet.')) });
    await screen.findByText('Alex');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'calendar.info')).toBe(true));
    expect(screen.queryByRole('region', { name: 'Your calendar' })).toBeNull();
  });

  it('Book now picks the next date the profile books by default, and streams the attempt', async () => {
    const api = setup({ profiles: [profileStatus({ lights: profileStatus().lights.map((l) => (l.state === 'running' ? { ...l, state: 'red' as const, kind: 'not-booked' as const, label: 'Not booked' } : l)) })] });
    fireEvent.click(await screen.findByRole('button', { name: 'Book now' }));
    const select = screen.getByLabelText('Book which date?') as HTMLSelectElement;
    // Today (Sat 28 Nov) to the furthest date the venue opens (Sat 5 Dec).
    expect([...select.options].map((o) => o.value)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
    expect(select.value).toBe('2026-11-29');
    expect(screen.queryByRole('status', { name: /switched off/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Book Sun 29 Nov' }));
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'book.now', request: { profileId: 'alex', targetDate: '2026-11-29' } }));
    const summary = { id: 'att-1', profileId: 'alex', profileName: 'Alex', trigger: 'book-now' as const, runDate: '2026-11-28', targetDate: '2026-11-29', startedAt: '2026-11-28T20:49:00Z', outcome: 'running' as const, summary: '', timings: {}, screenshots: [], stepCount: 0 };
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
    const progress = await screen.findByRole('region', { name: /Progress: Booking Sun 29 Nov/ });
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

  it('Book now warns before a switched-off weekday, a skipped date or a booked one, and books the date picked', async () => {
    const api = setup({ profiles: [profileStatus({ runningAttemptId: undefined, lights: profileStatus().lights.filter((l) => l.state !== 'running') })] });
    fireEvent.click(await screen.findByRole('button', { name: 'Book now' }));
    const select = screen.getByLabelText('Book which date?');
    fireEvent.change(select, { target: { value: '2026-11-30' } });
    expect(screen.getByText('⚠ Mon is switched off for this profile; book Mon 30 Nov anyway?')).toBeTruthy();
    fireEvent.change(select, { target: { value: '2026-12-03' } });
    expect(screen.getByText(/You chose to skip Thu 3 Dec; book it anyway\?/)).toBeTruthy();
    fireEvent.change(select, { target: { value: '2026-12-01' } });
    expect(screen.getByText(/Tue 1 Dec is already booked and verified/)).toBeTruthy();
    fireEvent.change(select, { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Book Mon 30 Nov anyway' }));
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'book.now', request: { profileId: 'alex', targetDate: '2026-11-30' } }));
  });

  it('dismisses notices, and the pause switch and its caption say the same thing', async () => {
    const api = setup({ notices: [{ id: 'n1', level: 'error', message: 'Alex: wrong password, stopped for tonight', at: '2026-11-28T00:02:00Z' }] });
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss: Alex: wrong password, stopped for tonight' }));
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'notices.dismiss', request: { id: 'n1' } }));
    const pause = screen.getByRole('switch', { name: 'Pause tonight’s run' });
    expect(screen.getByText('Not paused: tonight’s run books at its attempt times.')).toBeTruthy();
    fireEvent.click(pause);
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'pause.set', request: { tonight: true } }));
  });

  it('paused, it says until tonight’s run is over, with the end time in the app’s format', async () => {
    setup({ paused: true }, { 'settings.get': () => ({ ...SETTINGS, pausedUntil: '2026-11-29T01:40:00.000Z' }) });
    const caption = await screen.findByText(/^Paused until/);
    expect(caption.textContent).toMatch(/^Paused until tonight’s run is over \(Sun 29 Nov, \d\d:\d\d\); then it resumes by itself\. Book now still works\.$/);
    expect((screen.getByRole('switch', { name: 'Pause tonight’s run' }) as HTMLInputElement).checked).toBe(true);
  });

  it('compact (the tray’s companion window): the profiles and one line for what needs attention', async () => {
    window.location.hash = '#/today?compact=1';
    setup();
    await screen.findByText('Alex');
    expect(await screen.findByText(/Staying awake needs attention/)).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open Lanebot' }).getAttribute('href')).toBe('#/today');
    expect(screen.queryByRole('heading', { name: 'Can Lanebot book tonight?' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'How Lanebot books' })).toBeNull();
    expect(document.querySelector('.today--compact .lights')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Book now' })).toBeTruthy();
  });

  it('tells the user to open the printed link when the service answers 401, without literal backticks', async () => {
    const api = createFakeApi({});
    api.handlers['status.get'] = () => {
      throw new ApiError('unauthorized', 'Missing token');
    };
    render(<App api={api} />);
    const banner = await screen.findByRole('alert');
    await waitFor(() => expect(banner.textContent).toContain('Open Lanebot from the link printed by lanebot serve.'));
    expect(banner.textContent).not.toContain('`');
    expect(banner.querySelector('code')?.textContent).toBe('lanebot serve');
  });
});
