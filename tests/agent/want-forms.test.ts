// Unit: the ways sites write the wanted date, time and lane, and the matcher the compact snapshot keeps cells by.
import { describe, expect, it } from 'vitest';
import { dateForms, holdsForm, lanesIn, looksLikeDate, matchWant, mentionsDate, timesIn } from '../../agent/page/want-forms';

describe('mentionsDate', () => {
  it('finds 8 December 2026 as the sites write it', () => {
    for (const t of [
      '2026-12-08', 'Tuesday 8 December', 'Tuesday 08 December 2026', 'Tue, 12/08 2026 7:00 AM', 'Tuesday, 12/08/2026', '12/8/2026',
      '08.12.2026', 'Dienstag, 8. Dezember 2026', 'mardi 8 décembre 2026', '08/12/2026', 'Tuesday, December 8th, 2026', 'Dezember 8, 2026', 'décembre 8, 2026', 'Tue 8 Dec',
    ]) expect(mentionsDate(t, '2026-12-08'), t).toBe(true);
  });
  it('does not take a neighbouring day, or a longer number, for it', () => {
    for (const t of ['18. Dezember 2026', 'Tuesday 18 December', '12/18/2026', '2026-12-09', '28.12.2026', 'Tue 8 Decimal']) expect(mentionsDate(t, '2026-12-08'), t).toBe(false);
    expect(mentionsDate('1er décembre 2026', '2026-12-01')).toBe(true);
    expect(mentionsDate('11 décembre 2026', '2026-12-01')).toBe(false);
  });
  it('knows a date from no date at all', () => {
    expect(looksLikeDate('Monday, 11/30/2026')).toBe(true);
    expect(looksLikeDate('30 novembre')).toBe(true);
    expect(looksLikeDate('Lane 3 × 7:00 AM')).toBe(false);
    expect(dateForms('not a date')).toEqual([]);
    expect(holdsForm('am 1. dezember', '1. dezember')).toBe(true);
  });
});

describe('timesIn / lanesIn / matchWant', () => {
  it('reads 24 h, 12 h, German and French times, not dates', () => {
    expect(timesIn('07:00 Uhr, 7:00 AM, 7:00 PM, 12:00 PM, 7 am, 07h00, 19:30')).toEqual(['07:00', '07:00', '19:00', '12:00', '07:00', '07:00', '19:30']);
    expect(timesIn('08.12.2026 12/08/2026')).toEqual([]);
    expect(timesIn('17:00')).toEqual(['17:00']);
  });
  it('reads lanes in the sites’ words', () => {
    expect(lanesIn('Lane 3, Bahn 4, Ligne 5, court #6, Lane 30')).toEqual(['3', '4', '5', '6', '30']);
  });
  it('says which parts of the booking a text names; another date is said as such', () => {
    const want = { date: '2026-12-01', time: '07:00', lane: '3' };
    expect(matchWant('Tuesday, 12/01/2026: Lane 3 × 7:00 AM', want)).toEqual({ date: true, otherDate: false, time: true, lane: true });
    expect(matchWant('Monday, 11/30/2026: Lane 3 × 7:00 AM', want)).toMatchObject({ date: false, otherDate: true, time: true, lane: true });
    // The first time named is the slot's: "06:00 - 07:00" is the 06:00 session.
    expect(matchWant('06:00 - 07:00 Libre', want).time).toBe(false);
  });
});
