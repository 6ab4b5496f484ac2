// The demo venue's public API: startVenue() and the types tests, demo and benchmarks code against.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hourlySlots, isTime } from './calendar';
import { BOOKING_PAGE_PATH, BOOKINGS_PATH, createHandler, START_PATH } from './server';
import { VenueState } from './state';
import type { ResolvedVenueOptions, Venue, VenueMember, VenueOptions } from './types';

export type {
  Venue,
  VenueBooking,
  VenueCompetitors,
  VenueFaults,
  VenueLayout,
  VenueMember,
  VenueOptions,
  VenuePayment,
  VenueRequest,
  HumanCheckKind,
  ResolvedVenueOptions,
} from './types';
export { VENUE_LAYOUTS, DEMO_LAYOUTS, HUMAN_CHECK_KINDS } from './types';

/** Demo members. Robin can log in but has no booking rights. */
export const DEMO_MEMBERS: VenueMember[] = [
  // Alex's authenticator seed: the `twoFactor` fault asks for its code after the password.
  { username: 'alex', password: 'correct-horse-42', name: 'Alex Morgan', totpSecret: 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAN5WGQZLS' },
  { username: 'sam', password: 'blue-lagoon-7', name: 'Sam Patel' },
  { username: 'kim', password: 'butterfly-stroke-9', name: 'Kim Okafor' },
  { username: 'robin', password: 'no-lanes-for-me-3', name: 'Robin Lee', canBook: false },
];

export function resolveOptions(o: VenueOptions = {}): ResolvedVenueOptions {
  const r: ResolvedVenueOptions = {
    port: o.port ?? 0,
    layout: o.layout ?? 'grid',
    timeZone: o.timeZone ?? 'Europe/London',
    daysAhead: o.daysAhead ?? 7,
    releaseTime: o.releaseTime ?? '00:00',
    lanes: o.lanes ?? 6,
    slots: o.slots ?? hourlySlots(6, 21),
    members: (o.members ?? DEMO_MEMBERS).map((m) => ({ ...m })),
    testMode: o.testMode ?? false,
    clockOffsetMs: o.clockOffsetMs ?? 0,
    now: o.now,
    lockAfter: o.lockAfter ?? 5,
    sessionTtlMs: o.sessionTtlMs ?? 30 * 60_000,
  };
  if (!isTime(r.releaseTime)) throw new Error(`releaseTime must be HH:mm, got ${r.releaseTime}`);
  if (!r.slots.every(isTime)) throw new Error('slots must be HH:mm times');
  if (!Number.isInteger(r.daysAhead) || r.daysAhead < 0) throw new Error('daysAhead must be a whole number ≥ 0');
  if (!Number.isInteger(r.lanes) || r.lanes < 1) throw new Error('lanes must be ≥ 1');
  if (!Number.isInteger(r.lockAfter) || r.lockAfter < 1) throw new Error('lockAfter must be ≥ 1');
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: r.timeZone });
  } catch {
    throw new Error(`unknown time zone: ${r.timeZone}`);
  }
  return r;
}

export async function startVenue(opts: VenueOptions = {}): Promise<Venue> {
  const options = resolveOptions(opts);
  const state = new VenueState(options);
  const server = createServer(createHandler(state));
  // Short keep-alive so close() is quick; requestTimeout bounds a stuck client.
  server.keepAliveTimeout = 2_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  state.tick();
  let closed = false;
  const venue: Venue = {
    url: origin,
    origin,
    get bookingsUrl() {
      return origin + BOOKINGS_PATH[state.layout];
    },
    get bookingPageUrl() {
      return origin + BOOKING_PAGE_PATH[state.layout];
    },
    get startUrl() {
      return origin + START_PATH[state.layout];
    },
    get layout() {
      return state.layout;
    },
    options,
    async close() {
      if (closed) return;
      closed = true;
      state.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    now: () => state.clock.now(),
    setClock: (c) => state.setClock(c),
    setLayout: (l) => {
      state.layout = l;
    },
    setFaults: (f) => state.setFaults(f),
    faults: () => structuredClone(state.faults),
    clearFaults: () => state.clearFaults(),
    setCompetitors: (c) => state.setCompetitors(c),
    bookings: () => {
      state.tick();
      return structuredClone(state.bookings);
    },
    requests: () => structuredClone(state.requests),
    payments: () => structuredClone(state.payments),
    credit: (member) => state.creditOf(member),
    sentCode: (member) => state.sentCodes.get(member),
    addBooking: (b) => structuredClone(state.seed(b)),
    cancelBooking: (id) => {
      const b = state.bookings.find((x) => x.id === id);
      const cancelled = b && state.cancel(b.member, id);
      return cancelled ? structuredClone(cancelled) : undefined;
    },
    releaseInstant: (date) => new Date(state.releaseInstant(date)),
    nextReleaseDate: () => state.nextReleaseDate(),
    reset: () => state.reset(),
  };
  return venue;
}
