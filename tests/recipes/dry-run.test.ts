// The dry run cannot book, whatever the recipe says: the guard in the browser holds every state-changing request
// the steps before the commit were not recorded sending. Recipes shaped like the bugs found on real sites — the
// booking step marked one step too late (the success dialog's Close), and old recipes that record no requests —
// are dry-run on the sites that book on the way (booked's Create, the wizard's POST per step): ground truth shows
// no booking, and the held request is reported.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dryRun, type Recipe } from '../../agent/index';
import type { RecipeStep } from '../../agent/recipes/schema';
import { startVenue, type Venue } from '../venue/index';
import { MEMBER, TARGET, VENUE_NOW } from '../agent/helpers';

let venue: Venue;
beforeAll(async () => { venue = await startVenue({ layout: 'booked', testMode: true, now: VENUE_NOW }); });
afterAll(async () => { await venue?.close(); });
beforeEach(() => { venue.reset(); venue.setClock({ now: VENUE_NOW }); });

const secrets = new Map([['username', MEMBER.username], ['password', MEMBER.password]]);
const click = (locators: RecipeStep['locators'], extra: Partial<RecipeStep> = {}): RecipeStep => ({ action: 'click', locators, phase: 'book', commit: false, post: [], ...extra });

function recipe(origin: string, startUrl: string, steps: RecipeStep[]): Recipe {
  return {
    version: 1, origin, startUrl, source: 'teach', createdAt: '2026-11-24T10:00:00Z', updatedAt: '2026-11-24T10:00:00Z',
    learnedFor: { date: TARGET, time: '07:00', lane: '3' }, params: ['date', 'lane', 'time'], steps, done: [], heals: 0,
  };
}

/** LibreBooking: open the day, the slot cell, Create (the booking request), then the success dialog's Close. */
function bookedSteps(sends: boolean): RecipeStep[] {
  return [
    { action: 'navigate', url: '/Web/schedule.php?sd={{date:iso}}', locators: [], phase: 'book', commit: false, post: [] },
    click([{ by: 'cell', row: 'Lane {{lane}}', column: '{{time:h12}}', within: '{{date:weekdayMdy}}' }], { post: [{ kind: 'url', path: '/Web/reservation.php', query: {} }] }),
    click([{ by: 'role', role: 'button', name: 'Create', exact: true }], { post: [{ kind: 'visible', locator: { by: 'role', role: 'button', name: 'Close', exact: true } }], ...(sends ? { sends: [{ method: 'POST', path: '/Web/ajax/reservation_save.php' }] } : {}) }),
    // The old bug: the last click taken for the booking step.
    click([{ by: 'role', role: 'button', name: 'Close', exact: true }], { commit: true, post: [{ kind: 'url', path: '/Web/dashboard.php', query: {} }] }),
  ];
}

const noBookings = () => expect(venue.bookings().filter((b) => !b.cancelledAt)).toEqual([]);
const opts = (want = { date: TARGET, time: '07:00', lane: '4' }) => ({
  venue: { startUrl: venue.startUrl, allowedOrigins: [venue.origin], timeZone: 'Europe/London' }, secrets,
  browser: { executablePath: '/usr/bin/chromium' }, want,
});

describe('a dry run never books', () => {
  it('booked, with the booking step marked one step too late and its request recorded: the guard stops at Create and holds it', async () => {
    venue.setLayout('booked');
    const c = await dryRun(recipe(venue.origin, venue.startUrl, bookedSteps(true)), opts());
    expect(c.ok, c.message).toBe(true);
    expect(c.held).toEqual(['POST /Web/ajax/reservation_save.php at step 3']);
    expect(c.message).toContain('the dry run held POST /Web/ajax/reservation_save.php at step 3: not sent');
    noBookings();
  }, 60_000);

  it('booked, an old recipe that records no requests: Create is walked, its request held, and the dry run says why it stopped', async () => {
    venue.setLayout('booked');
    const c = await dryRun(recipe(venue.origin, venue.startUrl, bookedSteps(false)), opts());
    expect(c.ok).toBe(false);
    expect(c.held).toEqual(['POST /Web/ajax/reservation_save.php at step 3']);
    expect(c.message).toMatch(/stopped at step 3.*held POST \/Web\/ajax\/reservation_save\.php at step 3: not sent.*does not record which requests its steps send/);
    noBookings();
  }, 60_000);

  it('wizard, every step a POST, no requests recorded: the first Continue is held and nothing more is sent', async () => {
    venue.setLayout('wizard');
    const steps: RecipeStep[] = [
      { action: 'navigate', url: '/wizard/activity', locators: [], phase: 'book', commit: false, post: [] },
      { action: 'check', locators: [{ by: 'role', role: 'radio', name: 'Lap swimming', exact: true }], checked: true, phase: 'book', commit: false, post: [{ kind: 'checked', checked: true }] },
      click([{ by: 'role', role: 'button', name: 'Continue', exact: true }], { post: [{ kind: 'url', path: '/wizard/date', query: {} }] }),
      { action: 'check', locators: [{ by: 'role', role: 'radio', name: '{{date:long}}', exact: true }], checked: true, phase: 'book', commit: false, post: [{ kind: 'checked', checked: true }] },
      click([{ by: 'role', role: 'button', name: 'Continue', exact: true }], { post: [{ kind: 'url', path: '/wizard/time', query: {} }] }),
      click([{ by: 'role', role: 'button', name: 'Confirm booking', exact: true }], { commit: true }),
    ];
    const before = venue.requests().length;
    const c = await dryRun(recipe(venue.origin, `${venue.url}/`, steps), { ...opts(), venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' } });
    expect(c.ok).toBe(false);
    expect(c.held).toEqual(['POST /wizard/activity at step 3']);
    // Nothing but the login was posted to the venue.
    const posts = venue.requests().slice(before).filter((r) => r.method === 'POST').map((r) => r.path);
    expect(posts).toEqual(['/login']);
    noBookings();
  }, 60_000);
});
