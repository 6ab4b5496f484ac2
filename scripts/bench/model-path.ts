// Bench: the model path on each venue layout, with a zero-latency fake model (the competent behaviour
// on the three original layouts, the generic one — which knows no layout — on the sites modelled on real
// applications; both answer in microseconds), so what is left is Lanebot's own cost: model calls per
// booking against the fewest the layout allows, what the model reads per step (compact snapshot vs
// the raw aria snapshot vs the page HTML, chars/4), the system prompt, and the harness time per step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, SYSTEM_PROMPT_TOKENS, type BookResult } from '../../agent/index';
import { competent } from '../../tests/fake-ollama/behaviours';
import { generic } from '../../tests/fake-ollama/generic';
import { startFakeOllama } from '../../tests/fake-ollama/server';
import { DEMO_LAYOUTS, DEMO_MEMBERS, startVenue, type VenueLayout } from '../../tests/venue/index';
import { mean, median } from './stats';

const MEMBER = DEMO_MEMBERS[0]!;
/** Tuesday 24 Nov 2026 10:00 London on the venue's clock; Tuesday 1 December is open and one week ahead. */
const VENUE_NOW = new Date('2026-11-24T10:00:00Z');
const TARGET = '2026-12-01';
const GOAL = `Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on Tuesday 1 December 2026 (${TARGET}); otherwise any lane at 07:00.`;

/**
 * The fewest model calls a booking can take on each layout after the built-in login, one action per
 * call, ending with "done" — counted from the layout's own pages (tests/venue/layout-*.ts and
 * tests/venue/sites/*), from the page a member starts on, for Tuesday 1 December seen from Tuesday 24 November:
 */
export const MIN_MODEL_CALLS: Record<VenueLayout, { calls: number; path: string }> = {
  // open "Book a lane", "Next week" (the target is 7 days out), the slot button, done
  grid: { calls: 4, path: 'Book a lane → Next week → slot → done' },
  // open "Timetable", the target day's button, the lane button, Confirm in the dialog, done
  cards: { calls: 5, path: 'Timetable → day → lane → Confirm → done' },
  // open "Book a session"; activity, date, time and lane are each a radio plus Continue; Confirm booking; done
  wizard: { calls: 11, path: 'Book a session → 4 × (radio + Continue) → Confirm booking → done' },
  // the login lands on the dashboard; the schedule is behind the "Schedule" dropdown; it shows this week
  // (one table per day), so "Next week »"; the empty slot cell opens the reservation form; "Create"; done
  booked: { calls: 6, path: 'Schedule ▾ → Bookings → Next week » → slot cell → Create → done' },
  // the day view is public: the built-in login follows its "Log in" and fills the late form before the first
  // call; the header's date field opens its picker, the day, the row/column's "Create a new booking", Save
  // (silent), done
  mrbs: { calls: 5, path: 'date field → day → Create a new booking → Save → done' },
  // the login lands on today's table; "Datum wählen" opens the picker, the day, "Bahn 3 um 07:00 Uhr buchen",
  // "Verbindlich buchen" in the dialog, done
  hallenbad: { calls: 5, path: 'Datum wählen → day → slot → Verbindlich buchen → done' },
  // the login lands on today's planning; "Aller au …" opens the picker, the day, the "Libre" event, the
  // first "Confirmer la réservation", done
  piscine: { calls: 5, path: 'Aller au … → day → Libre event → Confirmer la réservation → done' },
  // the login lands on the calendar of this month; December is the next month, the day, the card's "Book",
  // "Confirm booking" in the review panel, done
  daypicker: { calls: 5, path: 'Next Month → day → Book → Confirm booking → done' },
};

export interface ModelPathFigures {
  layout: VenueLayout;
  /** The fake model that booked: 'competent' (knows the original layouts) or 'generic' (knows none). */
  model: 'competent' | 'generic';
  /** Median wall time of a booking (browser start to done, zero-latency model), ms. */
  bookingMs: number;
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
  const model = DEMO_LAYOUTS.includes(layout) ? 'competent' : 'generic';
  const fake = await startFakeOllama({ behaviour: model === 'competent' ? competent() : generic() });
  const startUrl = model === 'competent' ? `${venue.url}/` : venue.startUrl;
  const dir = await mkdtemp(join(tmpdir(), 'lanebot-bench-model-'));
  const book = async (measure: boolean): Promise<BookResult> => {
    venue.reset();
    venue.setClock({ now: VENUE_NOW });
    const session = await openSession({
      venue: { startUrl, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 10_000, numCtx: 8192, keepAlive: '30m' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      artifactsDir: dir,
      measure,
    });
    try {
      const r = await session.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
      if (r.failure || !r.claimedDone) throw new Error(`${layout}: the ${model} model did not book: ${r.failure?.message ?? 'no done'}`);
      const held = venue.bookings().filter((b) => !b.cancelledAt && b.member === MEMBER.username && b.date === TARGET && b.time === '07:00');
      if (held.length !== 1) throw new Error(`${layout}: the ${model} model said done but the venue holds ${held.length} such booking(s)`);
      return r;
    } finally {
      await session.close();
    }
  };
  try {
    // Harness time without the bench's own page.content() per step, then one measured run for sizes.
    const plain: BookResult[] = [];
    const wall: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      plain.push(await book(false));
      wall.push(performance.now() - t0);
    }
    const chatsBefore = fake.requests.filter((r) => r.path === '/api/chat').length;
    const measured = await book(true);
    const chats = fake.requests.filter((r) => r.path === '/api/chat').slice(chatsBefore);
    const sizes = measured.steps.map((s) => s.sizes).filter((s): s is NonNullable<typeof s> => !!s);
    const promptTokens = chats.map((c) => Math.ceil(((c.body as { messages?: { content?: string }[] }).messages ?? []).reduce((n, m) => n + (m.content?.length ?? 0), 0) / 4));
    return {
      layout,
      model,
      bookingMs: Math.round(median(wall)),
      calls: median(plain.map((r) => r.usage.calls)),
      minCalls: MIN_MODEL_CALLS[layout].calls,
      minPath: MIN_MODEL_CALLS[layout].path,
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
