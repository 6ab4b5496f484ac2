// Bench: the model path on each venue layout, with a zero-latency fake model (the competent
// behaviour answers in microseconds), so what is left is Lanebot's own cost: model calls per
// booking against the fewest the layout allows, what the model reads per step (compact snapshot vs
// the raw aria snapshot vs the page HTML, chars/4), the system prompt, and the harness time per step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, SYSTEM_PROMPT_TOKENS, type BookResult } from '../../agent/index';
import { competent } from '../../tests/fake-ollama/behaviours';
import { startFakeOllama } from '../../tests/fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type VenueLayout } from '../../tests/venue/index';
import { mean, median } from './stats';

const MEMBER = DEMO_MEMBERS[0]!;
/** Tuesday 24 Nov 2026 10:00 London on the venue's clock; Tuesday 1 December is open and one week ahead. */
const VENUE_NOW = new Date('2026-11-24T10:00:00Z');
const TARGET = '2026-12-01';
const GOAL = `Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on Tuesday 1 December 2026 (${TARGET}); otherwise any lane at 07:00.`;

/**
 * The fewest model calls a booking can take on each layout after the built-in login, one action per
 * call, ending with "done" — counted from the layout's own pages (tests/venue/layout-*.ts). Sites added
 * under tests/venue/sites/ have no count yet:
 */
export const MIN_MODEL_CALLS: Partial<Record<VenueLayout, { calls: number; path: string }>> = {
  // open "Book a lane", "Next week" (the target is 7 days out), the slot button, done
  grid: { calls: 4, path: 'Book a lane → Next week → slot → done' },
  // open "Timetable", the target day's button, the lane button, Confirm in the dialog, done
  cards: { calls: 5, path: 'Timetable → day → lane → Confirm → done' },
  // open "Book a session"; activity, date, time and lane are each a radio plus Continue; Confirm booking; done
  wizard: { calls: 11, path: 'Book a session → 4 × (radio + Continue) → Confirm booking → done' },
};

export interface ModelPathFigures {
  layout: VenueLayout;
  calls: number;
  minCalls: number;
  minPath: string;
  steps: number;
  /** Mean tokens per step: what the model saw, the raw aria snapshot, the page HTML. */
  compactTokens: number;
  rawTokens: number;
  htmlTokens: number;
  maxCompactTokens: number;
  /** Prompt tokens per model call as the (fake) server counted them (chars/4 of all messages). */
  promptTokensPerCall: number;
  systemPromptTokens: number;
  /** Median over runs of harness time (browser, snapshot, bookkeeping; model time excluded) per step. */
  harnessMsPerStep: number;
  runs: number;
}


export async function measureModelPath(layout: VenueLayout, runs = 3): Promise<ModelPathFigures> {
  const venue = await startVenue({ layout, testMode: true, now: VENUE_NOW });
  const fake = await startFakeOllama({ behaviour: competent() });
  const dir = await mkdtemp(join(tmpdir(), 'lanebot-bench-model-'));
  const book = async (measure: boolean): Promise<BookResult> => {
    venue.reset();
    venue.setClock({ now: VENUE_NOW });
    const session = await openSession({
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 10_000, numCtx: 8192, keepAlive: '30m' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      artifactsDir: dir,
      measure,
    });
    try {
      const r = await session.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
      if (r.failure || !r.claimedDone) throw new Error(`${layout}: the competent model did not book: ${r.failure?.message ?? 'no done'}`);
      return r;
    } finally {
      await session.close();
    }
  };
  try {
    // Harness time without the bench's own page.content() per step, then one measured run for sizes.
    const plain: BookResult[] = [];
    for (let i = 0; i < runs; i++) plain.push(await book(false));
    const chatsBefore = fake.requests.filter((r) => r.path === '/api/chat').length;
    const measured = await book(true);
    const chats = fake.requests.filter((r) => r.path === '/api/chat').slice(chatsBefore);
    const sizes = measured.steps.map((s) => s.sizes).filter((s): s is NonNullable<typeof s> => !!s);
    const promptTokens = chats.map((c) => Math.ceil(((c.body as { messages?: { content?: string }[] }).messages ?? []).reduce((n, m) => n + (m.content?.length ?? 0), 0) / 4));
    return {
      layout,
      calls: median(plain.map((r) => r.usage.calls)),
      minCalls: MIN_MODEL_CALLS[layout]?.calls ?? NaN,
      minPath: MIN_MODEL_CALLS[layout]?.path ?? 'not counted',
      steps: measured.steps.length,
      compactTokens: Math.round(mean(sizes.map((s) => s.compactTokens))),
      rawTokens: Math.round(mean(sizes.map((s) => s.rawTokens))),
      htmlTokens: Math.round(mean(sizes.map((s) => s.htmlTokens ?? 0))),
      maxCompactTokens: Math.max(0, ...sizes.map((s) => s.compactTokens)),
      promptTokensPerCall: Math.round(mean(promptTokens)),
      systemPromptTokens: SYSTEM_PROMPT_TOKENS,
      harnessMsPerStep: Math.round(median(plain.map((r) => (r.harnessMs ?? 0) / Math.max(1, r.steps.length)))),
      runs,
    };
  } finally {
    await venue.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
