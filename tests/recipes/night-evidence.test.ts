// A recipe night's evidence: every screenshot file a result names is a real PNG on disk (it once was written
// in the background and CI caught a booking screenshot that never reached the disk).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type Recipe } from '../../agent/index';
import { competent, down } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { startVenue, type Venue } from '../venue/index';
import { GOAL, removeDir, sessionOptions, TARGET, tempDir, VENUE_NOW } from '../agent/helpers';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DAY = 24 * 3600_000;
let venue: Venue;
let silent: FakeOllama;
let dir: string;
let recipe: Recipe;

async function isPng(file: string | undefined): Promise<boolean> {
  if (!file) return false;
  const b = await readFile(file).catch(() => Buffer.alloc(0));
  return b.length > 1000 && b.subarray(0, 8).equals(PNG);
}

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true, now: VENUE_NOW });
  dir = await tempDir('night-evidence');
  const fake = await startFakeOllama({ behaviour: competent() });
  try {
    const s = await openSession(sessionOptions(venue, fake, dir));
    try {
      const r = await s.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
      if (!r.recipe) throw new Error(`no recipe learned: ${r.failure?.message}`);
      recipe = r.recipe;
    } finally {
      await s.close();
    }
  } finally {
    await fake.close();
  }
  silent = await startFakeOllama({ behaviour: down });
});
afterAll(async () => {
  await silent?.close();
  await venue?.close();
  await removeDir(dir);
});
beforeEach(() => venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) }));

describe('evidence of a recipe night', () => {
  it('pre-check, replay and verification each leave a screenshot that is on disk when the call that names it has answered', async () => {
    const want = { date: '2026-12-02', time: '08:00', lane: '4' };
    const s = await openSession(sessionOptions(venue, silent, dir));
    try {
      const pre = await s.verify(want);
      expect(pre.found).toBe(false);
      expect(await isPng(pre.screenshot)).toBe(true);
      const r = await s.book({ instructions: GOAL.replace(TARGET, want.date), want, recipe });
      expect(r.failure).toBeUndefined();
      expect(r.via).toBe('recipe');
      const post = await s.verify(want);
      expect(post.found).toBe(true);
      // Both files exist by the time their calls have answered.
      expect(await isPng(r.screenshot)).toBe(true);
      expect(await isPng(post.screenshot)).toBe(true);
      expect(new Set([pre.screenshot, r.screenshot, post.screenshot]).size).toBe(3);
    } finally {
      await s.close();
    }
    expect(silent.requests).toEqual([]);
  });

  it('a booking screenshot is written before close() returns, even with no verification after it', async () => {
    // A day later (one booking per member per day).
    venue.setClock({ now: new Date(VENUE_NOW.getTime() + 2 * DAY) });
    const want = { date: '2026-12-03', time: '09:00', lane: '2' };
    const s = await openSession(sessionOptions(venue, silent, dir));
    let shot: string | undefined;
    try {
      const r = await s.book({ instructions: GOAL.replace(TARGET, want.date), want, recipe });
      expect(r.failure).toBeUndefined();
      shot = r.screenshot;
    } finally {
      await s.close();
    }
    expect(await isPng(shot)).toBe(true);
  });
});
