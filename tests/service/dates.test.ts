// Calendar arithmetic, placeholders and the night plan, checked across DST changes, month and year
// ends, leap years, venue zones far from the machine's, and midnight DST gaps. The whole date
// suite runs once per machine time zone, because the code must not depend on where Lanebot runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCalendarDays, runDateAt, targetDateFor, venueClock, venueInstant, weekdayOf } from '../../electron/service/night/dates';
import { PLACEHOLDER_NAMES, placeholderDocs, renderInstructions, secretPlaceholders, unknownPlaceholders } from '../../shared/placeholders';
import { attemptsOn, booksOn, instructionsFor, nextAttempt, nightWindow, plannedBetween } from '../../electron/service/night/plan';
import { WEEKDAYS } from '../../shared/schemas';
import { storedProfile } from './fixtures/profiles';

const at = (iso: string) => new Date(iso);

/** The reference: plain UTC calendar arithmetic, independent of any time zone. */
function utcAddDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
function utcWeekday(date: string) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}
const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

// UTC; a zone whose midnight vanishes at DST; the earliest zone (+14); one far west (-11); London.
const MACHINE_ZONES = ['UTC', 'America/Santiago', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London'];

describe.each(MACHINE_ZONES)('on a machine in %s', (machineZone) => {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = machineZone; // Node re-reads TZ on assignment
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });

  it('really runs in that zone', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(machineZone === 'UTC' ? 'UTC' : machineZone);
  });

  describe('runDateAt: today at the venue, not on the machine', () => {
    it('at 2026-11-24T23:30Z, Sydney and Auckland are already on the 25th, Los Angeles and London are not', () => {
      const now = at('2026-11-24T23:30:00Z');
      expect(runDateAt(now, 'Australia/Sydney')).toBe('2026-11-25');
      expect(runDateAt(now, 'Pacific/Auckland')).toBe('2026-11-25');
      expect(runDateAt(now, 'America/Los_Angeles')).toBe('2026-11-24');
      expect(runDateAt(now, 'Europe/London')).toBe('2026-11-24');
      expect(runDateAt(at('2026-11-25T08:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-25'); // 00:30 PST
      expect(runDateAt(at('2026-11-25T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-11-24');
    });

    it('Europe/London around 2026-03-29 (spring forward) and 2026-10-25 (fall back)', () => {
      expect(runDateAt(at('2026-03-28T23:30:00Z'), 'Europe/London')).toBe('2026-03-28'); // 23:30 GMT
      expect(runDateAt(at('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('2026-03-29'); // 00:30 GMT
      expect(runDateAt(at('2026-03-29T23:30:00Z'), 'Europe/London')).toBe('2026-03-30'); // 00:30 BST
      expect(runDateAt(at('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25'); // 00:30 BST
      expect(runDateAt(at('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25'); // 23:30 GMT
    });

    it('America/New_York around 2026-03-08 and 2026-11-01', () => {
      expect(runDateAt(at('2026-03-08T04:30:00Z'), 'America/New_York')).toBe('2026-03-07'); // 23:30 EST
      expect(runDateAt(at('2026-03-09T04:30:00Z'), 'America/New_York')).toBe('2026-03-09'); // 00:30 EDT
      expect(runDateAt(at('2026-11-01T04:30:00Z'), 'America/New_York')).toBe('2026-11-01'); // 00:30 EDT
      expect(runDateAt(at('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('2026-11-01'); // 23:30 EST
    });
  });

  describe('targetDateFor: calendar days, never 7 × 24 h', () => {
    it('across DST changes the target keeps its calendar date', () => {
      expect(targetDateFor('2026-03-22', 7)).toBe('2026-03-29');
      expect(targetDateFor('2026-03-28', 7)).toBe('2026-04-04');
      expect(targetDateFor('2026-10-24', 7)).toBe('2026-10-31');
      expect(targetDateFor('2026-10-25', 7)).toBe('2026-11-01');
      expect(targetDateFor('2026-03-01', 7)).toBe('2026-03-08');
      expect(targetDateFor('2026-03-08', 7)).toBe('2026-03-15');
      expect(targetDateFor('2026-11-01', 7)).toBe('2026-11-08');
      expect(targetDateFor('2026-09-05', 1)).toBe('2026-09-06'); // Santiago's vanished midnight
      expect(targetDateFor('2026-09-06', 7)).toBe('2026-09-13');
    });

    it('month ends, year end and leap years', () => {
      expect(targetDateFor('2026-01-28', 7)).toBe('2026-02-04');
      expect(targetDateFor('2026-01-31', 1)).toBe('2026-02-01');
      expect(targetDateFor('2026-04-30', 7)).toBe('2026-05-07');
      expect(targetDateFor('2026-12-28', 7)).toBe('2027-01-04');
      expect(targetDateFor('2026-12-31', 1)).toBe('2027-01-01');
      expect(targetDateFor('2028-02-25', 7)).toBe('2028-03-03');
      expect(targetDateFor('2028-02-28', 1)).toBe('2028-02-29');
      expect(targetDateFor('2027-02-25', 7)).toBe('2027-03-04');
      expect(targetDateFor('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    });

    it('daysAhead other than 7', () => {
      expect(targetDateFor('2026-11-24', 0)).toBe('2026-11-24');
      expect(targetDateFor('2026-11-24', 3)).toBe('2026-11-27');
      expect(targetDateFor('2026-11-24', 14)).toBe('2026-12-08');
      expect(targetDateFor('2026-11-24', 60)).toBe('2027-01-23');
      expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
      expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    });

    it('agrees with plain UTC arithmetic for any date and offset (property)', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -60, max: 60 }), (d, n) => {
          expect(addCalendarDays(d, n)).toBe(utcAddDays(d, n));
          if (n >= 0) expect(targetDateFor(d, n)).toBe(utcAddDays(d, n));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('weekdayOf', () => {
    it('names the weekday of a calendar date', () => {
      expect(weekdayOf('2026-03-29')).toBe('sun');
      expect(weekdayOf('2026-09-06')).toBe('sun'); // midnight does not exist in Santiago
      expect(weekdayOf('2026-11-28')).toBe('sat');
      expect(weekdayOf('2026-11-30')).toBe('mon');
      expect(weekdayOf('2028-02-29')).toBe('tue');
      expect(weekdayOf('2027-01-04')).toBe('mon');
    });
    it('agrees with UTC for any date (property)', () => {
      fc.assert(
        fc.property(isoDate, (d) => {
          expect(weekdayOf(d)).toBe(utcWeekday(d));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('venueInstant', () => {
    it('attempt times on DST nights in London and New York', () => {
      expect(venueInstant('2026-03-29', '00:01', 'Europe/London').toISOString()).toBe('2026-03-29T00:01:00.000Z'); // GMT
      expect(venueInstant('2026-03-29', '01:30', 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // gap → 02:30 BST
      expect(venueInstant('2026-03-30', '00:01', 'Europe/London').toISOString()).toBe('2026-03-29T23:01:00.000Z'); // BST
      expect(venueInstant('2026-10-25', '00:01', 'Europe/London').toISOString()).toBe('2026-10-24T23:01:00.000Z'); // still BST
      expect(venueInstant('2026-10-26', '00:01', 'Europe/London').toISOString()).toBe('2026-10-26T00:01:00.000Z'); // GMT
      expect(venueInstant('2026-03-08', '00:10', 'America/New_York').toISOString()).toBe('2026-03-08T05:10:00.000Z'); // EST
      expect(venueInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z'); // gap → 03:30 EDT
      expect(venueInstant('2026-03-09', '00:10', 'America/New_York').toISOString()).toBe('2026-03-09T04:10:00.000Z'); // EDT
      expect(venueInstant('2026-11-01', '00:10', 'America/New_York').toISOString()).toBe('2026-11-01T04:10:00.000Z'); // EDT
      expect(venueInstant('2026-11-02', '00:10', 'America/New_York').toISOString()).toBe('2026-11-02T05:10:00.000Z'); // EST
    });

    it('a repeated hour (fall back) gives one of its two real instants', () => {
      for (const [date, zone, options] of [
        ['2026-11-01', 'America/New_York', ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']],
        ['2026-10-25', 'Europe/London', ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']],
      ] as const) {
        const i = venueInstant(date, '01:30', zone);
        expect(options).toContain(i.toISOString());
        expect(venueClock(i, zone, 'yyyy-MM-dd HH:mm')).toBe(`${date} 01:30`);
      }
    });

    it('00:30 inside a DST gap that starts at midnight moves forward, on the same date', () => {
      // Each zone's clocks jump 00:00 → 01:00 on that date in 2026 (checked with Intl below).
      const gaps = [
        ['America/Santiago', '2026-09-06', '2026-09-06T04:30:00.000Z'],
        ['Asia/Beirut', '2026-03-29', '2026-03-28T22:30:00.000Z'],
        ['America/Havana', '2026-03-08', '2026-03-08T05:30:00.000Z'],
      ] as const;
      for (const [zone, date, expected] of gaps) {
        const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        const midnightUtc = venueInstant(addCalendarDays(date, -1), '23:59', zone).getTime() + 60_000;
        expect(f.format(new Date(midnightUtc)), `${zone} jumps at midnight`).toBe('01:00');

        const i = venueInstant(date, '00:30', zone);
        expect(i.toISOString()).toBe(expected);
        expect(venueClock(i, zone, 'yyyy-MM-dd HH:mm')).toBe(`${date} 01:30`);
        expect(runDateAt(i, zone)).toBe(date);
        // Forward, never back into the previous day's evening.
        expect(i.getTime()).toBeGreaterThanOrEqual(midnightUtc);
      }
    });

    it('lands on the requested date, at the requested time or later only inside a gap (property)', () => {
      const zones = ['Europe/London', 'America/New_York', 'America/Santiago', 'Asia/Beirut', 'Australia/Sydney', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata'];
      const day = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      fc.assert(
        fc.property(fc.constantFrom(...zones), day, time, (zone, date, t) => {
          const i = venueInstant(date, t, zone);
          expect(runDateAt(i, zone)).toBe(date);
          const wall = venueClock(i, zone, 'HH:mm');
          if (wall !== t) {
            // Only a gap may move it: forward by at most the gap (an hour here), with the
            // zone's offset having just changed (TZDate shifts 02:01 to 03:01, not to 03:00).
            const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
            expect(wall > t).toBe(true);
            expect(minutes(wall) - minutes(t)).toBeLessThanOrEqual(60);
            const offset = (d: Date) => Number(venueClock(d, zone, 'xx'));
            expect(offset(new Date(i.getTime() - 2 * 3_600_000))).not.toBe(offset(i));
          }
        }),
        { numRuns: 400 },
      );
    });
  });

  describe('a venue in a different zone from the machine', () => {
    it('Sydney: at 2026-11-24T23:30Z the run is the 25th and books Wed 2 Dec', () => {
      const p = storedProfile({ timeZone: 'Australia/Sydney', bookOn: ['wed'] });
      const now = at('2026-11-24T23:30:00Z');
      const run = runDateAt(now, 'Australia/Sydney');
      expect(run).toBe('2026-11-25');
      expect(targetDateFor(run, 7)).toBe('2026-12-02');
      expect(booksOn(p, run)).toBe(true);
      expect(booksOn(p, '2026-11-24')).toBe(false);
      // The next attempt is the night of the 26th Sydney time, 00:01 AEDT = 13:01Z on the 25th.
      const next = nextAttempt(p, now)!;
      expect(next.runDate).toBe('2026-12-02');
      expect(next.at.toISOString()).toBe('2026-12-01T13:01:00.000Z');
    });
  });

  describe('placeholders', () => {
    const expected: Record<string, string> = {
      date: 'Saturday 5 December 2026',
      weekday: 'Saturday',
      day: '5',
      dd: '05',
      month: 'December',
      mon: 'Dec',
      mm: '12',
      year: '2026',
      iso: '2026-12-05',
      dmy: '05/12/2026',
      mdy: '12/05/2026',
    };

    it('renders every placeholder for the target date', () => {
      // A new placeholder without an expectation here fails this test.
      expect([...PLACEHOLDER_NAMES].sort()).toEqual(Object.keys(expected).sort());
      for (const [name, value] of Object.entries(expected)) expect(renderInstructions(`[{${name}}]`, '2026-12-05')).toBe(`[${value}]`);
      expect(renderInstructions('Book {weekday} {day} {month}, lane 3, {dd}.{mm}.{year}', '2028-02-29')).toBe('Book Tuesday 29 February, lane 3, 29.02.2028');
      expect(placeholderDocs().map((d) => [d.name.slice(1, -1), d.example])).toEqual(Object.entries(expected));
    });

    it('leaves secret placeholders untouched, even one named like a date', () => {
      const text = 'Log in as {{username}} with {{password}}, then book {date} ({{date}})';
      expect(renderInstructions(text, '2026-12-05')).toBe('Log in as {{username}} with {{password}}, then book Saturday 5 December 2026 ({{date}})');
      expect(secretPlaceholders(text)).toEqual(['username', 'password', 'date']);
    });

    it('an unknown placeholder is an error that names it', () => {
      expect(() => renderInstructions('Book {when} at {time} on {date}', '2026-12-05')).toThrow(/Unknown placeholder \{when\}, \{time\}/);
      expect(unknownPlaceholders('{Date} {date} {iso}')).toEqual(['{Date}']);
      expect(renderInstructions('JSON like {"a": 1} and { date } stay as they are', '2026-12-05')).toBe('JSON like {"a": 1} and { date } stay as they are');
    });
  });

  describe('plan', () => {
    it('plannedBetween across London’s spring-forward night: every attempt at its venue wall-clock time', () => {
      const p = storedProfile({ timeZone: 'Europe/London' });
      const plan = plannedBetween(p, at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'));
      expect(plan.map((a) => a.runDate)).toEqual([...Array(5).fill('2026-03-29'), ...Array(5).fill('2026-03-30')]);
      expect(plan.map((a) => a.at.toISOString().slice(0, 16))).toEqual([
        '2026-03-29T00:01', '2026-03-29T00:10', '2026-03-29T00:20', '2026-03-29T00:30', '2026-03-29T00:40', // GMT
        '2026-03-29T23:01', '2026-03-29T23:10', '2026-03-29T23:20', '2026-03-29T23:30', '2026-03-29T23:40', // BST
      ]);
      for (const a of plan) {
        expect(venueClock(a.at, 'Europe/London', 'HH:mm')).toBe(a.time);
        expect(runDateAt(a.at, 'Europe/London')).toBe(a.runDate);
        expect(a.targetDate).toBe(targetDateFor(a.runDate, 7));
      }
    });

    it('plannedBetween across New York’s fall-back night', () => {
      const p = storedProfile({ timeZone: 'America/New_York', attemptTimes: ['00:01', '00:40'] });
      const plan = plannedBetween(p, at('2026-10-31T12:00:00Z'), at('2026-11-02T12:00:00Z'));
      expect(plan.map((a) => `${a.runDate} ${a.at.toISOString()}`)).toEqual([
        '2026-11-01 2026-11-01T04:01:00.000Z', // EDT
        '2026-11-01 2026-11-01T04:40:00.000Z',
        '2026-11-02 2026-11-02T05:01:00.000Z', // EST
        '2026-11-02 2026-11-02T05:40:00.000Z',
      ]);
    });

    it('attempts on a night whose midnight does not exist still run, an hour later by the wall clock', () => {
      const p = storedProfile({ timeZone: 'America/Santiago' });
      const plan = attemptsOn(p, '2026-09-06');
      expect(plan.map((a) => venueClock(a.at, 'America/Santiago', 'HH:mm'))).toEqual(['01:01', '01:10', '01:20', '01:30', '01:40']);
      expect(plan.map((a) => runDateAt(a.at, 'America/Santiago'))).toEqual(Array(5).fill('2026-09-06'));
      const between = plannedBetween(p, at('2026-09-05T12:00:00Z'), at('2026-09-06T12:00:00Z'));
      expect(between.map((a) => a.at.getTime())).toEqual(plan.map((a) => a.at.getTime()));
    });

    it('books only nights whose target weekday is on', () => {
      const p = storedProfile({ bookOn: ['sat'], attemptTimes: ['00:01'] });
      const plan = plannedBetween(p, at('2026-11-23T00:00:00Z'), at('2026-12-07T00:00:00Z'));
      expect(plan.map((a) => [a.runDate, a.targetDate])).toEqual([
        ['2026-11-28', '2026-12-05'],
        ['2026-12-05', '2026-12-12'],
      ]);
    });

    it('daysAhead 3: the run is three days before the target weekday', () => {
      const p = storedProfile({ bookOn: ['sat'], attemptTimes: ['00:01'], daysAhead: 3 });
      const plan = plannedBetween(p, at('2026-11-23T00:00:00Z'), at('2026-12-07T00:00:00Z'));
      expect(plan.map((a) => [a.runDate, a.targetDate])).toEqual([
        ['2026-11-25', '2026-11-28'],
        ['2026-12-02', '2026-12-05'],
      ]);
      for (const a of plan) {
        expect(weekdayOf(a.runDate)).toBe('wed');
        expect(weekdayOf(a.targetDate)).toBe('sat');
      }
    });

    it('daysAhead 0 books today; a disabled profile plans nothing', () => {
      const p = storedProfile({ bookOn: ['tue'], attemptTimes: ['00:01'], daysAhead: 0 });
      const plan = plannedBetween(p, at('2026-11-23T00:00:00Z'), at('2026-12-01T00:00:00Z'));
      expect(plan.map((a) => [a.runDate, a.targetDate])).toEqual([['2026-11-24', '2026-11-24']]);
      expect(plannedBetween({ ...p, enabled: false }, at('2026-11-23T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toEqual([]);
    });

    it('the window opens at opensAt when that is earlier than the first attempt, and the weekday override wins', () => {
      const p = storedProfile({ opensAt: '00:00', attemptTimes: ['00:05', '00:40'] });
      const w = nightWindow(p, '2026-11-28', 60)!;
      expect(w.start.toISOString()).toBe('2026-11-28T00:00:00.000Z');
      expect(w.end.toISOString()).toBe('2026-11-28T01:40:00.000Z');
      const q = { ...p, weekdays: { ...p.weekdays, sat: { book: true, instructions: 'Saturday: lane 5 on {date}' } } };
      expect(instructionsFor(q, '2026-11-28')).toBe('Saturday: lane 5 on {date}'); // target Sat 5 Dec
      expect(instructionsFor(q, '2026-11-29')).toBe(p.instructions);
    });
  });
});
