// @vitest-environment happy-dom
// The instructions' live preview: debounced calls to profiles.preview and how the runs read,
// across a DST change (Europe/London springs forward on Sun 28 Mar 2027) and a month end —
// first with scripted PreviewRun data, then through the service's real handler.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LanebotApi, PreviewRun } from '../../shared/contract';
import { handle } from '../../electron/service/api/handlers';
import type { ServiceCore } from '../../electron/service/core';
import { WEEKDAYS, type ProfileInput } from '../../shared/schemas';
import { InstructionPreview, PreviewList } from '../../renderer/src/components/InstructionPreview';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, SETTINGS } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const WEEK = Object.fromEntries(WEEKDAYS.map((d) => [d, { book: d !== 'sun' }])) as ProfileInput['weekdays'];

// Run dates Wed 24 Mar – Tue 30 Mar 2027: the run on Sun 28 Mar is the night clocks go forward,
// and the targets step from Wed 31 Mar into Thu 1 Apr.
const RUNS: PreviewRun[] = [
  { runDate: '2027-03-24', targetDate: '2027-03-31', weekday: 'wed', books: true, text: 'Book lane 3 at 07:00 on Wednesday 31 March 2027' },
  { runDate: '2027-03-25', targetDate: '2027-04-01', weekday: 'thu', books: true, text: 'Book lane 3 at 07:00 on Thursday 1 April 2027' },
  { runDate: '2027-03-26', targetDate: '2027-04-02', weekday: 'fri', books: true, text: 'Book lane 3 at 07:00 on Friday 2 April 2027' },
  { runDate: '2027-03-27', targetDate: '2027-04-03', weekday: 'sat', books: true, text: 'Book lane 3 at 07:00 on Saturday 3 April 2027' },
  { runDate: '2027-03-28', targetDate: '2027-04-04', weekday: 'sun', books: false, text: 'Book lane 3 at 07:00 on Sunday 4 April 2027' },
  { runDate: '2027-03-29', targetDate: '2027-04-05', weekday: 'mon', books: true, text: 'Book lane 3 at 07:00 on Monday 5 April 2027' },
  { runDate: '2027-03-30', targetDate: '2027-04-06', weekday: 'tue', books: true, error: 'Unknown placeholder {datum}' },
];

function rows(): string[] {
  return within(screen.getByRole('list', { name: 'Preview of the next runs' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

describe('preview display', () => {
  it('reads each run as "run → books target: text" across the month end and the DST night', () => {
    renderWithApi(<PreviewList runs={RUNS} />, createFakeApi());
    expect(rows()).toEqual([
      'Wed 24 Mar → books Wed 31 Mar: Book lane 3 at 07:00 on Wednesday 31 March 2027',
      'Thu 25 Mar → books Thu 1 Apr: Book lane 3 at 07:00 on Thursday 1 April 2027',
      'Fri 26 Mar → books Fri 2 Apr: Book lane 3 at 07:00 on Friday 2 April 2027',
      'Sat 27 Mar → books Sat 3 Apr: Book lane 3 at 07:00 on Saturday 3 April 2027',
      'Sun 28 Mar → books Sun 4 Apr: nothing to book (Sunday is off)',
      'Mon 29 Mar → books Mon 5 Apr: Book lane 3 at 07:00 on Monday 5 April 2027',
      'Tue 30 Mar → books Tue 6 Apr: ✕ Unknown placeholder {datum}',
    ]);
  });

  it('asks the service once per pause in typing, with the zone, days ahead, weekdays and start date', async () => {
    vi.useFakeTimers();
    const api = createFakeApi({ 'profiles.preview': () => RUNS });
    const req = { instructions: 'Book lane 3', timeZone: 'Europe/London', daysAhead: 7, weekdays: WEEK };
    let setInstructions: (t: string) => void = () => undefined;
    function Harness() {
      const [instructions, set] = useState(req.instructions);
      setInstructions = set;
      return <InstructionPreview request={{ ...req, instructions }} />;
    }
    renderWithApi(<Harness />, api);
    for (const text of ['Book lane 3 a', 'Book lane 3 at', 'Book lane 3 at 07:00 on {date}']) {
      act(() => setInstructions(text));
      await act(async () => vi.advanceTimersByTime(100));
    }
    expect(api.calls.filter((c) => c.method === 'profiles.preview')).toHaveLength(0);
    await act(async () => vi.advanceTimersByTime(400));
    const calls = api.calls.filter((c) => c.method === 'profiles.preview');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request).toEqual({ instructions: 'Book lane 3 at 07:00 on {date}', timeZone: 'Europe/London', daysAhead: 7, weekdays: WEEK, count: 7 });
    fireEvent.change(screen.getByLabelText('Runs from'), { target: { value: '2027-03-24' } });
    await act(async () => vi.advanceTimersByTime(400));
    expect(api.calls.filter((c) => c.method === 'profiles.preview').at(-1)!.request).toMatchObject({ from: '2027-03-24' });
    vi.useRealTimers();
    await waitFor(() => expect(rows()).toHaveLength(7));
  });

  it('does not call the service with a time zone it would reject', async () => {
    const api = createFakeApi({ 'profiles.preview': () => RUNS });
    renderWithApi(<InstructionPreview request={{ instructions: 'x {date}', timeZone: 'Mars/Olympus', daysAhead: 7, weekdays: WEEK }} debounceMs={0} />, api);
    expect(await screen.findByText('Fix the venue time zone to see the preview.')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });
});

describe('preview through the service’s real profiles.preview handler', () => {
  it('renders the form’s instructions for the next seven runs from the venue’s today', async () => {
    // 23:30 UTC on Tue 23 Mar: London is on GMT, so the venue's today is Tue 23 Mar.
    const core = { now: () => new Date('2027-03-23T23:30:00Z') } as unknown as ServiceCore;
    const fake = createFakeApi({ 'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: '' }), 'settings.get': () => SETTINGS });
    const api: LanebotApi = {
      ...fake,
      call: ((m: string, r: unknown) => (m === 'profiles.preview' ? handle(core, m, r) : fake.call(m as never, r as never))) as LanebotApi['call'],
    };
    renderWithApi(<ProfileForm />, api);
    fireEvent.change(screen.getByLabelText('Venue time zone'), { target: { value: 'Europe/London' } });
    // A new profile books no day: switch on every day but Sunday.
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']) fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${day}`) }));
    fireEvent.change(screen.getByLabelText('Instructions'), { target: { value: 'Book lane 3 at 07:00 on {date} ({dmy})' } });
    await waitFor(() => expect(rows()).toHaveLength(7), { timeout: 3000 });
    expect(rows()).toEqual([
      'Tue 23 Mar → books Tue 30 Mar: Book lane 3 at 07:00 on Tuesday 30 March 2027 (30/03/2027)',
      'Wed 24 Mar → books Wed 31 Mar: Book lane 3 at 07:00 on Wednesday 31 March 2027 (31/03/2027)',
      'Thu 25 Mar → books Thu 1 Apr: Book lane 3 at 07:00 on Thursday 1 April 2027 (01/04/2027)',
      'Fri 26 Mar → books Fri 2 Apr: Book lane 3 at 07:00 on Friday 2 April 2027 (02/04/2027)',
      'Sat 27 Mar → books Sat 3 Apr: Book lane 3 at 07:00 on Saturday 3 April 2027 (03/04/2027)',
      'Sun 28 Mar → books Sun 4 Apr: nothing to book (Sunday is off)',
      'Mon 29 Mar → books Mon 5 Apr: Book lane 3 at 07:00 on Monday 5 April 2027 (05/04/2027)',
    ]);
  });

  it('starts from the venue’s own date: late evening in New York on the night US clocks change', async () => {
    // 03:30 UTC on Sun 14 Mar 2027 is 22:30 on Sat 13 Mar in New York (EST); DST starts there at 02:00 that Sunday.
    const core = { now: () => new Date('2027-03-14T03:30:00Z') } as unknown as ServiceCore;
    const api: LanebotApi = { ...createFakeApi(), call: ((m: string, r: unknown) => handle(core, m, r)) as LanebotApi['call'] };
    renderWithApi(<InstructionPreview request={{ instructions: 'Court B on {weekday} {day} {month}', timeZone: 'America/New_York', daysAhead: 7, weekdays: WEEK }} debounceMs={0} />, api);
    await waitFor(() => expect(rows()).toHaveLength(7));
    expect(rows().slice(0, 3)).toEqual([
      'Sat 13 Mar → books Sat 20 Mar: Court B on Saturday 20 March',
      'Sun 14 Mar → books Sun 21 Mar: nothing to book (Sunday is off)',
      'Mon 15 Mar → books Mon 22 Mar: Court B on Monday 22 March',
    ]);
  });
});
