// @vitest-environment happy-dom
// The cancellation watch in the renderer: the profile form's watch settings round-trip to the
// service's ProfileInput and are checked before Save (including "ends after the last attempt"),
// Today says when the next check is and how the watch is going, and History shows a night's
// compacted watch record with its check count.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type AttemptSummary, type ProfileView } from '../../shared/contract';
import type { Attempt, ProfileInput } from '../../shared/schemas';
import { App } from '../../renderer/src/App';
import { formFromProfile, toInput, validate } from '../../renderer/src/lib/profile-form';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, HEALTH, profileStatus, profileView, SETTINGS, statusView, type FakeApi } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const PROFILE = profileView({
  venue: { startUrl: 'https://pool.example/', allowedOrigins: ['https://pool.example'], timeZone: 'Europe/Berlin', daysAhead: 7 },
  attemptTimes: ['00:01', '00:10', '00:40'],
  watch: { enabled: true, everyMinutes: 20, until: '06:30' },
});

const field = (key: string) => document.querySelector<HTMLElement>(`[data-field="${key}"]`)!;
const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const watchBox = () => screen.getByRole('checkbox', { name: /Watch for cancellations after the night’s attempts/ }) as HTMLInputElement;

function setupForm(initial?: ProfileView, over: Partial<FakeApi['handlers']> = {}) {
  const api = createFakeApi({
    'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
    'settings.get': () => SETTINGS,
    'profiles.preview': () => [],
    'profiles.list': () => (initial ? [initial] : []),
    'profiles.save': (r) => ({ ...PROFILE, ...(r.profile as object) }) as ProfileView,
    ...over,
  });
  renderWithApi(<ProfileForm {...(initial ? { initial } : {})} />, api);
  return api;
}

function fillValid() {
  type('Name', 'Alex');
  type('Venue start page', 'https://pool.example.com/login');
  type('Instructions', 'Log in with {{username}} / {{password}}. Book lane 3 at 07:00 on {date}.');
  fireEvent.click(screen.getByRole('button', { name: /^Saturday/ }));
}

function savedWatch(api: FakeApi) {
  const req = api.calls.find((c) => c.method === 'profiles.save')!.request as { profile: ProfileInput };
  return req.profile.watch;
}

describe('profile form: cancellation watch', () => {
  it('round-trips the watch settings between a profile and the service’s input', () => {
    expect(toInput(formFromProfile(PROFILE)).watch).toEqual(PROFILE.watch);
    const off = { ...PROFILE, watch: { enabled: false, everyMinutes: 45, until: '03:00' } };
    expect(toInput(formFromProfile(off)).watch).toEqual(off.watch);
  });

  it('shows a saved watch, sends the edited values, and hides the settings when off', async () => {
    const api = setupForm(PROFILE);
    expect(watchBox().checked).toBe(true);
    expect((screen.getByLabelText('Check every (minutes)') as HTMLInputElement).value).toBe('20');
    expect((screen.getByLabelText('Until (venue time)') as HTMLInputElement).value).toBe('06:30');
    expect(screen.getByText(/Each check is a booking attempt: with a learned recipe it needs no model, and\s+nothing is booked twice/)).toBeTruthy();
    type('Check every (minutes)', '30');
    type('Until (venue time)', '07:15');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    expect(savedWatch(api)).toEqual({ enabled: true, everyMinutes: 30, until: '07:15' });

    fireEvent.click(watchBox());
    expect(screen.queryByLabelText('Check every (minutes)')).toBeNull();
    expect(screen.queryByLabelText('Until (venue time)')).toBeNull();
  });

  it('starts off for a new profile and sends the watch once ticked', async () => {
    const api = setupForm();
    expect(watchBox().checked).toBe(false);
    expect(screen.queryByLabelText('Check every (minutes)')).toBeNull();
    fillValid();
    fireEvent.click(watchBox());
    expect((screen.getByLabelText('Check every (minutes)') as HTMLInputElement).value).toBe('15');
    type('Until (venue time)', '09:00');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    expect(savedWatch(api)).toEqual({ enabled: true, everyMinutes: 15, until: '09:00' });
  });

  it('refuses a watch that ends before the last attempt time, naming the field', async () => {
    const api = setupForm();
    fillValid();
    fireEvent.click(watchBox());
    type('Until (venue time)', '00:30');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Cancellation watch: until');
    const message = 'The watch starts after the last attempt time (00:40), so it must end later than that';
    expect(summary.textContent).toContain(message);
    expect(within(field('watch.until')).getByText(message)).toBeTruthy();
    expect(screen.getByLabelText('Until (venue time)').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(false);
    // Same rule as the service: equal to the last attempt time is not later either.
    expect(validate({ ...formFromProfile(PROFILE), watch: { enabled: true, everyMinutes: '15', until: '00:40' } }).errors['watch.until']).toBe(message);
  });

  it('checks the interval with the service’s schema, keyed watch.everyMinutes', async () => {
    const api = setupForm();
    fillValid();
    fireEvent.click(watchBox());
    type('Check every (minutes)', '3');
    fireEvent.blur(screen.getByLabelText('Check every (minutes)'));
    expect(within(field('watch.everyMinutes')).getByText('Check at most every 5 minutes')).toBeTruthy();
    type('Check every (minutes)', 'ten');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(field('watch.everyMinutes')).findByText('Enter a whole number of minutes between 5 and 240, like 15')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('Cancellation watch: check every');
    expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(false);
    // Switched off, the hidden bad value neither blocks the save nor reaches the service.
    fireEvent.click(watchBox());
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    expect(savedWatch(api)).toEqual({ enabled: false, everyMinutes: 15, until: '22:00' });
  });

  it('shows the service’s watch.until error next to the field', async () => {
    setupForm(PROFILE, {
      'profiles.save': () => {
        throw new ApiError('invalid', 'watch.until: too early', { 'profile.watch.until': 'The watch starts after the last attempt time (05:00), so it must end later than that' });
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await within(field('watch.until')).findByText('The watch starts after the last attempt time (05:00), so it must end later than that')).toBeTruthy();
  });
});

describe('Today: cancellation watch', () => {
  function setup(over: Parameters<typeof profileStatus>[0]) {
    const api = createFakeApi({
      'status.get': () => statusView({ profiles: [profileStatus(over)] }),
      'health.get': () => HEALTH,
      'settings.get': () => SETTINGS,
    });
    render(<App api={api} />);
  }

  it('counts down to the next cancellation check and says how the watch is going', async () => {
    setup({
      nextAttempt: { at: '2026-11-28T21:00:00.000Z', time: '21:00', runDate: '2026-11-28', targetDate: '2026-12-05', kind: 'watch' },
      watch: { everyMinutes: 15, until: '22:00', checks: 4, active: true },
    });
    await screen.findByText('Alex');
    const info = document.querySelector('.info-box')!;
    expect(info.textContent).toMatch(/Tonight’s run books Sat 5 Dec: next cancellation check at 21:00 — in 11 min 0[45] s/);
    expect(info.textContent).not.toContain('next attempt');
    expect(within(info as HTMLElement).getByText('Watching for a cancellation every 15 min until 22:00 · 4 checks so far')).toBeTruthy();
  });

  it('announces a watch that starts after tonight’s attempts, with the usual countdown', async () => {
    setup({ watch: { everyMinutes: 15, until: '22:00', checks: 0, active: false } });
    await screen.findByText('Alex');
    const info = document.querySelector('.info-box')!;
    expect(info.textContent).toContain('Tonight’s run books Sun 6 Dec: next attempt 00:01');
    expect(within(info as HTMLElement).getByText('Cancellation watch on: after the last attempt (00:40), every 15 min until 22:00')).toBeTruthy();
  });
});

describe('History: compacted watch record', () => {
  const WATCH: Attempt = {
    id: 'att-w',
    profileId: PROFILE.id,
    profileName: 'Alex',
    trigger: 'watch',
    slot: '03:40',
    runDate: '2026-11-29',
    targetDate: '2026-12-06',
    startedAt: '2026-11-29T02:40:00.000Z',
    endedAt: '2026-11-29T02:40:20.000Z',
    outcome: 'failed',
    failure: { kind: 'transient', code: 'slot-taken', message: 'Lane 3 at 07:00 is still full.' },
    summary: 'Watching for a cancellation: 12 checks since 00:55, nothing matching is free yet. Last check: Lane 3 at 07:00 is still full. Next check at 03:55; the watch ends at 06:30.',
    steps: [],
    timings: {},
    screenshots: [],
    // 23:55 UTC is 00:55 in Berlin, the venue's zone.
    watch: { checks: 12, since: '2026-11-28T23:55:00.000Z' },
  };
  const { steps: _steps, ...rest } = WATCH;
  const SUMMARY: AttemptSummary = { ...rest, stepCount: 0 };

  it('shows the check count in the list and, in venue time, since when in the detail', async () => {
    const api = createFakeApi({
      'profiles.list': () => [PROFILE],
      'attempts.list': () => [SUMMARY],
      'attempts.get': () => WATCH,
    });
    window.location.hash = '#/history';
    renderWithApi(<App api={api} />, api);
    const row = await screen.findByRole('row', { name: /Alex/ });
    expect(within(row).getByText('Cancellation watch · 12 checks')).toBeTruthy();
    window.location.hash = '#/history/att-w';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByText('12 checks since 00:55')).toBeTruthy();
    expect(screen.getByText('Checks').tagName).toBe('DT');
  });
});
