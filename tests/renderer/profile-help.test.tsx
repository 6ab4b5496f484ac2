// @vitest-environment happy-dom
// A profile form that helps: no weekday on until the user picks one (and Save says so), the
// verification time and lane suggested from the instructions, a searchable time zone picker, number
// inputs, dates typed as yyyy-MM-dd and read back in the app's words, dates to skip, Teach disabled
// with its reason on a machine without a display, Duplicate, and a heading that follows the save.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import type { ProfileInput } from '../../shared/schemas';
import { App } from '../../renderer/src/App';
import { searchZones, timeZones } from '../../renderer/src/components/TimeZonePicker';
import { suggestVerification } from '../../renderer/src/lib/suggest';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, HEALTH, profileView, SETTINGS, type FakeApi, type Handlers } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const value = (label: RegExp | string) => (screen.getByLabelText(label) as HTMLInputElement).value;

function handlers(over: Handlers = {}): Handlers {
  // Like the service: a saved profile is in the list from then on.
  const profiles = [profileView()];
  return {
    'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
    'settings.get': () => SETTINGS,
    'health.get': () => HEALTH,
    'profiles.preview': () => [],
    'profiles.list': () => profiles,
    'profiles.save': (r) => {
      const p = profileView({ ...(r.profile as object), id: (r.profile as { id?: string }).id ?? 'new-1', secretsSaved: {} } as Partial<ProfileView>);
      profiles.splice(0, profiles.length, ...profiles.filter((x) => x.id !== p.id), p);
      return p;
    },
    ...over,
  };
}

function setup(initial?: ProfileView, over: Handlers = {}) {
  const api = createFakeApi(handlers(over));
  renderWithApi(<ProfileForm {...(initial ? { initial } : {})} />, api);
  return api;
}

const saved = (api: FakeApi) => (api.calls.filter((c) => c.method === 'profiles.save').at(-1)?.request as { profile: ProfileInput; secrets?: Record<string, string> } | undefined);

function fillBasics() {
  type('Name', 'Alex');
  type('Venue start page', 'https://pool.example.com/login');
  type('Instructions', 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}. If Lane 3 is taken, any lane at 08:00.');
}

describe('new profile', () => {
  it('books no weekday until the user picks one, and Save says so', async () => {
    const api = setup();
    const days = screen.getAllByRole('button', { pressed: false }).filter((b) => /day/.test(b.textContent ?? ''));
    expect(days).toHaveLength(7);
    expect(screen.queryAllByRole('button', { pressed: true })).toHaveLength(0);
    fillBasics();
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Days Pick at least one day to book');
    expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /^Tuesday/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(saved(api)).toBeTruthy());
    expect(Object.entries(saved(api)!.profile.weekdays).filter(([, d]) => d.book).map(([k]) => k)).toEqual(['tue']);
  });

  it('suggests the verification time and lane from the instructions; what the user types wins', () => {
    setup();
    fillBasics();
    expect(value('Start time (optional)')).toBe('07:00');
    expect(value('Lane, court or resource (optional)')).toBe('3');
    expect(screen.getAllByText('Suggested from your instructions; change it if it is not right.')).toHaveLength(2);
    type('Instructions', 'Book court B at 18:30 on {date}');
    expect([value('Start time (optional)'), value('Lane, court or resource (optional)')]).toEqual(['18:30', 'B']);
    type('Lane, court or resource (optional)', '5');
    type('Instructions', 'Book lane 2 at 09:00 on {date}');
    expect([value('Start time (optional)'), value('Lane, court or resource (optional)')]).toEqual(['18:30', '5']);
    expect(screen.queryByText(/Suggested from your instructions/)).toBeNull();
  });

  it('reads the first choice only, and no time out of a date', () => {
    expect(suggestVerification('Book Lane 3 at 07:00 on {date}')).toEqual({ time: '07:00', lane: '3' });
    expect(suggestVerification('On 05.12.2026 book court 2 at 7.30; otherwise lane 4 at 08:00')).toEqual({ time: '07:30', lane: '2' });
    expect(suggestVerification('Book any lane on {date}')).toEqual({});
  });

  it('has number inputs for days ahead and the watch’s minutes', () => {
    setup();
    const days = screen.getByLabelText('Days ahead') as HTMLInputElement;
    expect([days.type, days.min, days.max, days.value]).toEqual(['number', '0', '60', '7']);
    fireEvent.click(screen.getByRole('checkbox', { name: /Watch for cancellations/ }));
    const every = screen.getByLabelText('Check every (minutes)') as HTMLInputElement;
    expect([every.type, every.min, every.max]).toEqual(['number', '5', '240']);
  });
});

describe('time zone picker', () => {
  it('finds zones by any part of the name, and picks with the mouse or the keyboard', () => {
    expect(timeZones().length).toBeGreaterThan(300);
    expect(searchZones(timeZones(), 'new york')[0]).toBe('America/New_York');
    setup();
    const input = screen.getByLabelText('Venue time zone');
    expect(input.getAttribute('role')).toBe('combobox');
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'new york' } });
    const list = screen.getByRole('listbox', { name: 'Time zones' });
    const option = within(list).getAllByRole('option')[0]!;
    expect(option.textContent).toMatch(/^America\/New York UTC-[45]$/);
    fireEvent.mouseDown(option);
    expect(value('Venue time zone')).toBe('America/New_York');
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(input, { target: { value: 'kolk' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(value('Venue time zone')).toBe('Asia/Kolkata');
  });
});

describe('dates in the app’s own words', () => {
  it('“Runs from” is typed as yyyy-MM-dd and read back as “Tue 1 Dec 2026”', () => {
    setup();
    const from = screen.getByLabelText('Runs from') as HTMLInputElement;
    expect(from.type).toBe('text');
    fireEvent.change(from, { target: { value: '2026-12-01' } });
    expect(document.getElementById('preview-from-read')!.textContent).toBe('Tue 1 Dec 2026');
    fireEvent.change(from, { target: { value: '12/1/2026' } });
    expect(document.getElementById('preview-from-read')!.textContent).toBe('Use a date like 2026-12-05 (year-month-day)');
    fireEvent.change(from, { target: { value: '2026-02-31' } });
    expect(document.getElementById('preview-from-read')!.textContent).toBe('2026-02-31 is not a real date');
  });

  it('the learned recipe’s date reads like every other date, not in the browser’s locale', async () => {
    const p = profileView({ recipes: [{ key: 'default', source: 'model', steps: 3, heals: 0, updatedAt: '2026-12-01T03:27:25.000Z' }] });
    setup(p, { 'profiles.list': () => [p] });
    const item = await screen.findByText(/All days: 3 steps/);
    expect(item.textContent).toMatch(/· Tue 1 Dec, \d\d:27 View steps$/);
    expect(item.textContent).not.toMatch(/\d+\/\d+\/\d{4}|AM|PM/);
  });
});

describe('dates to skip', () => {
  it('picks from the dates the profile books, shows them, and sends them with the profile', async () => {
    const api = setup(profileView({ weekdays: { mon: { book: false }, tue: { book: true }, wed: { book: false }, thu: { book: false }, fri: { book: false }, sat: { book: false }, sun: { book: false } } }));
    const pick = screen.getByLabelText('Skip a date') as HTMLSelectElement;
    const options = [...pick.options].map((o) => o.value);
    expect(options.length).toBeGreaterThan(10);
    expect(options.every((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 2)).toBe(true);
    fireEvent.change(pick, { target: { value: options[1] } });
    fireEvent.click(screen.getByRole('button', { name: 'Skip this date' }));
    const list = screen.getByRole('list', { name: 'Skipped dates' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(saved(api)?.profile.skipDates).toEqual([options[1]]));
    fireEvent.click(within(list).getByRole('button', { name: /^Book .* again$/ }));
    expect(screen.queryByRole('list', { name: 'Skipped dates' })).toBeNull();
  });
});

describe('Teach', () => {
  it('is disabled with its reason when the service has no display, and offered when it has one', async () => {
    const p = profileView();
    setup(p, { 'health.get': () => ({ ...HEALTH, display: { available: false, message: 'This Lanebot runs without a display (a headless service), so it cannot open a browser window for you to book in.' } }) });
    const teach = (await screen.findByRole('button', { name: 'Teach by booking once' })) as HTMLButtonElement;
    await waitFor(() => expect(teach.disabled).toBe(true));
    const why = document.getElementById(teach.getAttribute('aria-describedby')!)!;
    expect(why.textContent).toMatch(/^Teach is not available here: this Lanebot runs without a display/);
    cleanup();
    setup(p, { 'health.get': () => ({ ...HEALTH, display: { available: true, message: 'A display is available.' } }) });
    const again = (await screen.findByRole('button', { name: 'Teach by booking once' })) as HTMLButtonElement;
    await act(async () => {});
    expect(again.disabled).toBe(false);
  });
});

describe('profiles: duplicate and the heading', () => {
  it('Duplicate starts a copy without the login, named “… (copy)”; the heading follows the save', async () => {
    const api = createFakeApi(handlers());
    window.location.hash = '#/profiles';
    render(<App api={api} />);
    const dup = await screen.findByRole('link', { name: 'Duplicate Alex' });
    expect(dup.getAttribute('href')).toBe('#/profiles/new?from=alex-1a2b3c');
    act(() => {
      window.location.hash = dup.getAttribute('href')!;
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'New profile: a copy of Alex' })).toBeTruthy();
    expect(value('Name')).toBe('Alex (copy)');
    expect(value('Venue start page')).toBe('https://pool.example/');
    expect(screen.queryByText('saved ✓')).toBeNull();
    expect(screen.getByRole('button', { name: /^Monday/ }).getAttribute('aria-pressed')).toBe('true');
    type(/Username or member number/, 'sam');
    type(/^Password/, 'pw-2');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(saved(api)).toBeTruthy());
    expect(saved(api)!.profile.id).toBeUndefined();
    expect(saved(api)!.profile.name).toBe('Alex (copy)');
    expect(saved(api)!.secrets).toEqual({ username: 'sam', password: 'pw-2' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Alex (copy)' }, { timeout: 10_000 })).toBeTruthy();
  });

  it('a new profile’s heading becomes its name after the first save', async () => {
    const api = createFakeApi(handlers());
    window.location.hash = '#/profiles/new';
    render(<App api={api} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'New profile' })).toBeTruthy();
    fillBasics();
    fireEvent.click(screen.getByRole('button', { name: /^Friday/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Alex' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'New profile' })).toBeNull();
  });
});
