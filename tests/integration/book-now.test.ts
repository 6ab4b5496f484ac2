// The whole night's algorithm with the real parts: service runner → agent → real Chromium →
// demo venue, with the fake Ollama speaking the real HTTP API. Judged by the venue's ground truth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import { FileSecretStore } from '../../electron/service/store/secrets';
import type { Attempt } from '../../shared/schemas';
import type { ProfileView, ServiceEvent } from '../../shared/contract';
import { competent, liar } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';
import { filesUnder, removeDir, tempDir } from '../agent/helpers';

const MEMBER = DEMO_MEMBERS[0]!;
let venue: Venue;
let fake: FakeOllama;
let home: string;
let service: LanebotService;
let events: string[];

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
  fake.setBehaviour(competent());
  fake.requests.length = 0;
  home = await tempDir('service');
  const secrets = new FileSecretStore(home);
  service = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, schedule: false });
  await service.handle('settings.save', { ollamaHost: fake.host, browserPath: '/usr/bin/chromium', modelTimeoutMs: 5000 });
  events = [];
  service.subscribe((e: ServiceEvent) => events.push(JSON.stringify(e)));
});
afterEach(async () => {
  await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  await removeDir(home);
});

async function addProfile(password = MEMBER.password): Promise<ProfileView> {
  const on = { book: true };
  return (await service.handle('profiles.save', {
    profile: {
      name: 'Alex',
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London', daysAhead: 7 },
      instructions: 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}; otherwise any lane at 07:00.',
      weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
      verification: { time: '07:00' },
    },
    secrets: { username: MEMBER.username, password },
  })) as ProfileView;
}

async function bookNow(profileId: string, trigger: 'book-now' | 'schedule' = 'book-now'): Promise<Attempt | string> {
  const r = service.core.runner.run(profileId, trigger);
  return 'done' in r ? r.done : r.skipped;
}

const live = () => venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt);

function scanForSecret(secret: string) {
  const written = readFileSync(join(home, 'lanebot.json'), 'utf8');
  expect(written).not.toContain(secret);
  expect(events.join('\n')).not.toContain(secret);
  for (const r of fake.requests) expect(r.raw).not.toContain(secret);
}

describe('Book now through the service, the agent and the demo venue', () => {
  it('books, verifies on the venue, and turns the light green', async () => {
    const p = await addProfile();
    const a = (await bookNow(p.id)) as Attempt;
    expect(a.outcome, a.summary).toBe('verified');
    expect(a.via).toBe('model');
    // Ground truth: exactly one booking, on the target date.
    expect(live().map((b) => [b.date, b.time])).toEqual([[a.targetDate, '07:00']]);
    const status = await service.status();
    const light = status.profiles[0]!.lights.find((l) => l.runDate === a.runDate)!;
    expect(light.state).toBe('green');
    expect(status.profiles[0]!.line).toMatch(/booked \d\d:\d\d:\d\d ✓/);
    // Evidence: screenshots exist under the artifacts folder, named without secrets.
    expect(a.screenshots.length).toBeGreaterThanOrEqual(2);
    for (const s of a.screenshots) expect(readFileSync(join(service.artifactsDir, s)).subarray(1, 4).toString()).toBe('PNG');
    expect(a.verification?.match?.date).toBe(a.targetDate);
    expect(a.usage?.calls).toBeGreaterThan(0);
    scanForSecret(MEMBER.password);
    for (const f of await filesUnder(home)) if (!f.name.endsWith('secrets.json')) expect(f.content).not.toContain(MEMBER.password);
  });

  it('a lying model is not recorded as a success, and nothing is booked', async () => {
    const p = await addProfile();
    fake.setBehaviour(liar());
    const a = (await bookNow(p.id)) as Attempt;
    expect(a.outcome).toBe('failed');
    expect(a.failure?.kind).toBe('transient');
    expect(live()).toHaveLength(0);
    expect(service.core.store.data.ledger[p.id]).toBeUndefined();
  });

  it('a booking made by hand is found by the pre-check; nothing is booked twice', async () => {
    const p = await addProfile();
    const target = (await service.status()).profiles[0]!.targetDate;
    venue.addBooking({ member: MEMBER.username, date: target, time: '07:00', lane: 2 });
    const a = (await bookNow(p.id)) as Attempt;
    expect(a.outcome).toBe('already-booked');
    expect(live()).toHaveLength(1);
    expect(venue.requests().filter((r) => r.method === 'POST' && /book/.test(r.path))).toHaveLength(0);
    expect(fake.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0);
  });

  it('a wrong password is permanent: tonight’s retries stop and the account is never locked', async () => {
    const p = await addProfile('not-the-password');
    const a = (await bookNow(p.id, 'schedule')) as Attempt;
    expect(a.failure?.kind, a.summary).toBe('permanent');
    expect(a.summary).toMatch(/(stopped trying|will not try again) tonight/);
    // Said once, and without the pre-check's "could not check" in front of the venue's own words.
    expect(a.summary.match(/tonight/g)).toHaveLength(1);
    expect(a.summary).not.toMatch(/^Could not check/);
    expect(await bookNow(p.id, 'schedule')).toMatch(/permanent/);
    const logins = venue.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/login'));
    // The record keeps its identity even though the username ("alex") also appears in the profile id.
    expect(service.core.store.data.attempts[0]!.profileId).toBe(p.id);
    expect(logins).toHaveLength(1);
    scanForSecret('not-the-password');
  });

  it('Ollama down: a clear, transient failure that names the fix', async () => {
    const p = await addProfile();
    await service.handle('settings.save', { ollamaHost: 'http://127.0.0.1:9' });
    const a = (await bookNow(p.id)) as Attempt;
    expect(a.outcome).toBe('failed');
    expect(a.failure?.kind).toBe('transient');
    expect(a.summary).toMatch(/Ollama/);
    expect(live()).toHaveLength(0);
  });
});
