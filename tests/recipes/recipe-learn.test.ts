// Recipe learning on synthetic steps: parameter detection (dates in every rendering, time, lane, secrets),
// postconditions, login/cookie handling, the stored schema and the locator-code parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentStep } from '../../agent/types';
import {
  DATE_FORMATS, formatDate, parseRecipe, renderTemplate, stepUsesBookingParams, TIME_FORMATS, type DateFormat, type Recipe,
} from '../../agent/recipes/schema';
import {
  assertNoSecrets, healRecipe, learnRecipe, LearnError, observedFromAgentSteps, parameterize, urlPost, urlTemplate,
} from '../../agent/recipes/learn';
import { isPlainCss, parseLocatorCode } from '../../agent/recipes/locator';

const WANT = { date: '2026-12-01', time: '07:00', lane: '3' };
const NEXT = { date: '2026-12-08', time: '08:00', lane: '2' };
const SECRETS = new Map([['username', 'alex'], ['password', 'correct-horse-42']]);
const O = 'http://venue.test';

let t = 0;
function step(action: AgentStep['action'], o: Partial<AgentStep> = {}): AgentStep {
  return { index: t++, action, ok: true, startedAt: new Date(0).toISOString(), durationMs: 5, ...o };
}

describe('parameterize', () => {
  it('turns the slot button of the grid into date, time and lane parameters', () => {
    const tpl = parameterize('Book Lane 3 at 07:00 on Tuesday 1 December', WANT);
    expect(tpl).toBe('Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}');
    expect(renderTemplate(tpl, NEXT)).toBe('Book Lane 2 at 08:00 on Tuesday 8 December');
  });

  it('finds every rendering of the target date in names, values and URLs', () => {
    const cases: [string, string][] = [
      ['Tuesday 1 December 2026', '{{date:long}}'],
      ['Tue 1 Dec', '{{date:short}}'],
      ['01/12/2026', '{{date:dmy}}'],
      ['12/01/2026', '{{date:mdy}}'],
      ['1.12.2026', '{{date:dmyDotShort}}'],
      ['Tuesday, December 1, 2026', '{{date:usLong}}'],
      ['1st December', '{{date:doMonth}}'],
      ['Sessions on 2026-12-01', 'Sessions on {{date:iso}}'],
      ['20261201', '{{date:compact}}'],
      ['Dec 1', '{{date:monD}}'],
    ];
    for (const [text, want] of cases) expect(parameterize(text, WANT), text).toBe(want);
    expect(urlTemplate(`${O}/book?date=2026-12-01&view=week`, WANT)).toBe('/book?date={{date:iso}}&view=week');
    expect(urlTemplate(`${O}/day/01%2F12%2F2026/slots`, WANT)).toBe('/day/{{date:dmy}}/slots');
  });

  it('leaves lookalikes alone: other days, other lanes, numbers inside words', () => {
    expect(parameterize('Fri 11 Dec', WANT)).toBe('Fri 11 Dec');
    expect(parameterize('Lane 13 at 17:00', WANT)).toBe('Lane 13 at 17:00');
    expect(parameterize('Room 3B', WANT)).toBe('Room 3B');
    expect(parameterize('Lane 4 at 07:00', WANT)).toBe('Lane 4 at {{time:hm}}');
    expect(parameterize('Book a lane', WANT)).toBe('Book a lane');
  });

  it('keeps time and lane literal when the booking does not name them', () => {
    expect(parameterize('Book Lane 3 at 07:00 on Tue 1 Dec', { date: WANT.date })).toBe('Book Lane 3 at 07:00 on {{date:short}}');
  });

  it('uses the venue date order when day and month print the same', () => {
    const want = { date: '2026-05-05' };
    expect(parameterize('05/05/2026', want)).toBe('{{date:dmy}}');
    expect(parameterize('05/05/2026', want, { dateOrder: 'mdy' })).toBe('{{date:mdy}}');
  });

  it('replaces secret values wherever they appear and keeps existing placeholders', () => {
    expect(parameterize('correct-horse-42', WANT, { secrets: SECRETS })).toBe('{{password}}');
    expect(parameterize('{{password}}', WANT, { secrets: SECRETS })).toBe('{{password}}');
    expect(parameterize('member alex', WANT, { secrets: SECRETS })).toBe('member {{username}}');
  });

  it('treats a calendar cell that only says the day as the day of the month', () => {
    expect(parameterize('1', { date: '2026-12-01' }, { role: 'gridcell' })).toBe('{{date:dayOfMonth}}');
    expect(parameterize('1', { date: '2026-12-01', lane: '1' }, { role: 'gridcell' })).toBe('1');
    expect(parameterize('1', { date: '2026-12-01' }, { role: 'heading' })).toBe('1');
  });

  it('round-trips every date format for any date: rendering the template gives the text back', () => {
    const formats = (Object.keys(DATE_FORMATS) as DateFormat[]).filter((f) => f !== 'dayOfMonth');
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }), fc.constantFrom(...formats), fc.constantFrom(...Object.keys(TIME_FORMATS)), (d, f, tf) => {
        const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        const want = { date: iso, time: '18:30', lane: '4' };
        const text = `Lane 4 — ${formatDate(iso, f)} — ${renderTemplate(`{{time:${tf}}}`, want)}`;
        const tpl = parameterize(text, want);
        expect(tpl).not.toContain(formatDate(iso, 'iso'));
        expect(tpl).toContain('{{date:');
        expect(tpl).toContain('{{lane}}');
        expect(renderTemplate(tpl, want)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('urlPost', () => {
  it('wildcards id-like segments and keeps only parameterised query keys', () => {
    expect(urlPost(`${O}/booking/B00017?ref=abc1`, WANT)).toEqual({ kind: 'url', path: '/booking/*', query: {} });
    expect(urlPost(`${O}/timetable?date=2026-12-01&x=1`, WANT)).toEqual({ kind: 'url', path: '/timetable', query: { date: '{{date:iso}}' } });
  });
});

function gridRun(): AgentStep[] {
  return [
    step({ action: 'click', ref: 'e5' }, { target: 'button "Accept all cookies"', url: `${O}/` }),
    step({ action: 'fill', ref: 'e7', value: '{{username}}' }, { target: 'textbox "Username"', locator: "getByRole('textbox', { name: 'Username' })", url: `${O}/login` }),
    step({ action: 'fill', ref: 'e8', value: '{{password}}' }, { target: 'textbox "Password"', locator: "getByRole('textbox', { name: 'Password' })", url: `${O}/login` }),
    step({ action: 'click', ref: 'e9' }, { target: 'button "Log in"', locator: "getByRole('button', { name: 'Log in' })", url: `${O}/` }),
    step({ action: 'click', ref: 'e13' }, { target: 'link "Book a lane"', locator: "getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a lane' })", url: `${O}/book` }),
    step({ action: 'scroll', direction: 'down' }, { url: `${O}/book` }),
    step({ action: 'click', ref: 'e99' }, { ok: false, message: 'There is no element e99', url: `${O}/book` }),
    step({ action: 'click', ref: 'e29' }, { target: 'button "Next week"', locator: "getByRole('button', { name: 'Next week' })", url: `${O}/book?date=2026-12-01` }),
    step({ action: 'click', ref: 'e81' }, { target: 'button "Book Lane 3 at 07:00 on Tuesday 1 December"', locator: "getByRole('button', { name: 'Book Lane 3 at 07:00 on' })", url: `${O}/booking/B00001` }),
    step({ action: 'done', summary: 'booked' }, { url: `${O}/booking/B00001` }),
  ];
}

describe('learnRecipe from a model run', () => {
  const recipe = learnRecipe(observedFromAgentSteps(gridRun(), `${O}/`), { want: WANT, startUrl: `${O}/`, source: 'model', secrets: SECRETS, now: new Date('2026-11-24T10:00:00Z') });

  it('keeps the executed page-changing steps, drops the cookie click, scroll and refused action', () => {
    expect(recipe.version).toBe(1);
    expect(recipe.steps.map((s) => `${s.phase}:${s.action} ${s.describe}`)).toEqual([
      'login:fill textbox "Username"',
      'login:fill textbox "Password"',
      'login:click button "Log in"',
      'book:click link "Book a lane"',
      'book:click button "Next week"',
      'book:click button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"',
    ]);
    expect(recipe.steps.filter((s) => s.commit).map((s) => s.describe)).toEqual(['button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"']);
    expect(recipe.params).toEqual(['date', 'lane', 'password', 'time', 'username']);
    expect(recipe.learnedFor).toEqual(WANT);
  });

  it('gives every step a postcondition replay can check', () => {
    const [, , login, nav, next, slot] = recipe.steps;
    expect(login!.post).toEqual([{ kind: 'url', path: '/', query: {} }]);
    expect(nav!.post).toEqual([{ kind: 'url', path: '/book', query: {} }]);
    expect(next!.post).toEqual([{ kind: 'url', path: '/book', query: { date: '{{date:iso}}' } }]);
    expect(slot!.post).toEqual([{ kind: 'url', path: '/booking/*', query: {} }]);
    expect(recipe.done).toEqual([{ kind: 'url', path: '/booking/*', query: {} }]);
    for (const s of recipe.steps) expect(s.post.length, s.describe).toBeGreaterThan(0);
  });

  it('uses role + full name first, keeps safe normalized code, drops code truncated through a parameter', () => {
    const nav = recipe.steps[3]!;
    expect(nav.locators[0]).toEqual({ by: 'role', role: 'link', name: 'Book a lane', exact: true });
    expect(nav.locators).toContainEqual({ by: 'code', code: "getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a lane' })" });
    expect(nav.locators).toContainEqual({ by: 'text', text: 'Book a lane', exact: true });
    const slot = recipe.steps[5]!;
    expect(slot.locators.some((l) => l.by === 'code')).toBe(false);
    expect(stepUsesBookingParams(slot)).toBe(true);
    expect(stepUsesBookingParams(nav)).toBe(false);
    expect(stepUsesBookingParams(recipe.steps[4]!)).toBe(true);
    expect(recipe.steps[0]!.locators).toContainEqual({ by: 'label', text: 'Username', exact: true });
  });

  it('never stores a secret, and survives a JSON round trip through the schema', () => {
    const json = JSON.stringify(recipe);
    expect(json).not.toContain('correct-horse-42');
    expect(json).toContain('{{password}}');
    const back = parseRecipe(JSON.parse(json));
    expect(back.ok && back.recipe).toEqual(recipe);
  });

  it('refuses what it cannot replay', () => {
    expect(() => learnRecipe(observedFromAgentSteps([step({ action: 'done', summary: 'x' })], `${O}/`), { want: WANT, startUrl: `${O}/`, source: 'model' })).toThrow(LearnError);
  });
});

describe('secrets never reach a recipe', () => {
  it('a typed secret value becomes a placeholder', () => {
    const steps = [
      step({ action: 'fill', ref: 'e2', value: 'correct-horse-42' }, { target: 'textbox "Booking note"', url: `${O}/book` }),
      step({ action: 'click', ref: 'e3' }, { target: 'button "Confirm"', url: `${O}/done/17` }),
    ];
    const r = learnRecipe(observedFromAgentSteps(steps, `${O}/book`), { want: WANT, startUrl: `${O}/book`, source: 'model', secrets: SECRETS });
    expect(r.steps[0]!.value).toBe('{{password}}');
    expect(JSON.stringify(r)).not.toContain('correct-horse-42');
  });

  it('assertNoSecrets catches encoded values too', () => {
    expect(() => assertNoSecrets({ url: `/x?p=${encodeURIComponent('pa ss/w')}` }, new Map([['password', 'pa ss/w']]))).toThrow(LearnError);
    expect(() => assertNoSecrets({ url: '/x' }, new Map([['password', 'pa ss/w']]))).not.toThrow();
  });
});

describe('healRecipe', () => {
  it('keeps the steps that worked and appends what the model did from there', () => {
    const prev = learnRecipe(observedFromAgentSteps(gridRun(), `${O}/`), { want: WANT, startUrl: `${O}/`, source: 'model', secrets: SECRETS });
    const after = observedFromAgentSteps([
      step({ action: 'click', ref: 'e3' }, { target: 'button "Tue 1 Dec"', url: `${O}/timetable?date=2026-12-01` }),
      step({ action: 'click', ref: 'e4' }, { target: 'button "Book Lane 3 at 07:00"', url: `${O}/timetable?date=2026-12-01` }),
      step({ action: 'click', ref: 'e5' }, { target: 'button "Confirm"', url: `${O}/booking/B00002` }),
    ], `${O}/timetable`);
    const healed = healRecipe(prev, 4, after, { want: WANT, startUrl: `${O}/`, secrets: SECRETS });
    expect(healed.source).toBe('healed');
    expect(healed.heals).toBe(1);
    expect(healed.createdAt).toBe(prev.createdAt);
    expect(healed.steps.map((s) => s.describe)).toEqual([
      'textbox "Username"', 'textbox "Password"', 'button "Log in"', 'link "Book a lane"',
      'button "{{date:short}}"', 'button "Book Lane {{lane}} at {{time:hm}}"', 'button "Confirm"',
    ]);
    expect(healed.steps.filter((s) => s.commit)).toHaveLength(1);
    expect(healed.steps.at(-1)!.commit).toBe(true);
    // Opening the dialog changes no URL: its postcondition is the Confirm button showing up.
    expect(healed.steps[5]!.post).toEqual([{ kind: 'visible', locator: { by: 'role', role: 'button', name: 'Confirm', exact: true } }]);
  });
});

describe('parseRecipe', () => {
  const ok = learnRecipe(observedFromAgentSteps(gridRun(), `${O}/`), { want: WANT, startUrl: `${O}/`, source: 'model', secrets: SECRETS });
  it('names the version it cannot read and the first bad field', () => {
    expect(parseRecipe({ ...ok, version: 2 })).toEqual({ ok: false, error: expect.stringContaining('version 2 is not supported') });
    const bad = parseRecipe({ ...ok, steps: [{ action: 'click', locators: [] }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/steps\.0/);
    const fmt: Recipe = { ...ok, steps: [{ ...ok.steps[3]!, value: '{{date:nonsense}}' }] };
    expect(parseRecipe(fmt)).toEqual({ ok: false, error: expect.stringContaining('unknown date format') });
  });
});

describe('locator code parser', () => {
  it('parses what normalize() prints', () => {
    expect(parseLocatorCode("getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a lane', exact: true })")).toEqual([
      { method: 'getByRole', args: ['navigation', { name: 'Main' }] },
      { method: 'getByRole', args: ['link', { name: 'Book a lane', exact: true }] },
    ]);
    const f = parseLocatorCode("locator('div').filter({ hasText: /^Username$/ }).nth(2)");
    expect(f[1]!.args[0]).toEqual({ hasText: /^Username$/ });
    expect(f[2]).toEqual({ method: 'nth', args: [2] });
    expect(parseLocatorCode("getByText('It\\'s here')")[0]!.args[0]).toBe("It's here");
  });

  it('refuses anything that is not a whitelisted locator call', () => {
    expect(() => parseLocatorCode("evaluate('fetch(1)')")).toThrow(/not a locator method/);
    expect(() => parseLocatorCode("getByRole('button').click()")).toThrow(/not a locator method/);
    expect(isPlainCss('xpath=//a')).toBe(false);
    expect(isPlainCss('//a')).toBe(false);
    expect(isPlainCss('internal:role=button')).toBe(false);
    expect(isPlainCss('div >> text=x')).toBe(false);
    expect(isPlainCss('input[type=text]')).toBe(true);
    expect(isPlainCss('#main button:not([disabled])')).toBe(true);
  });
});
