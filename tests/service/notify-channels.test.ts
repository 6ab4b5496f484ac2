// Push notifications from the headless service: an ntfy topic and a generic webhook, configured in
// Settings, receive the booked and gave-up news of a real night (runner + test doubles) with a link
// to the attempt in the running service's UI — and never a password or the API token, even when a
// failure message carried the password. A dead or hanging channel is logged and costs nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { RENDERER_DIR } from '../../electron/service/home';
import { createService, type LanebotService } from '../../electron/service/index';
import type { ProfileView } from '../../shared/contract';
import { FakeVenue, fakeProbes, profileInput, tempHome } from '../night/doubles';
import { decodeHeader, startReceiver, type Receiver } from './fixtures/receiver';

const PASSWORD = 'Tr0ub4dor&3-swim';
const USERNAME = 'alex.member@example.com';
// Tuesday 1 Dec 2026, 00:45 in London: after the last attempt time (00:40), so a failure is the night's last word.
const NIGHT = new Date('2026-12-01T00:45:00Z');

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

async function setup(opts: { notifyTimeoutMs?: number } = {}) {
  const venue = new FakeVenue();
  const home = tempHome();
  const service = await createService({ home, port: venue.port(), probes: fakeProbes, schedule: false, now: () => NIGHT, ...opts });
  cleanup.push(() => service.shutdown({ abortRunning: true, timeoutMs: 2000 }));
  const http: HttpServer = await startHttpServer(service, { rendererDir: RENDERER_DIR });
  cleanup.push(() => http.close());
  const add = async (name: string) =>
    (await service.handle('profiles.save', { profile: profileInput(name), secrets: { username: USERNAME, password: PASSWORD } })) as ProfileView;
  return { venue, service, home, http, add };
}

async function receiver(answer: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const r = await startReceiver(answer);
  cleanup.push(() => r.close());
  return r;
}

async function night(service: LanebotService, profileId: string) {
  const r = service.core.runner.run(profileId, 'schedule', { slot: '00:40' });
  if ('skipped' in r) throw new Error(r.skipped);
  const a = await r.done;
  await service.core.notifier.settled();
  return a;
}

describe('ntfy and webhook channels', () => {
  it('deliver a booked and a gave-up notification, each linking to its attempt, with no secret in them', async () => {
    const { service, venue, http, add, home } = await setup();
    const ntfy = await receiver();
    const hook = await receiver();
    await service.handle('settings.save', { notifyNtfyUrl: ntfy.url('/lanes-topic'), notifyWebhookUrl: hook.url('/hooks/lanebot') });

    const alex = await add('Alex – Lap swim');
    const sam = await add('Sam');
    // The venue's error page echoes the password back: the runner and the notifier must both keep it out.
    venue.behaviour.set(sam.id, {
      custom: async () => ({ claimedDone: false, steps: [], failure: { kind: 'transient', code: 'login-failed', message: `Login for ${USERNAME} with ${PASSWORD} timed out.` } }),
    });
    const booked = await night(service, alex.id);
    const failed = await night(service, sam.id);
    expect(booked.outcome).toBe('verified');
    expect(failed.outcome).toBe('failed');

    expect(ntfy.requests).toHaveLength(2);
    expect(hook.requests).toHaveLength(2);
    const [nb, ng] = ntfy.requests;
    expect(nb!).toMatchObject({ method: 'POST', path: '/lanes-topic' });
    expect(decodeHeader(nb!.headers.title)).toBe('Booked for Alex – Lap swim: Tue 8 Dec at 07:00, lane 3');
    expect(nb!.headers.click).toBe(`${http.origin}/#/history/${booked.id}`);
    expect(nb!.headers.tags).toBe('white_check_mark');
    expect(nb!.body).toBe("Checked on the venue's own bookings page.");
    expect(decodeHeader(ng!.headers.title)).toBe('Gave up for tonight: Sam, Tue 8 Dec');
    expect(ng!.headers.click).toBe(`${http.origin}/#/history/${failed.id}`);
    expect(ng!.body).toMatch(/timed out\..*Try Book now/);

    const payloads = hook.requests.map((r) => {
      expect(r.headers['content-type']).toBe('application/json');
      return JSON.parse(r.body) as Record<string, unknown>;
    });
    expect(payloads).toEqual([
      { kind: 'booked', title: 'Booked for Alex – Lap swim: Tue 8 Dec at 07:00, lane 3', body: "Checked on the venue's own bookings page.", attemptId: booked.id, url: `${http.origin}/#/history/${booked.id}` },
      expect.objectContaining({ kind: 'gaveUp', title: 'Gave up for tonight: Sam, Tue 8 Dec', attemptId: failed.id, url: `${http.origin}/#/history/${failed.id}` }),
    ]);

    for (const r of [...ntfy.requests, ...hook.requests]) {
      const wire = `${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`;
      for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), USERNAME, http.token]) expect(wire).not.toContain(secret);
      expect(wire).not.toMatch(/token=/);
    }
    // And the log says what was sent, where (host only: a topic path is as good as a password).
    await service.core.fileLog.flush();
    const log = readFileSync(join(home, 'logs', 'lanebot.log'), 'utf8');
    expect(log).toContain(`notification \\"booked\\" for ${booked.id} via ntfy (127.0.0.1:`);
    expect(log).toContain(`notification \\"gaveUp\\" for ${failed.id} via webhook (127.0.0.1:`);
    expect(log).not.toContain('/lanes-topic');
  });

  it('respects the kinds switched off in Settings, and says nothing about a failure with tries left', async () => {
    const { service, venue, add } = await setup();
    const hook = await receiver();
    await service.handle('settings.save', { notifyWebhookUrl: hook.url('/h'), notifications: { booked: false, gaveUp: true, permanent: true } });
    const alex = await add('Alex');
    await night(service, alex.id);
    expect(hook.requests).toHaveLength(0);
    const sam = await add('Sam');
    venue.behaviour.set(sam.id, 'transient');
    // Book now is watched by the user: its failure is not news.
    const r = service.core.runner.run(sam.id, 'book-now');
    if ('done' in r) await r.done;
    await service.core.notifier.settled();
    expect(hook.requests).toHaveLength(0);
    venue.behaviour.set(sam.id, 'permanent');
    await night(service, sam.id);
    expect(hook.requests.map((q) => (JSON.parse(q.body) as { kind: string }).kind)).toEqual(['permanent']);
  });

  it('a channel that hangs or refuses is logged and the night goes on; the other channel still delivers', async () => {
    const { service, add, home } = await setup({ notifyTimeoutMs: 400 });
    const hanging = await receiver({ hang: true });
    const hook = await receiver({ status: 500 });
    await service.handle('settings.save', { notifyNtfyUrl: hanging.url('/t'), notifyWebhookUrl: hook.url('/h') });
    const alex = await add('Alex');
    const t = Date.now();
    const a = await night(service, alex.id);
    expect(a.outcome).toBe('verified');
    expect(Date.now() - t).toBeLessThan(5000);
    expect(hook.requests).toHaveLength(1);
    await service.core.fileLog.flush();
    const log = readFileSync(join(home, 'logs', 'lanebot.log'), 'utf8');
    expect(log).toMatch(/via ntfy \(127\.0\.0\.1:\d+\): FAILED — Could not reach 127\.0\.0\.1:\d+: no answer within 400 ms/);
    expect(log).toMatch(/via webhook \(127\.0\.0\.1:\d+\): FAILED — 127\.0\.0\.1:\d+ refused the message \(HTTP 500\)/);
    // A later night still notifies.
    await service.handle('settings.save', { notifyNtfyUrl: '' });
    const sam = await add('Sam');
    await night(service, sam.id);
    expect(hook.requests).toHaveLength(2);
  });

  it('notify.test sends a test message to the chosen channel, and says so when none is set', async () => {
    const { service, http } = await setup();
    expect(await service.handle('notify.test', { channel: 'ntfy' })).toEqual({ ok: false, message: 'No ntfy topic address is set in Settings.' });
    const ntfy = await receiver();
    await service.handle('settings.save', { notifyNtfyUrl: ntfy.url('/my-lanes') });
    const r = (await service.handle('notify.test', { channel: 'ntfy' })) as { ok: boolean; message: string };
    expect(r).toEqual({ ok: true, message: expect.stringMatching(/^Delivered to 127\.0\.0\.1:\d+ \(HTTP 200\)\.$/) });
    expect(ntfy.requests).toHaveLength(1);
    expect(decodeHeader(ntfy.requests[0]!.headers.title)).toBe('Lanebot test notification');
    expect(ntfy.requests[0]!.headers.click).toBe(`${http.origin}/#/today`);
    const bad = (await service.handle('notify.test', { channel: 'webhook' })) as { ok: boolean };
    expect(bad.ok).toBe(false);
    await expect(service.handle('settings.save', { notifyWebhookUrl: 'ftp://example.com/x' })).rejects.toMatchObject({ fields: { notifyWebhookUrl: expect.any(String) } });
  });
});
