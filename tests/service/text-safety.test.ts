// Issue 13, item 8: profile names and free text refuse control characters, bidi overrides and
// names made only of invisible characters (a clear field error), and the CLI prints nothing raw from
// the store: an old store's ESC/OSC sequences are shown as visible escapes, never sent to the terminal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import { renderStatusTable } from '../../electron/service/cli';
import { emptyDocument } from '../../electron/service/store/document';
import { ApiError, type StatusView } from '../../shared/contract';
import { tempHome, testService } from './fixtures/service';
import { profileInput, storedProfile } from './fixtures/profiles';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ESC = '\u001b';
const OSC_TITLE = `${ESC}]0;pwned\u0007`;
/** Anything a terminal would act on: C0/C1 controls but newline, DEL, bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

let service: LanebotService;
beforeAll(async () => {
  service = await testService();
});
afterAll(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

async function fieldError(profile: Record<string, unknown>): Promise<Record<string, string>> {
  const e = await service.handle('profiles.save', { profile }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return (e as ApiError).fields ?? {};
}

describe('names and free text refuse control and bidi characters', () => {
  it.each([
    ['an ESC colour sequence', `Alex${ESC}[31m red`, /control character U\+001B/],
    ['an OSC terminal-title sequence', `Alex${OSC_TITLE}`, /control character U\+001B/],
    ['a C1 control (CSI)', 'Alex\u009b2J', /control character U\+009B/],
    ['a newline', 'Alex\nSam', /control character U\+000A/],
    ['a right-to-left override', 'Alex\u202egnp.exe', /text-direction character U\+202E/],
    ['a bidi isolate', 'Alex\u2066x\u2069', /text-direction character U\+2066/],
  ])('a profile name with %s is a field error', async (_what, name, message) => {
    const fields = await fieldError(profileInput({ name }));
    expect(fields['profile.name']).toMatch(message);
    expect(service.core.store.data.profiles).toEqual([]);
  });

  it('a name made only of zero-width characters is refused as having no visible name', async () => {
    const fields = await fieldError(profileInput({ name: '\u200b\u200c\u200d\u2060\ufeff' }));
    expect(fields['profile.name']).toMatch(/visible characters/);
  });

  it('instructions, a weekday’s instructions, lanes and the model name refuse them too; instructions keep their line breaks', async () => {
    expect((await fieldError(profileInput({ instructions: `Book {date}${ESC}[2J` })))['profile.instructions']).toMatch(/U\+001B/);
    expect((await fieldError(profileInput({ instructions: 'Book {date}\u202e' })))['profile.instructions']).toMatch(/U\+202E/);
    const days = profileInput().weekdays as Record<string, { book: boolean; instructions?: string }>;
    expect((await fieldError(profileInput({ weekdays: { ...days, sat: { book: true, instructions: `x${ESC}` } } as never })))['profile.weekdays.sat.instructions']).toMatch(/U\+001B/);
    expect((await fieldError(profileInput({ verification: { lane: '3\u202e', dateOrder: 'dmy' } })))['profile.verification.lane']).toMatch(/U\+202E/);
    expect((await fieldError(profileInput({ alternatives: [{ lane: `2${ESC}` }] })))['profile.alternatives.0.lane']).toMatch(/U\+001B/);
    expect((await fieldError(profileInput({ model: `qwen${ESC}` })))['profile.model']).toMatch(/U\+001B/);
    const e = await service.handle('settings.save', { model: `qwen\u0007` }).then(() => undefined, (x: unknown) => x);
    expect((e as ApiError).fields?.model).toMatch(/U\+0007/);
    await expect(service.handle('profiles.save', { profile: profileInput({ name: 'Zoë — Bahn 3', instructions: 'Log in.\nBook lane 3 on {date}.\n\tThanks' }) })).resolves.toMatchObject({ name: 'Zoë — Bahn 3' });
  });
});

describe('the CLI prints nothing raw from the store', () => {
  const hostile: StatusView = {
    now: '2026-11-24T12:00:00.000Z',
    paused: false,
    running: false,
    overall: 'idle',
    notices: [{ id: 'n1', level: 'error', message: `Venue said ${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\ and \u202eevil`, at: '2026-11-24T12:00:00.000Z' }],
    profiles: [
      {
        id: 'alex',
        name: `Alex${OSC_TITLE}${ESC}[2J`,
        enabled: true,
        timeZone: 'Europe/London',
        runDate: '2026-11-24',
        targetDate: '2026-12-01',
        tonightDue: false,
        lights: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({ weekday, state: 'grey' as const, label: 'not booked' })),
        attemptTimes: ['00:01'],
        line: `Alex${OSC_TITLE} · Tue 1 Dec · \u009b2J not yet`,
      },
    ],
  };

  it('renderStatusTable shows control and bidi characters as visible escapes', () => {
    const out = renderStatusTable(hostile);
    expect(out).not.toMatch(RAW);
    expect(out).toContain('Alex\\x1b]0;pwned\\x07\\x1b[2J');
    expect(out).toContain('\\u202eevil');
    expect(out).toContain('\\x9b2J not yet');
  });

  it('`lanebot status` on a store written before names were checked prints no raw control character', () => {
    const home = tempHome('old-store');
    mkdirSync(home, { recursive: true });
    const doc = emptyDocument();
    doc.profiles = [{ ...storedProfile(), name: `Alex${OSC_TITLE}\u202e` }];
    doc.notices = [{ id: 'n1', level: 'error', message: `old ${ESC}[2J notice`, at: '2026-11-24T12:00:00.000Z' }];
    writeFileSync(join(home, 'lanebot.json'), JSON.stringify(doc));
    const st = spawnSync(process.execPath, [join(ROOT, 'bin', 'lanebot.mjs'), 'status'], { cwd: ROOT, env: { ...process.env, LANEBOT_HOME: home }, encoding: 'utf8', timeout: 60_000 });
    expect(st.status, st.stderr).toBe(0);
    expect(st.stdout).toContain('Alex\\x1b]0;pwned\\x07\\u202e');
    expect(st.stdout).toContain('old \\x1b[2J notice');
    expect(st.stdout + st.stderr).not.toMatch(RAW);
  }, 60_000);
});
