// The cancellation watch with the real parts: service runner → agent → real Chromium → demo venue,
// the fake Ollama speaking the real HTTP API. Another member holds the wanted lane; the night's attempt
// fails; a watch check finds nothing; the member cancels; the next check books and verifies it.
// Judged by the venue's ground truth.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import { FileSecretStore } from '../../electron/service/store/secrets';
import type { Attempt, ProfileInput } from '../../shared/schemas';
import type { ProfileView } from '../../shared/contract';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';
import { removeDir, tempDir } from '../agent/helpers';

const ALEX = DEMO_MEMBERS[0]!;
const OTHER = DEMO_MEMBERS[1]!;
let venue: Venue;
let fake: FakeOllama;
let home: string;
let service: LanebotService;

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true });
  fake = await startFakeOllama({ behaviour: competent() });
});
afterAll(async () => {
  await venue?.close();
  await fake?.close();
});
beforeEach(async () => {
  venue.reset();
  fake.requests.length = 0;
  home = await tempDir('watch');
  const secrets = new FileSecretStore(home);
  service = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, schedule: false });
  await service.handle('settings.save', { ollamaHost: fake.host, browserPath: '/usr/bin/chromium', modelTimeoutMs: 5000 });
});
afterEach(async () => {
  await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  await removeDir(home);
});

async function saveProfile(over: Partial<ProfileInput> = {}, id?: string): Promise<ProfileView> {
  const on = { book: true };
  return (await service.handle('profiles.save', {
    profile: {
      ...(id ? { id } : {}),
      name: 'Alex',
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 7 },
      instructions: 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}.',
      weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
      verification: { time: '07:00', lane: '3' },
      watch: { enabled: true, everyMinutes: 15, until: '23:59' },
      ...over,
    },
    secrets: { username: ALEX.username, password: ALEX.password },
  })) as ProfileView;
}

async function run(profileId: string, trigger: 'schedule' | 'watch' | 'book-now'): Promise<Attempt> {
  const r = service.core.runner.run(profileId, trigger);
  if (!('done' in r)) throw new Error(`skipped: ${r.skipped}`);
  return r.done;
}

const alexLive = () => venue.bookings().filter((b) => b.member === ALEX.username && !b.cancelledAt);
const chats = () => fake.requests.filter((r) => r.path === '/api/chat').length;

describe('cancellation watch, end to end', () => {
  it('books the wanted lane once another member cancels it', async () => {
    const p = await saveProfile();
    const target = (await service.status()).profiles[0]!.targetDate;
    const held = venue.addBooking({ member: OTHER.username, date: target, time: '07:00', lane: 3 });

    const night = await run(p.id, 'schedule');
    expect(night.outcome, night.summary).toBe('failed');
    const first = await run(p.id, 'watch');
    expect(first.outcome, first.summary).toBe('failed');
    expect(first.watch?.checks).toBe(1);
    expect(alexLive()).toHaveLength(0);

    expect(venue.cancelBooking(held.id)).toBeDefined();
    const second = await run(p.id, 'watch');
    expect(second.outcome, second.summary).toBe('verified');
    expect(second.trigger).toBe('watch');
    // Ground truth: exactly Alex's wanted slot, once.
    expect(alexLive().map((b) => [b.date, b.time, b.lane])).toEqual([[target, '07:00', 3]]);
    expect((await service.status()).profiles[0]!.lights.find((l) => l.runDate === second.runDate)?.state).toBe('green');
    // The one record of the unsuccessful check stays beside the booking; no second one was added.
    expect(service.core.store.data.attempts.filter((a) => a.trigger === 'watch').map((a) => a.outcome)).toEqual(['failed', 'verified']);
  }, 180_000);

  it('with a learned recipe, checks and books without a single model call', async () => {
    // A verified model run leaves the recipe (booking a week ahead) …
    const p = await saveProfile();
    const learned = await run(p.id, 'book-now');
    expect(learned.outcome, learned.summary).toBe('verified');
    expect(service.core.store.data.recipes[p.id]).toBeDefined();
    // … then the profile books six days ahead, where another member holds Lane 3 at 07:00.
    await saveProfile({ venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 6 } }, p.id);
    const target = (await service.status()).profiles[0]!.targetDate;
    expect(target).not.toBe(learned.targetDate);
    const held = venue.addBooking({ member: OTHER.username, date: target, time: '07:00', lane: 3 });
    const calls = chats();

    const taken = await run(p.id, 'watch');
    expect(taken.outcome, taken.summary).toBe('failed');
    expect(taken.via).toBe('recipe');
    expect(['recipe-stopped', 'slot-taken']).toContain(taken.failure?.code);
    expect(chats()).toBe(calls);

    venue.cancelBooking(held.id);
    const booked = await run(p.id, 'watch');
    expect(booked.outcome, booked.summary).toBe('verified');
    expect(booked.via).toBe('recipe');
    expect(chats()).toBe(calls);
    expect(alexLive().filter((b) => b.date === target).map((b) => [b.time, b.lane])).toEqual([['07:00', 3]]);
  }, 180_000);

  it('with a learned recipe, a check takes the next choice when the first is still taken, still without the model', async () => {
    const p = await saveProfile();
    expect((await run(p.id, 'book-now')).outcome).toBe('verified');
    const sixDays = { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 6 };
    await saveProfile({ venue: sixDays, alternatives: [{ time: '07:00', lane: '2' }] }, p.id);
    const target = (await service.status()).profiles[0]!.targetDate;
    venue.addBooking({ member: OTHER.username, date: target, time: '07:00', lane: 3 });
    const calls = chats();

    const check = await run(p.id, 'watch');
    expect(check.outcome, check.summary).toBe('verified');
    expect(check.via).toBe('recipe');
    expect(chats()).toBe(calls);
    expect(check.verification?.match).toMatchObject({ time: '07:00', lane: expect.stringMatching(/2/) });
    expect(alexLive().filter((b) => b.date === target).map((b) => [b.time, b.lane])).toEqual([['07:00', 2]]);
  }, 180_000);
});
