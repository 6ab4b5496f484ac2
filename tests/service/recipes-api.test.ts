// The recipe methods of the API, end to end with the agent: a stored recipe is read step by step, a step is
// dropped and the booking step moved (validated; the result is a draft that does not book), exported and imported
// (errors name the field), and a dry run against the demo venue makes it ready again without booking anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { ApiError, type ProfileView, type RecipeViewModel } from '../../shared/contract';
import { FakeVenue, fakeProbes, profileInput, tempHome } from '../night/doubles';
import { startVenue, type Venue } from '../venue/index';
import { MEMBER, VENUE_NOW } from '../agent/helpers';
import { gridRecipe } from '../recipes/grid-recipe';

let venue: Venue;
let service: LanebotService;
let profileId: string;


beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true, now: VENUE_NOW });
  service = await createService({ home: tempHome(), port: new FakeVenue().port(), probes: fakeProbes, schedule: false, now: () => VENUE_NOW });
  await service.handle('settings.save', { browserPath: '/usr/bin/chromium' }).catch(() => undefined);
  const p = (await service.handle('profiles.save', {
    profile: profileInput('Alex', {
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London', daysAhead: 7 },
      secretNames: ['username', 'password'],
      verification: { time: '07:00', lane: '3', dateOrder: 'dmy' },
    }),
    secrets: { username: MEMBER.username, password: MEMBER.password },
  })) as ProfileView;
  profileId = p.id;
  await service.core.store.update((d) => { d.recipes[profileId] = { default: gridRecipe(venue.origin) }; });
});
afterAll(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 0 });
  await venue?.close();
});

const fieldsOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ApiError);
  return { code: (e as ApiError).code, message: (e as ApiError).message, fields: (e as ApiError).fields ?? {} };
};

describe('recipes API', () => {
  it('recipes.get: each step with what it does, how it is found, what it sent, which books', async () => {
    const v = (await service.handle('recipes.get', { profileId, key: 'default' })) as RecipeViewModel;
    expect(v).toMatchObject({ key: 'default', status: 'ready', commitStep: 3, commitFrom: 'network', dryRunStopsAt: 3, params: ['date', 'lane', 'time'] });
    expect(v.steps.map((s) => [s.number, s.description, s.commit, s.login, s.sends])).toEqual([
      [1, 'click link "Book a lane"', false, false, []],
      [2, 'open /book?date={{date:iso}}', false, false, []],
      [3, 'click button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"', true, false, ['POST /book']],
    ]);
    expect(v.steps[0]!.locators).toEqual(['link "Book a lane"']);
    expect((await fieldsOf(service.handle('recipes.get', { profileId, key: 'tue' }))).code).toBe('not-found');
  });

  it('recipes.update: refuses what cannot be, saves a valid edit as a draft that does not book', async () => {
    expect((await fieldsOf(service.handle('recipes.update', { profileId, key: 'default', dropSteps: [7] }))).fields).toHaveProperty('dropSteps');
    expect((await fieldsOf(service.handle('recipes.update', { profileId, key: 'default', dropSteps: [3] }))).message).toMatch(/step 3 sends the booking and cannot be dropped/);
    expect((await fieldsOf(service.handle('recipes.update', { profileId, key: 'default', commitStep: 9 }))).fields).toHaveProperty('commitStep');
    const r = (await service.handle('recipes.update', { profileId, key: 'default', dropSteps: [1] })) as { recipe: RecipeViewModel; message: string };
    expect(r.recipe.steps.map((s) => s.description)).toEqual(['open /book?date={{date:iso}}', 'click button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"']);
    expect(r.recipe.status).toBe('draft');
    expect(r.message).toMatch(/draft.*dry run/);
    const list = (await service.handle('profiles.list', {})) as ProfileView[];
    expect(list[0]!.recipes[0]).toMatchObject({ key: 'default', steps: 2, status: 'draft' });
  });

  it('recipes.check: a dry run against the venue makes the edited recipe ready again, holding its booking request', async () => {
    const before = venue.bookings().length;
    const v = (await service.handle('recipes.check', { profileId, key: 'default' })) as RecipeViewModel;
    expect(v.lastCheck?.ok, v.lastCheck?.message).toBe(true);
    expect(v.status).toBe('ready');
    expect(v.lastCheck?.held?.some((h) => h.startsWith('POST /book at step 2'))).toBe(true);
    expect(venue.bookings().length).toBe(before);
  }, 90_000);

  it('recipes.export and recipes.import: the same recipe back (a draft until checked), with errors that name the field', async () => {
    const { json } = (await service.handle('recipes.export', { profileId, key: 'default' })) as { json: string };
    const exported = JSON.parse(json) as ReturnType<typeof gridRecipe>;
    expect(exported.steps).toHaveLength(2);
    expect(json).not.toContain(MEMBER.password);
    expect((await fieldsOf(service.handle('recipes.import', { profileId, key: 'tue', json: '{ not json' }))).fields.json).toMatch(/not JSON/);
    const noSteps = JSON.stringify({ ...exported, steps: [] });
    expect((await fieldsOf(service.handle('recipes.import', { profileId, key: 'tue', json: noSteps }))).fields.json).toMatch(/at steps/);
    const badLocator = JSON.stringify({ ...exported, steps: [{ ...exported.steps[1], locators: [{ by: 'cell', row: '', column: 'x' }] }] });
    expect((await fieldsOf(service.handle('recipes.import', { profileId, key: 'tue', json: badLocator }))).fields.json).toMatch(/at steps\.0\.locators\.0\.row/);
    const elsewhere = JSON.stringify({ ...exported, origin: 'https://other.example' });
    expect((await fieldsOf(service.handle('recipes.import', { profileId, key: 'tue', json: elsewhere }))).fields.json).toMatch(/learned on other\.example/);
    const v = (await service.handle('recipes.import', { profileId, key: 'tue', json })) as RecipeViewModel;
    expect(v).toMatchObject({ key: 'tue', status: 'draft', commitStep: 2 });
    expect(Object.keys(service.core.store.data.recipes[profileId] as object).sort()).toEqual(['default', 'tue']);
  });
});
