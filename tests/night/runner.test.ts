// The booking algorithm (docs/architecture.md §1) with scripted booking and verification doubles. These are
// the seed's three scenarios — success, failure then retry, several users — plus the edges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeVenue, profileInput, serviceWith } from './doubles';
import { weekdayOf } from '../../electron/service/night/dates';
import type { LanebotService } from '../../electron/service/index';
import type { ProfileView } from '../../shared/contract';

const open: LanebotService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.shutdown({ abortRunning: true, timeoutMs: 2000 }).catch(() => {});
});

async function setup(opts: Parameters<typeof serviceWith>[1] = {}) {
  const venue = new FakeVenue();
  const { service, home } = await serviceWith(venue, opts);
  open.push(service);
  const add = async (name: string, secrets?: Record<string, string>) =>
    (await service.handle('profiles.save', { profile: profileInput(name), ...(secrets ? { secrets } : {}) })) as ProfileView;
  return { venue, service, home, add, core: service.core };
}

async function run(service: LanebotService, profileId: string, trigger: 'schedule' | 'book-now' = 'schedule') {
  const r = service.core.runner.run(profileId, trigger);
  if ('skipped' in r) return { skipped: r.skipped } as const;
  return { attempt: await r.done } as const;
}

describe('runner', () => {
  it('a verified success updates the last-success timestamp', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    const r = await run(service, p.id);
    expect(r.attempt?.outcome).toBe('verified');
    expect(venue.count(p.id, r.attempt!.targetDate)).toBe(1);
    const entry = core.store.data.ledger[p.id]?.[weekdayOf(r.attempt!.targetDate)];
    expect(entry?.runDate).toBe(r.attempt!.runDate);
    expect(entry?.how).toBe('booked');
    expect(entry?.attemptId).toBe(r.attempt!.id);
    expect(venue.closes).toBe(venue.opens);
    // The matching record was not on the page before the attempt: the stronger kind of evidence.
    expect(r.attempt?.verification?.appeared).toBe(true);
  });

  it('a claimed but unverified success does not update it, and the next attempt retries', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    venue.behaviour.set(p.id, 'liar');
    const first = await run(service, p.id);
    expect(first.attempt?.outcome).toBe('failed');
    expect(first.attempt?.failure).toMatchObject({ kind: 'transient', code: 'unverified' });
    expect(core.store.data.ledger[p.id]).toBeUndefined();
    venue.behaviour.set(p.id, 'books');
    const second = await run(service, p.id);
    expect(second.attempt?.outcome).toBe('verified');
    expect(core.store.data.ledger[p.id]?.[weekdayOf(second.attempt!.targetDate)]?.attemptId).toBe(second.attempt!.id);
  });

  it('a throw is a transient failure; the browser is still closed', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    venue.behaviour.set(p.id, 'throws');
    const r = await run(service, p.id);
    expect(r.attempt?.failure).toMatchObject({ kind: 'transient', code: 'internal' });
    expect(r.attempt?.summary).toMatch(/browser exploded/);
    expect(venue.closes).toBe(1);
    expect(core.store.data.ledger[p.id]).toBeUndefined();
  });

  it('a hanging booking times out as transient and is aborted', async () => {
    const { service, venue, add } = await setup({ timeouts: { bookMs: 300 } });
    const p = await add('Alex');
    venue.behaviour.set(p.id, 'hangs');
    const r = await run(service, p.id);
    expect(r.attempt?.failure).toMatchObject({ kind: 'transient', code: 'timeout' });
    expect(venue.closes).toBe(1);
  });

  it('a booking that already exists at the pre-check is counted, and nothing is booked again', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    const preview = (await service.status()).profiles[0]!;
    venue.add(p.id, preview.targetDate); // booked by hand
    const r = await run(service, p.id);
    expect(r.attempt?.outcome).toBe('already-booked');
    expect(venue.bookCalls).toBe(0);
    expect(venue.count(p.id, preview.targetDate)).toBe(1);
    expect(core.store.data.ledger[p.id]?.[weekdayOf(preview.targetDate)]?.how).toBe('already-booked');
  });

  it('a pre-check that cannot run does not book blind', async () => {
    const { service, venue, add } = await setup();
    const p = await add('Alex');
    venue.verifyFailure = { kind: 'transient', code: 'venue-error', message: 'The bookings page answered 500.' };
    const r = await run(service, p.id);
    expect(r.attempt?.outcome).toBe('failed');
    expect(venue.bookCalls).toBe(0);
  });

  it('a permanent failure stops the night’s scheduled retries, but Book now still tries', async () => {
    const { service, venue, add } = await setup();
    const p = await add('Alex');
    venue.behaviour.set(p.id, 'permanent');
    const r = await run(service, p.id);
    expect(r.attempt?.failure?.kind).toBe('permanent');
    expect(r.attempt?.summary).toMatch(/stopped trying tonight/);
    const again = await run(service, p.id);
    expect(again.skipped).toMatch(/permanent/);
    expect(venue.bookCalls).toBe(1);
    venue.behaviour.set(p.id, 'books');
    const manual = await run(service, p.id, 'book-now');
    expect(manual.attempt?.outcome).toBe('verified');
  });

  it('several profiles: only the verified ones are marked; the failed ones retry at the next time', async () => {
    const { service, venue, add, core } = await setup();
    const a = await add('Alex');
    const b = await add('Sam');
    const c = await add('Kim');
    venue.behaviour.set(b.id, 'liar');
    venue.behaviour.set(c.id, 'transient');
    const results = await Promise.all([a, b, c].map((p) => run(service, p.id)));
    expect(results.map((r) => r.attempt?.outcome)).toEqual(['verified', 'failed', 'failed']);
    expect(Object.keys(core.store.data.ledger)).toEqual([a.id]);
    // Next attempt time: A is skipped (already verified tonight), B and C run again.
    venue.behaviour.set(b.id, 'books');
    const next = await Promise.all([a, b, c].map((p) => run(service, p.id)));
    expect(next[0]!.skipped).toBe('already verified tonight');
    expect(next[1]!.attempt?.outcome).toBe('verified');
    expect(next[2]!.attempt?.outcome).toBe('failed');
    expect(Object.keys(core.store.data.ledger).sort()).toEqual([a.id, b.id].sort());
  });

  it('two triggers at once (schedule and Book now) make exactly one booking', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    venue.bookDelayMs = 100;
    const s = core.runner.run(p.id, 'schedule');
    const b = await service.bookNow(p.id);
    expect('attemptId' in s && s.attemptId).toBe(b.attemptId);
    expect(b.joined).toBe(true);
    if ('done' in s) await s.done;
    const target = core.store.data.attempts.at(-1)!.targetDate;
    expect(venue.count(p.id, target)).toBe(1);
    expect(venue.bookCalls).toBe(1);
    expect(core.store.data.attempts.filter((x) => x.profileId === p.id)).toHaveLength(1);
  });

  it('secret values never reach the attempt record, the events or the store file', async () => {
    const { service, venue, add, home } = await setup();
    const password = 'hunter2-Sup3r-secret';
    const p = await add('Alex', { username: 'alex', password });
    venue.behaviour.set(p.id, {
      custom: async (ctx) => {
        ctx.onStep({ index: 1, action: { action: 'fill', value: password }, ok: false, message: `typed ${password}`, startedAt: new Date().toISOString(), durationMs: 1 });
        return { claimedDone: false, steps: [], failure: { kind: 'transient', code: 'x', message: `login with ${password} failed` } };
      },
    });
    const events: string[] = [];
    service.subscribe((e) => events.push(JSON.stringify(e)));
    const r = await run(service, p.id);
    expect(JSON.stringify(r.attempt)).not.toContain(password);
    expect(JSON.stringify(r.attempt)).toContain('{{password}}');
    expect(events.join('\n')).not.toContain(password);
    expect(readFileSync(join(home, 'lanebot.json'), 'utf8')).not.toContain(password);
  });

  it('an attempt in flight is on disk; after a crash it is "interrupted" and the retry does not book twice', async () => {
    const venue = new FakeVenue();
    const { service, home } = await serviceWith(venue);
    const p = (await service.handle('profiles.save', { profile: profileInput('Alex') })) as ProfileView;
    // The booking lands at the venue, then the process "dies" before verification.
    venue.behaviour.set(p.id, { custom: async (ctx, v) => (v.add(p.id, ctx.want.date), new Promise(() => {})) });
    const r = service.core.runner.run(p.id, 'schedule');
    await new Promise((res) => setTimeout(res, 200));
    const onDisk = JSON.parse(readFileSync(join(home, 'lanebot.json'), 'utf8'));
    expect(onDisk.attempts.at(-1).outcome).toBe('running');
    expect('attemptId' in r).toBe(true);
    // The process "dies": nothing more is written, and its lock goes (as a dead pid's would).
    await service.core.store.close();
    const restarted = await serviceWith(venue, { home });
    open.push(restarted.service);
    const after = restarted.service.core.store.data.attempts;
    expect(after.at(-1)!.outcome).toBe('interrupted');
    venue.behaviour.set(p.id, 'books');
    const again = restarted.service.core.runner.run(p.id, 'schedule');
    const done = 'done' in again ? await again.done : undefined;
    expect(done?.outcome).toBe('already-booked');
    expect(venue.count(p.id, done!.targetDate)).toBe(1);
  });

  it('keeps a learned recipe only when verification finds the booking, and passes it back next time', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    const seen: unknown[] = [];
    venue.behaviour.set(p.id, { custom: async (ctx) => (seen.push(ctx.recipe), { claimedDone: true, steps: [], recipe: { v: 'from-liar' } }) });
    await run(service, p.id);
    expect(core.store.data.recipes[p.id]).toBeUndefined();
    venue.behaviour.set(p.id, { custom: async (ctx, v) => (seen.push(ctx.recipe), v.add(p.id, ctx.want.date), { claimedDone: true, steps: [], recipe: { v: 'good' }, via: 'model' }) });
    await run(service, p.id, 'book-now');
    expect(core.store.data.recipes[p.id]).toEqual({ default: { v: 'good' } });
    // Next night's run gets it back.
    venue.booked.clear();
    await run(service, p.id, 'book-now');
    expect(seen).toEqual([undefined, undefined, { v: 'good' }]);
  });

  it('with fallback choices, a booking counts only when it is one of the acceptable choices', async () => {
    const { service, venue, core } = await setup();
    // The fake venue books 07:00 lane 3 whatever it is asked.
    const save = (alternatives: { time?: string; lane?: string }[]) =>
      service.handle('profiles.save', { profile: { ...profileInput('Alex'), verification: { time: '07:00', lane: '2' }, alternatives } }) as Promise<ProfileView>;
    const wrong = await save([{ time: '08:00' }]);
    const a = await run(service, wrong.id);
    expect(a.attempt?.outcome).toBe('failed');
    expect(a.attempt?.verification?.seen).toHaveLength(1);
    const right = await save([{ time: '08:00' }, { lane: 'Lane 3' }]);
    const b = await run(service, right.id);
    expect(b.attempt?.outcome).toBe('verified');
    expect(b.attempt?.verification?.match).toMatchObject({ time: '07:00', lane: '3' });
    expect(core.store.data.ledger[right.id]).toBeDefined();
    expect(venue.bookCalls).toBe(2);
  });

  it('a release attempt prepares first; a failed preparation only costs the head start, a wrong password ends it', async () => {
    const { service, venue } = await setup();
    const base = profileInput('Alex');
    const p = (await service.handle('profiles.save', { profile: { ...base, venue: { ...base.venue, opensAt: '00:00' } } })) as ProfileView;
    const runDate = (await service.status()).profiles[0]!.runDate;
    const release = async () => {
      const r = service.core.runner.run(p.id, 'release', { runDate });
      return 'done' in r ? r.done : undefined;
    };
    // Forgets the night's verified booking (the ledger and the history both vouch for it), so the release runs again.
    const forget = () =>
      service.core.store.update((d) => {
        delete d.ledger[p.id];
        d.attempts = [];
      });
    venue.prepare = 'ok';
    const ok = await release();
    expect(ok?.outcome).toBe('verified');
    expect(ok?.steps.find((s) => s.phase === 'note')?.message).toMatch(/offset 4200 ms ± 3 ms/);
    venue.booked.clear();
    await forget();
    venue.prepare = 'throws';
    const unprepared = await release();
    expect(unprepared?.outcome).toBe('verified');
    expect(unprepared?.steps.find((s) => s.phase === 'note')).toMatchObject({ ok: false, message: expect.stringMatching(/venue clock.*booking at the opening anyway/) });
    venue.booked.clear();
    await forget();
    venue.prepare = 'permanent';
    const refused = await release();
    expect(refused?.failure).toMatchObject({ kind: 'permanent', code: 'login-failed' });
    expect(venue.bookCalls).toBe(2);
  });
});

describe('evidence that is not clear is never a success, and never a reason to book twice', () => {
  it('a schedule configured as the bookings page stops the night with the reason, even when the member is booked', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    venue.view = 'schedule';
    const target = (await run(service, p.id, 'book-now')).attempt!.targetDate;
    venue.add(p.id, target);
    const r = await run(service, p.id, 'book-now');
    expect(r.attempt?.outcome).toBe('failed');
    expect(r.attempt?.failure).toMatchObject({ kind: 'permanent', code: 'bookings-page-unrecognised' });
    expect(r.attempt?.summary).toMatch(/schedule, not your bookings/);
    expect(venue.bookCalls).toBe(0);
    expect(core.store.data.ledger[p.id]).toBeUndefined();
  });

  it('a booking the list does not show is "cannot verify"; the next attempt does not book again', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    venue.view = 'hidden';
    const first = await run(service, p.id);
    expect(first.attempt?.outcome).toBe('failed');
    expect(first.attempt?.failure).toMatchObject({ kind: 'transient', code: 'cannot-verify' });
    expect(first.attempt?.summary).toMatch(/may have booked/);
    expect(first.attempt?.booking).toEqual({ claimed: true, sent: 1 });
    const second = await run(service, p.id);
    expect(second.attempt?.failure?.code).toBe('cannot-verify');
    expect(venue.bookCalls).toBe(1);
    expect(venue.count(p.id, first.attempt!.targetDate)).toBe(1);
    expect(core.store.data.ledger[p.id]).toBeUndefined();
  });

  it('the venue’s own refusal after sending is a plain failure: the next attempt books again', async () => {
    const { service, venue, add } = await setup();
    const p = await add('Alex');
    venue.view = 'hidden';
    venue.behaviour.set(p.id, { custom: async () => ({ claimedDone: false, steps: [], sent: 1, failure: { kind: 'transient', code: 'slot-taken', message: 'Someone else got the slot first.' } }) });
    const first = await run(service, p.id);
    expect(first.attempt?.failure?.code).toBe('slot-taken');
    venue.behaviour.set(p.id, 'books');
    await run(service, p.id);
    expect(venue.bookCalls).toBe(2);
  });

  it('a pre-check that cannot see the date books when Lanebot never booked it, and not after it may have', async () => {
    const { service, venue, add } = await setup();
    const p = await add('Alex');
    venue.view = 'windowed';
    const first = await run(service, p.id);
    expect(first.attempt?.steps.some((s) => s.phase === 'note' && /could not tell/.test(s.message ?? ''))).toBe(true);
    expect(first.attempt?.failure?.code).toBe('cannot-verify');
    expect(venue.bookCalls).toBe(1);
    const second = await run(service, p.id);
    expect(second.attempt?.failure?.code).toBe('cannot-verify');
    expect(second.attempt?.summary).toMatch(/not booking again/);
    expect(venue.bookCalls).toBe(1);
  });

  it('fallback choices never turn an unclear page into a success', async () => {
    const { service, venue, core } = await setup();
    const p = (await service.handle('profiles.save', { profile: profileInput('Alex', { verification: { time: '07:00', dateOrder: 'auto' }, alternatives: [{ time: '08:00' }] }) })) as ProfileView;
    venue.view = 'ambiguous';
    const r = await run(service, p.id);
    expect(r.attempt?.outcome).toBe('failed');
    expect(core.store.data.ledger[p.id]).toBeUndefined();
  });

  it('after an interrupted attempt, an unclear pre-check does not book; a clear "not found" does', async () => {
    const { service, venue, add, core } = await setup();
    const p = await add('Alex');
    const runDate = (await run(service, p.id, 'book-now')).attempt!.runDate;
    const target = core.store.data.attempts[0]!.targetDate;
    venue.booked.clear();
    await core.store.update((d) => {
      d.ledger = {};
      d.attempts.push({ ...d.attempts[0]!, id: 'crashed-1', outcome: 'interrupted', runDate, targetDate: target, failure: { kind: 'transient', code: 'interrupted', message: 'Lanebot stopped.' } });
    });
    venue.view = 'ambiguous';
    const calls = venue.bookCalls;
    const blocked = await run(service, p.id, 'book-now');
    expect(blocked.attempt?.failure?.code).toBe('cannot-verify');
    expect(venue.bookCalls).toBe(calls);
    venue.view = 'hidden';
    const clear = await run(service, p.id, 'book-now');
    expect(venue.bookCalls).toBe(calls + 1);
    expect(clear.attempt?.booking?.claimed).toBe(true);
  });
});
