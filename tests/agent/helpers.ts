// Shared set-up for the agent's integration tests: venue + fake Ollama + session options, and secret scanning.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionOptions } from '../../agent/index';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Behaviour } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue } from '../venue/index';
import type { Venue, VenueLayout } from '../venue/index';

export const MEMBER = DEMO_MEMBERS[0]!;
/** The venue's clock for every test: Tuesday 24 Nov 2026, 10:00 London; bookings for Tue 1 Dec are open. */
export const VENUE_NOW = new Date('2026-11-24T10:00:00Z');
export const TARGET = '2026-12-01';
export const GOAL = `Book Lane 3 at 07:00 on Tuesday 1 December 2026 (${TARGET}); otherwise any lane at 07:00.`;

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `lanebot-${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Captured { logs: string[]; steps: unknown[] }

export function sessionOptions(
  venue: Venue,
  fake: Pick<FakeOllama, 'host'>,
  artifactsDir: string,
  over: Partial<SessionOptions> & { password?: string; username?: string } = {},
  captured: Captured = { logs: [], steps: [] },
): SessionOptions {
  const secrets: Record<string, string> = { username: over.username ?? MEMBER.username, password: over.password ?? MEMBER.password };
  const { password: _p, username: _u, ...rest } = over;
  return {
    venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
    secrets: { names: Object.keys(secrets), resolve: async (n) => secrets[n] },
    model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 5_000, numCtx: 8192, keepAlive: '30m' },
    browser: { executablePath: '/usr/bin/chromium', headless: true },
    artifactsDir,
    budgets: { maxSteps: 20, maxWallMs: 60_000, maxModelMs: 30_000 },
    log: (l) => captured.logs.push(l),
    onStep: (s) => captured.steps.push(s),
    ...rest,
  };
}

/** Every file under dir, as raw bytes decoded latin1 (so any byte sequence is searchable) plus its name. */
export async function filesUnder(dir: string): Promise<{ name: string; content: string }[]> {
  const out: { name: string; content: string }[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push({ name: p, content: (await readFile(p)).toString('latin1') });
    }
  };
  await walk(dir);
  return out;
}

/** A demo venue on VENUE_NOW, a fake Ollama and a temp folder, shared by a test file's agent sessions. */
export interface AgentFixture {
  venue: Venue;
  fake: FakeOllama;
  dir: string;
}

/**
 * Starts the fixture once for the file, puts the venue back to a clean state at VENUE_NOW before each
 * test (and forgets the model's requests), and closes everything after. Read it inside tests and hooks.
 */
export function useAgentFixture(name: string, o: { layout?: VenueLayout; behaviour: Behaviour }): AgentFixture {
  const f = {} as AgentFixture;
  beforeAll(async () => {
    f.venue = await startVenue({ layout: o.layout ?? 'grid', testMode: true, now: VENUE_NOW });
    f.fake = await startFakeOllama({ behaviour: o.behaviour });
    f.dir = await tempDir(name);
  });
  afterAll(async () => {
    await f.venue?.close();
    await f.fake?.close();
    if (f.dir) await removeDir(f.dir);
  });
  beforeEach(() => {
    f.venue.reset();
    f.venue.setClock({ now: VENUE_NOW });
    f.venue.clearFaults();
    f.fake.requests.length = 0;
  });
  return f;
}
