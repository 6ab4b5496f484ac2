// A booking the member's list cannot show (LibreBooking's dashboard lists bookings only to the end of next week,
// and the profile books 14 days ahead): the night never counts it as verified and never sends a second booking
// request. The real service, runner, agent verification and Chromium against the venue; only the booking step is
// the site's hand-written script (so this test is about what verification and the runner do afterwards).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { createService, type LanebotService } from '../../electron/service/index';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import type { BookingPort } from '../../electron/service/night/booking-port';
import { FileSecretStore } from '../../electron/service/store/secrets';
import type { ProfileView } from '../../shared/contract';
import type { Attempt } from '../../shared/schemas';
import { removeDir, tempDir } from '../agent/helpers';
import { launchChromium } from '../venue/browser';
import { DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';
import { siteNamed } from '../venue/sites/index';

vi.setConfig({ testTimeout: 180_000 });

const MEMBER = DEMO_MEMBERS[0]!;
let venue: Venue;
let browser: Browser;
let home: string;
let service: LanebotService;

beforeAll(async () => {
  // The venue runs on this machine's clock, as the service does: the date 14 days out is open now.
  venue = await startVenue({ layout: 'booked', testMode: true, lanes: 4, daysAhead: 14 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await venue?.close();
});
beforeEach(async () => {
  venue.reset();
  home = await tempDir('unverifiable');
  const secrets = new FileSecretStore(home);
  const real = agentBookingPort({ secrets, home });
  // Real verification; the booking step is the site's own hand-written script, reported as an agent would.
  const port: BookingPort = {
    async open(ctx) {
      const session = await real.open(ctx);
      return {
        ...session,
        async book() {
          const page = await (await browser.newContext()).newPage();
          try {
            await siteNamed('booked')!.bookByHand(page, venue.url, MEMBER, { date: ctx.want.date, time: '07:00', lane: 3 });
          } finally {
            await page.context().close();
          }
          return { claimedDone: true, steps: [], via: 'recipe', sent: 1 };
        },
      };
    },
  };
  service = await createService({ home, secrets, port, probes: agentProbes, schedule: false });
  await service.handle('settings.save', { browserPath: '/usr/bin/chromium' });
});
afterEach(async () => {
  await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  await removeDir(home);
});

async function addProfile(): Promise<ProfileView> {
  const on = { book: true };
  return (await service.handle('profiles.save', {
    profile: {
      name: 'Alex',
      venue: { startUrl: venue.startUrl, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 14, locale: 'en-US' },
      instructions: 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}.',
      weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
      verification: { time: '07:00', lane: '3' },
    },
    secrets: { username: MEMBER.username, password: MEMBER.password },
  })) as ProfileView;
}

async function bookNow(profileId: string): Promise<Attempt> {
  const { attemptId } = (await service.handle('book.now', { profileId })) as { attemptId: string };
  for (;;) {
    const a = service.core.store.data.attempts.find((x: Attempt) => x.id === attemptId);
    if (a && a.outcome !== 'running') return a;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const bookingRequests = () => venue.requests().filter((r) => r.method === 'POST' && r.path === '/Web/ajax/reservation_save.php');

describe('a booking beyond what the bookings list shows', () => {
  it('is not counted as verified, and no second booking request is sent, however often the night tries', async () => {
    const p = await addProfile();
    const first = await bookNow(p.id);
    expect(first.outcome).toBe('failed');
    expect(first.failure?.code).toBe('cannot-verify');
    expect(first.summary).toMatch(/may have booked/);
    expect(service.core.store.data.ledger[p.id]).toBeUndefined();
    // The venue holds exactly the one booking.
    expect(venue.bookings().filter((b) => b.member === 'alex' && !b.cancelledAt)).toHaveLength(1);
    expect(bookingRequests()).toHaveLength(1);
    // The next attempt looks again, cannot see it, and does not book blindly.
    const second = await bookNow(p.id);
    expect(second.outcome).toBe('failed');
    expect(second.failure?.code).toBe('cannot-verify');
    expect(second.steps.some((s) => s.phase === 'book')).toBe(false);
    expect(bookingRequests()).toHaveLength(1);
  });

  it('says "cannot verify" as soon as the list states where it ends (a booking next week shows its "Next Week" group)', async () => {
    const p = await addProfile();
    const nextWeek = venue.bookings().length; // none yet
    expect(nextWeek).toBe(0);
    const today = new Date();
    // The Tuesday of next week (weeks start on Monday) is in the dashboard's "Next Week" group whatever day it is.
    const toMonday = ((8 - today.getDay()) % 7) || 7;
    const soon = new Date(today.getTime() + (toMonday + 1) * 86_400_000).toISOString().slice(0, 10);
    venue.addBooking({ member: 'alex', date: soon, time: '09:00', lane: 1 });
    const first = await bookNow(p.id);
    expect(first.failure?.code).toBe('cannot-verify');
    expect(first.verification?.status).toBe('cannot-verify');
    expect(first.verification?.reason).toMatch(/lists bookings only until/);
    expect(bookingRequests()).toHaveLength(1);
  });
});
