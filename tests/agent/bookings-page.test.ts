// Unit: reading a bookings page by its structure and deciding in code. Each case is a page shape found on real
// booking sites; each fails if the rule it names is removed.
import { describe, expect, it } from 'vitest';
import { readBookingsPage } from '../../agent/page/bookings';
import { detectDateOrder, findDates } from '../../agent/page/fields';
import { decide } from '../../agent/verify/decide';

const TODAY = '2026-12-01';
const TARGET = '2026-12-08';
const read = (raw: string, o: Parameters<typeof readBookingsPage>[1] = {}) => readBookingsPage(raw, { reference: TARGET, today: TODAY, ...o });
const verdict = (raw: string, want: { date: string; time?: string; lane?: string }, o: Parameters<typeof readBookingsPage>[1] = {}) => {
  const r = read(raw, o);
  return decide(r, r.records, want, TODAY);
};

/** A LibreBooking-like dashboard: the member's widget, another resource's empty widget, and offers. */
const DASHBOARD = (mine: string) => `- generic [ref=e1]:
  - generic [ref=e2]:
    - button "Sauna & Spa Reservations 0" [ref=e3]
    - paragraph [ref=e4]: There are no upcoming reservations in next 30 days
  - generic [ref=e5]:
    - button "Upcoming Reservations 1" [ref=e6]
    - generic [ref=e7]:
${mine}
  - generic [ref=e20]:
    - button "Resource Availability" [ref=e21]
    - generic [ref=e22]:
      - link "Lane 3" [ref=e23]
      - generic [ref=e24]: Available Until Tuesday, 12/08/2026 07:00
      - link "Reserve" [ref=e25]
    - generic [ref=e26]:
      - link "Lane 2" [ref=e27]
      - generic [ref=e28]: Available Beginning At Tuesday, 12/08/2026 07:00
      - link "Reserve" [ref=e29]`;
const MINE = `      - generic [ref=e8]: Next Week (1)
      - link "(no title) Alex Morgan Tue, 12/08 2026 7:00 AM - 8:00 AM Lane 3 4a1b2c" [ref=e9]:
        - generic [ref=e10]: Tue, 12/08 2026 7:00 AM - 8:00 AM
        - generic [ref=e11]: Lane 3`;
const NONE = `      - paragraph [ref=e8]: There are no upcoming reservations`;

describe('only the member’s own bookings count', () => {
  it.each([
    ['date only', { date: TARGET }],
    ['time only', { date: TARGET, time: '07:00' }],
    ['time and lane', { date: TARGET, time: '07:00', lane: '3' }],
  ])('an offer of the very slot wanted never verifies (%s rule), with the offers read as offers', (_r, want) => {
    const d = verdict(DASHBOARD(NONE), want, { locale: 'en-US' });
    expect(d.status).toBe('not-found');
    const r = read(DASHBOARD(NONE), { locale: 'en-US' });
    expect(r.records.filter((x) => x.status === 'offer').map((x) => x.date)).toEqual([TARGET, TARGET]);
    expect(r.records.some((x) => x.status === 'member')).toBe(false);
  });

  it('the member’s record in their list verifies, with the US date and 12-hour time read right', () => {
    const d = verdict(DASHBOARD(MINE), { date: TARGET, time: '07:00', lane: '3' }, { locale: 'en-US' });
    expect(d.status).toBe('found');
    expect(d.match).toMatchObject({ date: TARGET, time: '07:00', lane: '3' });
  });

  it('another resource’s "no reservations" does not make the member’s list "empty" or unreadable', () => {
    const r = read(DASHBOARD(MINE), { locale: 'en-US' });
    expect(r.kind).toBe('bookings');
    expect(r.regions.map((g) => g.title)).toEqual(['Upcoming Reservations']);
  });

  it('a dated sentence inside the bookings list is not a booking ("Bookings for 8 December open at midnight")', () => {
    const raw = `- main [ref=e1]:
  - heading "My bookings" [level=1] [ref=e2]
  - paragraph [ref=e3]: Bookings for Tuesday 8 December 2026 open at 00:00 on Tuesday 1 December.
  - paragraph [ref=e4]: You have no upcoming bookings.`;
    expect(verdict(raw, { date: TARGET }).status).toBe('not-found');
  });

  it('a record outside any bookings list counts only with a booking’s marks (a Cancel control, a reference)', () => {
    const bare = `- main [ref=e1]:
  - list [ref=e2]:
    - listitem [ref=e3]: Tuesday 8 December 2026 07:00 Lane 3`;
    const marked = `- main [ref=e1]:
  - list [ref=e2]:
    - listitem [ref=e3]:
      - text: Tuesday 8 December 2026 07:00 Lane 3
      - button "Cancel" [ref=e4]`;
    expect(read(bare).kind).toBe('unknown');
    expect(verdict(bare, { date: TARGET }).status).toBe('unsure');
    expect(verdict(marked, { date: TARGET, time: '07:00', lane: '3' }).status).toBe('found');
  });

  it('a grid of times and lanes is a schedule, not the member’s bookings, even with their name in a cell', () => {
    const raw = `- table [ref=e1]:
  - rowgroup [ref=e2]:
    - row [ref=e3]:
      - columnheader "Time" [ref=e4]
      - columnheader "Lane 1" [ref=e5]
      - columnheader "Lane 2" [ref=e6]
      - columnheader "Lane 3" [ref=e7]
  - rowgroup [ref=e8]:
    - row [ref=e9]:
      - cell "07:00" [ref=e10]
      - cell [ref=e11]:
        - link "Create a new booking" [ref=e12]
      - cell "Sam P." [ref=e13]
      - cell "Alex M." [ref=e14]
- heading "Tuesday 8 December 2026" [level=2] [ref=e15]`;
    const r = read(raw);
    expect(r.kind).toBe('schedule');
    for (const want of [{ date: TARGET }, { date: TARGET, time: '07:00' }, { date: TARGET, time: '07:00', lane: '3' }]) {
      expect(verdict(raw, want).status).toBe('unsure');
    }
  });
});

describe('dates in the site’s order and language', () => {
  it('an ambiguous 08/12/2026 with no order known is "unsure", never found', () => {
    const raw = `- main [ref=e1]:
  - heading "Mes réservations" [level=1] [ref=e2]
  - table [ref=e3]:
    - rowgroup [ref=e4]:
      - row [ref=e5]:
        - cell "08/12/2026" [ref=e6]
        - cell "07:00" [ref=e7]
        - cell "PT-7001" [ref=e8]`;
    const d = verdict(raw, { date: TARGET }, { locale: 'fr' });
    expect(d.status).toBe('unsure');
    expect(d.reason).toMatch(/day-first or month-first/);
    // With the order known (set or detected), it reads.
    expect(verdict(raw, { date: TARGET, time: '07:00' }, { locale: 'fr', order: 'dmy' }).status).toBe('found');
  });

  it('the page’s own unambiguous dates settle the order: 12/20/2026 makes 12/08/2026 the 8th of December', () => {
    expect(detectDateOrder(['Sun 12/20/2026 7:00 AM', 'Tue 12/08/2026'])).toBe('mdy');
    expect(detectDateOrder(['20/12/2026', '08/12/2026'])).toBe('dmy');
    expect(detectDateOrder(['08/12/2026'])).toBeUndefined();
    // A date Lanebot knows (today) settles it: MRBS's header "12/1/2026" on 1 December is month/day.
    expect(detectDateOrder(['12/1/2026'], 'en-US', ['2026-12-01'])).toBe('mdy');
    expect(detectDateOrder(['1/12/2026'], 'en-GB', ['2026-12-01'])).toBe('dmy');
    // A weekday beside the date settles it too: 12/08/2026 is a Tuesday only as 8 December.
    expect(findDates('Tue 12/08/2026').map((h) => h.date)).toEqual([TARGET]);
    expect(findDates('Wed 12/08/2026').map((h) => h.date)).toEqual(['2026-08-12']);
  });

  it('reads German and French pages: "08.12.2026 | 07:00–08:00 Uhr | Bahn 3", "mardi 8 décembre 2026 · 07:00 – 08:00 · Ligne 3"', () => {
    const de = `- main [ref=e1]:
  - heading "Meine Buchungen" [level=2] [ref=e2]
  - table [ref=e3]:
    - rowgroup [ref=e4]:
      - row [ref=e5]:
        - columnheader "Datum" [ref=e6]
        - columnheader "Uhrzeit" [ref=e7]
        - columnheader "Bahn" [ref=e8]
        - columnheader [ref=e9]
    - rowgroup [ref=e10]:
      - row [ref=e11]:
        - cell "08.12.2026" [ref=e12]
        - cell "07:00–08:00 Uhr" [ref=e13]
        - cell "3" [ref=e14]
        - cell [ref=e15]:
          - button "Stornieren" [ref=e16]`;
    expect(verdict(de, { date: TARGET, time: '07:00', lane: '3' }, { locale: 'de-DE' })).toMatchObject({ status: 'found', match: { lane: '3', time: '07:00' } });
    const fr = `- main [ref=e1]:
  - heading "Mes réservations" [level=1] [ref=e2]
  - heading "mardi 8 décembre 2026" [level=3] [ref=e3]
  - list [ref=e4]:
    - listitem [ref=e5]:
      - generic [ref=e6]: 07:00 – 08:00 · Ligne 3 ·
      - button "Annuler" [ref=e7]
    - listitem [ref=e8]:
      - generic [ref=e9]: 18:00 – 19:00 · Ligne 1 ·
      - button "Annuler" [ref=e10]`;
    const r = read(fr, { locale: 'fr-FR' });
    expect(r.records.filter((x) => x.status === 'member').map((x) => [x.date, x.time, x.lane])).toEqual([[TARGET, '07:00', '3'], [TARGET, '18:00', '1']]);
    expect(verdict(fr, { date: TARGET, time: '18:00', lane: '1' }, { locale: 'fr-FR' }).status).toBe('found');
  });

  it('an "upcoming" booking months in the past is a misread date: flagged, "unsure", not used', () => {
    const raw = `- main [ref=e1]:
  - heading "My bookings" [level=1] [ref=e2]
  - list [ref=e3]:
    - listitem [ref=e4]:
      - text: 08/12/2026 07:00 Lane 3
      - button "Cancel" [ref=e5]`;
    // Read month-first against the site's real (day-first) order: 12 August, four months ago.
    const d = verdict(raw, { date: TARGET }, { order: 'mdy' });
    expect(d.status).toBe('unsure');
    expect(d.reason).toMatch(/far in the past/);
  });
});

describe('what the page cannot show', () => {
  const MRBS = `- main [ref=e1]:
  - heading "My upcoming entries" [level=2] [ref=e2]
  - table [ref=e3]:
    - rowgroup [ref=e4]:
      - row [ref=e5]:
        - columnheader "Brief description" [ref=e6]
        - columnheader "Start time" [ref=e7]
    - rowgroup [ref=e8]:
      - row [ref=e9]:
        - cell [ref=e10]:
          - link "Alex M." [ref=e11]
        - cell "07:00 - Tuesday 08 December 2026" [ref=e12]`;
  it('a lane in the rule on a page that shows no lanes: "unsure", saying so', () => {
    const d = verdict(MRBS, { date: TARGET, time: '07:00', lane: '3' });
    expect(d.status).toBe('unsure');
    expect(d.reason).toMatch(/shows no lane/);
    expect(verdict(MRBS, { date: TARGET, time: '07:00' }).status).toBe('found');
  });

  it('a date beyond the window the list states is "cannot verify", not "not found"', () => {
    const d = verdict(DASHBOARD(MINE), { date: '2026-12-20' }, { locale: 'en-US' });
    expect(d.status).toBe('cannot-verify');
    // Within the window, "not found" stands, and the list visibly reaches the date.
    const inside = verdict(DASHBOARD(MINE), { date: '2026-12-07' }, { locale: 'en-US' });
    expect(inside).toMatchObject({ status: 'not-found', reaches: true });
  });

  it('without a stated window, "not found" says whether the list shows anything on or after the date', () => {
    expect(verdict(MRBS, { date: '2026-12-09' })).toMatchObject({ status: 'not-found', reaches: false });
    expect(verdict(MRBS, { date: '2026-12-07' })).toMatchObject({ status: 'not-found', reaches: true });
  });
});
