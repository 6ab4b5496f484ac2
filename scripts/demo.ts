// `npm run demo`: Lanebot end to end on the demo venue, no Ollama needed. A scripted "user" teaches a recipe
// in the recording browser (or one is loaded), the recipe books next week's date without the model, and the
// booking is verified on the venue's own bookings page. `--at-release` also prepares before a release a few
// seconds ahead on the venue's (skewed) clock and fires at the opening.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { openSession, parseRecipe, probeOllama, startTeach, type Recipe, type SessionOptions } from '../agent/index';
import { bookByHand } from '../tests/venue/baseline';
import { DEMO_MEMBERS, startVenue, VENUE_LAYOUTS, type Venue, type VenueLayout } from '../tests/venue/index';
import { addDays } from './bench/stats';

const { values } = parseArgs({
  options: {
    layout: { type: 'string', default: 'grid' },
    'at-release': { type: 'boolean', default: false },
    recipe: { type: 'string' },
    'save-recipe': { type: 'string' },
    headed: { type: 'boolean', default: false },
    ollama: { type: 'string', default: process.env['OLLAMA_HOST'] ?? 'http://127.0.0.1:11434' },
    model: { type: 'string', default: 'qwen2.5:7b' },
    browser: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run demo -- [--layout grid|cards|wizard] [--at-release] [--recipe file.json] [--save-recipe file.json] [--headed] [--ollama URL] [--model NAME] [--browser PATH]`);
  process.exit(0);
}
if (!(VENUE_LAYOUTS as readonly string[]).includes(values.layout)) {
  console.error(`--layout must be one of ${VENUE_LAYOUTS.join(', ')}`);
  process.exit(2);
}
const layout = values.layout as VenueLayout;

/** The venue's day for the demo: Tuesday 24 November 2026, 10:00 in London; bookings open 7 days ahead at midnight. */
const DEMO_NOW = new Date('2026-11-24T10:00:00Z');
const DAY = 24 * 3600_000;
const member = DEMO_MEMBERS[0]!;
const want = (date: string) => ({ date, time: '07:00', lane: '3' });
const instructions = (date: string) => `Book Lane 3 at 07:00 on ${date}; otherwise any lane at 07:00.`;

const say = (s = '') => console.log(s);
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

function sessionOptions(venue: Venue, artifactsDir: string): SessionOptions {
  return {
    venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
    secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? member.username : n === 'password' ? member.password : undefined) },
    model: { host: values.ollama, model: values.model, timeoutMs: 60_000, numCtx: 8192, keepAlive: '30m' },
    browser: { ...(values.browser ? { executablePath: values.browser } : {}), headless: !values.headed },
    artifactsDir,
  };
}

async function main(): Promise<number> {
  const artifacts = await mkdtemp(path.join(tmpdir(), 'lanebot-demo-'));
  await mkdir(artifacts, { recursive: true });
  say('Lanebot demo');
  say('(It drives the agent directly — openSession, teach, prepare, book, verify — the same calls the service’s agent port makes.)');

  const probe = await probeOllama({ host: values.ollama, model: values.model, timeoutMs: 2000 });
  say(probe.reachable && probe.modelPulled
    ? `Model: ${probe.message} It is only needed if the recipe breaks.`
    : `Model: NOT AVAILABLE — ${probe.message} That is fine here: a learned recipe books without the model. (A recipe that broke could not be repaired tonight.)`);

  const venue = await startVenue({ layout, testMode: true, now: DEMO_NOW });
  try {
    const today = '2026-11-24';
    say(`Demo venue: ${venue.url} (layout "${layout}", venue clock ${venue.now().toISOString()}, member ${member.username})`);
    say(`Artifacts (screenshots, recipe): ${artifacts}`);
    say();

    // 1. A recipe: taught by hand (a scripted user in the recording browser), or loaded.
    let recipe: Recipe;
    if (values.recipe) {
      const parsed = parseRecipe(JSON.parse(await readFile(values.recipe, 'utf8')));
      if (!parsed.ok) { say(`The recipe in ${values.recipe} cannot be used: ${parsed.error}`); return 1; }
      recipe = parsed.recipe;
      say(`1. Loaded the recipe from ${values.recipe} (${recipe.steps.length} steps, learned ${recipe.source}).`);
    } else {
      const taughtDate = addDays(today, 7);
      say(`1. Teach: a scripted user books Lane 3 at 07:00 on ${taughtDate} by hand in the recording browser…`);
      const t0 = performance.now();
      const session = await startTeach({
        venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
        secrets: sessionOptions(venue, artifacts).secrets,
        want: want(taughtDate),
        browser: { ...(values.browser ? { executablePath: values.browser } : {}), headless: !values.headed },
        exposeCdp: true,
        until: 'close',
      });
      say(`   recording browser DevTools endpoint: ${session.cdpEndpoint}`);
      const remote = await chromium.connectOverCDP(session.cdpEndpoint!, { timeout: 10_000 });
      try {
        await bookByHand(remote.contexts()[0]!.pages()[0]!, { url: venue.url, layout }, member, { date: taughtDate, time: '07:00', lane: 3 });
      } finally {
        await remote.close().catch(() => undefined);
      }
      const taught = await session.stop();
      recipe = taught.recipe;
      say(`   recorded ${taught.events} events → a recipe of ${recipe.steps.length} steps in ${ms(t0)}:`);
      for (const s of recipe.steps) say(`     ${s.commit ? '*' : '-'} ${s.phase === 'login' ? '(login) ' : ''}${s.action} ${s.describe ?? s.url ?? ''}${s.value ? ` = ${s.value}` : ''}`);
      say(`   dry run: ${taught.check?.ok ? 'OK' : 'FAILED'} — ${taught.check?.message}`);
      say(`   the password is ${JSON.stringify(recipe).includes(member.password) ? 'IN THE RECIPE (bug!)' : 'nowhere in the recipe (only {{password}})'}`);
    }
    const recipeFile = values['save-recipe'] ?? path.join(artifacts, 'recipe.json');
    await writeFile(recipeFile, `${JSON.stringify(recipe, null, 2)}\n`, { mode: 0o600 });
    say(`   saved to ${recipeFile}`);
    say();

    // 2. The next night: the recipe books next week's date, without the model.
    venue.setClock({ now: new Date(DEMO_NOW.getTime() + DAY) });
    const date = addDays(today, 8);
    say(`2. Next night (venue clock ${venue.now().toISOString()}): replay for ${date}, no model call…`);
    let ok = await bookAndVerify(venue, artifacts, recipe, date);
    say();

    // 3. Optionally: prepared before a release and fired at the opening by the venue's clock.
    if (values['at-release']) {
      const relDate = addDays(today, 9);
      const release = venue.releaseInstant(relDate).getTime();
      // The venue's clock runs 5.3 s ahead of what this machine would think; the opening is ~12 s away.
      const belief = Math.ceil((Date.now() + 12_000 + 5_300) / 1000) * 1000;
      venue.setClock({ offsetMs: release - belief + 5_300 });
      say(`3. At release: ${relDate} opens at the venue's ${new Date(release).toISOString()}; the venue clock reads ${venue.now().toISOString()} (5.3 s off this machine's idea).`);
      ok = (await fireAtRelease(venue, artifacts, recipe, relDate, new Date(release))) && ok;
    }
    return ok ? 0 : 1;
  } finally {
    await venue.close();
  }
}

async function bookAndVerify(venue: Venue, artifacts: string, recipe: Recipe, date: string): Promise<boolean> {
  const s = await openSession(sessionOptions(venue, artifacts));
  try {
    const t0 = performance.now();
    const r = await s.book({ instructions: instructions(date), want: want(date), recipe });
    for (const st of r.steps) say(`   ${st.ok ? 'ok  ' : 'FAIL'} ${st.source === 'recipe' ? 'recipe' : 'model '} ${st.target ?? st.action.action} (${st.durationMs} ms)${st.ok ? '' : ` — ${st.message}`}`);
    say(`   booked via ${r.via} in ${ms(t0)}, model calls: ${r.usage.calls}${r.failure ? `; FAILED: ${r.failure.message}` : ''}`);
    if (r.recipe) say(`   the model repaired the recipe (heal #${r.recipe.heals}); keep it only if verification below finds the booking`);
    const v = await s.verify(r.booked ?? want(date));
    say(`   verification on the venue's bookings page: ${v.found ? `FOUND — ${v.match?.text}` : `not found${v.failure ? ` (${v.failure.message})` : ''}`}`);
    if (r.screenshot) say(`   screenshot after booking: ${r.screenshot}`);
    if (v.screenshot) say(`   screenshot of the bookings page: ${v.screenshot}`);
    return !r.failure && v.found;
  } finally {
    await s.close();
  }
}

async function fireAtRelease(venue: Venue, artifacts: string, recipe: Recipe, date: string, fireAt: Date): Promise<boolean> {
  const s = await openSession(sessionOptions(venue, artifacts));
  try {
    const t0 = performance.now();
    const prep = await s.prepare({ fireAt, recipe });
    say(`   prepared in ${ms(t0)}: logged in ${prep.loggedIn ? 'yes' : 'no'}, parked on ${prep.parkedUrl}`);
    say(`   venue clock offset ${(prep.offsetMs / 1000).toFixed(3)} s ± ${prep.errorMs.toFixed(1)} ms (from its Date headers); model ${prep.modelReady ? 'loaded' : 'not available (the recipe does not need it)'}`);
    const seen = venue.requests().length;
    const r = await s.book({ instructions: instructions(date), want: want(date), recipe, fireAt, alternatives: [{ lane: '2' }, { lane: '4' }] });
    const posts = venue.requests().slice(seen).filter((q) => q.method === 'POST' && q.msAfterRelease !== undefined);
    for (const p of posts) say(`   booking request reached the venue ${p.msAfterRelease} ms after the opening → ${p.outcome}`);
    say(`   ${r.failure ? `FAILED: ${r.failure.message}` : `booked lane ${r.booked?.lane} at ${r.booked?.time} via ${r.via}`}; not-open retries ${r.release?.notOpenRetries ?? 0}, lost races ${r.release?.lostRaces ?? 0}`);
    const v = await s.verify(r.booked ?? want(date));
    say(`   verification: ${v.found ? `FOUND — ${v.match?.text}` : 'not found'}`);
    if (v.screenshot) say(`   screenshot of the bookings page: ${v.screenshot}`);
    return !r.failure && v.found && posts.every((p) => p.msAfterRelease! >= 0 || p.outcome === 'not-open');
  } finally {
    await s.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
