// Unit: verify's deterministic rule — dates, times and lanes in the usual formats, records on a page, the comparison.
import { describe, expect, it } from 'vitest';
import { extractBookings, findDates, findLane, findTime, matchBooking, parseBookingText, wantKeywords } from '../../agent/page/extract';

const dates = (t: string, o = {}) => findDates(t, o).map((d) => d.date);

describe('findDates', () => {
  it('reads ISO, spelled-out and abbreviated dates', () => {
    expect(dates('2026-12-01')).toEqual(['2026-12-01']);
    expect(dates('Tuesday 1 December 2026')).toEqual(['2026-12-01']);
    expect(dates('Tue, 1st Dec 2026')).toEqual(['2026-12-01']);
    expect(dates('1 Dec 2026')).toEqual(['2026-12-01']);
    expect(dates('December 1, 2026')).toEqual(['2026-12-01']);
    expect(dates('Tue Dec 1 2026')).toEqual(['2026-12-01']);
    expect(dates('Sept. 30, 2026')).toEqual(['2026-09-30']);
  });
  it('reads numeric dates day-first unless the venue is month-first', () => {
    expect(dates('01/12/2026')).toEqual(['2026-12-01']);
    expect(dates('1.12.26')).toEqual(['2026-12-01']);
    expect(dates('01/12/2026', { order: 'mdy' })).toEqual(['2026-01-12']);
    expect(dates('12/31/2026', { order: 'mdy' })).toEqual(['2026-12-31']);
    expect(dates('31/12/2026', { order: 'mdy' })).toEqual([]);
  });
  it('places year-less dates in the year nearest the reference, across New Year', () => {
    expect(dates('Tue 1 Dec', { reference: '2026-11-24' })).toEqual(['2026-12-01']);
    expect(dates('Fri 1 Jan', { reference: '2026-12-28' })).toEqual(['2027-01-01']);
    expect(dates('Tue 1 Dec')).toEqual([]);
  });
  it('rejects impossible dates and does not read times or prices as dates', () => {
    expect(dates('31 February 2026')).toEqual([]);
    expect(dates('2026-13-01')).toEqual([]);
    expect(dates('07:00 – 08:00, £4.50')).toEqual([]);
  });
});

describe('findTime / findLane', () => {
  it('reads 24 h and 12 h times', () => {
    expect(findTime('at 07:00')).toBe('07:00');
    expect(findTime('7:00 AM')).toBe('07:00');
    expect(findTime('7am–8am')).toBe('07:00');
    expect(findTime('12:30 p.m.')).toBe('12:30');
    expect(findTime('12 am')).toBe('00:00');
    expect(findTime('7.30pm')).toBe('19:30');
    expect(findTime('Lane 3')).toBeUndefined();
  });
  it('reads lanes, courts and bays', () => {
    expect(findLane('Lane 3')).toBe('3');
    expect(findLane('lane #04')).toBe('4');
    expect(findLane('Court B')).toBe('b');
    expect(findLane('Lap swimming')).toBeUndefined();
    expect(findLane('Pool · Gym · Courts')).toBeUndefined();
    expect(findLane('Lane3')).toBe('3');
  });
});

describe('parseBookingText', () => {
  it('takes the date first, so a numeric date is not read as a time', () => {
    expect(parseBookingText('01.12.2026 | 07:00 | Lane 3')).toEqual({ date: '2026-12-01', time: '07:00', lane: '3', text: '01.12.2026 | 07:00 | Lane 3' });
    expect(parseBookingText('Tuesday 1 December 2026, 7:00 AM – 8:00 AM, Lane 3')).toMatchObject({ date: '2026-12-01', time: '07:00', lane: '3' });
    expect(parseBookingText('Tue 1 Dec 2026 07:00 Lane 3 (Cancelled)')).toMatchObject({ cancelled: true });
    expect(parseBookingText('No date here 07:00')).toBeUndefined();
  });
});

const BOOKINGS_PAGE = `- main [ref=e18]:
  - heading "My bookings" [level=1] [ref=e19]
  - table "Upcoming bookings (2)" [ref=e21]:
    - rowgroup [ref=e23]:
      - row "Date Time Lane Activity Actions" [ref=e24]:
        - columnheader "Date" [ref=e25]
        - columnheader "Time" [ref=e26]
    - rowgroup [ref=e31]:
      - row "Tuesday 1 December 2026 07:00 Lane 3 Lap swimming Cancel" [ref=e32]:
        - cell "Tuesday 1 December 2026" [ref=e33]
        - cell "07:00" [ref=e34]
        - cell "Lane 3" [ref=e35]
        - cell [ref=e37]:
          - 'button "Cancel booking: Lane 3 at 07:00 on Tuesday 1 December 2026" [ref=e39]': Cancel
      - row "Thursday 3 December 2026 18:00 Lane 1 Lap swimming Cancel" [ref=e40]:
        - cell "Thursday 3 December 2026" [ref=e41]
        - cell "18:00" [ref=e42]
        - cell "Lane 1" [ref=e43]`;

const CARDS_PAGE = `- heading "Your swims" [level=1]
- heading "Tue 1 Dec" [level=2]
- paragraph: 7:00 AM · Lane 3
- heading "Thu 3 Dec" [level=2]
- paragraph: 6:00 PM · Lane 1 · Cancelled`;

describe('extractBookings', () => {
  it('finds one record per table row even when the row repeats its date', () => {
    expect(extractBookings(BOOKINGS_PAGE).map(({ date, time, lane }) => ({ date, time, lane }))).toEqual([
      { date: '2026-12-01', time: '07:00', lane: '3' },
      { date: '2026-12-03', time: '18:00', lane: '1' },
    ]);
  });
  it('with one booking on a whole page, the record is its row, not the page', () => {
    const page = `- banner:\n  - text: Pool · Gym · Courts\n${BOOKINGS_PAGE.split('\n').filter((l) => !/Thursday|18:00|"Lane 1"/.test(l)).join('\n')}`;
    const seen = extractBookings(page);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ date: '2026-12-01', time: '07:00', lane: '3' });
    expect(seen[0]!.text).toMatch(/^Tuesday 1 December 2026/);
    expect(seen[0]!.text).not.toContain('Courts');
  });

  it('groups a date heading with the text that follows it', () => {
    const seen = extractBookings(CARDS_PAGE, { reference: '2026-11-24' });
    expect(seen).toMatchObject([
      { date: '2026-12-01', time: '07:00', lane: '3' },
      { date: '2026-12-03', time: '18:00', lane: '1', cancelled: true },
    ]);
  });
});

describe('matchBooking', () => {
  const seen = extractBookings(CARDS_PAGE, { reference: '2026-11-24' });
  it('compares date, then time and lane where given; cancelled bookings never match', () => {
    expect(matchBooking({ date: '2026-12-01' }, seen)?.lane).toBe('3');
    expect(matchBooking({ date: '2026-12-01', time: '07:00', lane: '03' }, seen)).toBeDefined();
    expect(matchBooking({ date: '2026-12-01', time: '7:00 AM', lane: 'Lane 3' }, seen)).toBeDefined();
    expect(matchBooking({ date: '2026-12-01', time: '08:00' }, seen)).toBeUndefined();
    expect(matchBooking({ date: '2026-12-01', lane: '4' }, seen)).toBeUndefined();
    expect(matchBooking({ date: '2026-12-03' }, seen)).toBeUndefined();
    expect(matchBooking({ date: '2026-12-02' }, seen)).toBeUndefined();
  });
  it('offers the wanted date, time and lane as trimming keywords in the ways venues print them', () => {
    expect(wantKeywords({ date: '2026-12-01', time: '19:00', lane: '3' })).toEqual(expect.arrayContaining(['2026-12-01', '1 December', '1 Dec', 'Dec 1', '01/12/2026', '19:00', '7:00 PM', 'Lane 3']));
  });
});
