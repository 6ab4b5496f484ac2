// Morning notifications: booked and verified (date, time, lane), gave up tonight (reason, what to
// do), permanent errors; each kind can be switched off in settings.
import { describe, expect, it } from 'vitest';
import { setupNotifications } from '../../electron/shell/notifications';
import { notificationFor, shortDate } from '../../electron/service/notify/messages';
import { FakeService, attemptSummary, profileStatus, statusView } from './fakes';

const verified = attemptSummary({
  outcome: 'verified',
  verification: { found: true, seen: [], match: { date: '05/12/2026', time: '07:00', lane: '3', text: 'Lane 3 07:00' } },
});

describe('notificationFor', () => {
  it('booked and verified names the date, time and lane', () => {
    expect(notificationFor(verified, false)).toMatchObject({
      kind: 'booked',
      title: 'Booked for Alex: Sat 5 Dec at 07:00, lane 3',
      body: "Checked on the venue's own bookings page.",
    });
    expect(notificationFor({ ...verified, trigger: 'watch' }, false)?.body).toBe("A cancellation freed it. Checked on the venue's own bookings page.");
    expect(notificationFor(attemptSummary({ outcome: 'already-booked', precheck: { found: true, seen: [], match: { date: 'x', text: '', lane: 'Court B' } } }), false)?.title).toBe(
      'Already booked for Alex: Sat 5 Dec, Court B',
    );
  });

  it('a permanent failure asks for the user at once', () => {
    const n = notificationFor(attemptSummary({ outcome: 'failed', failure: { kind: 'permanent', code: 'bad-password', message: 'The venue says the password is wrong.' } }), false);
    expect(n).toMatchObject({ kind: 'permanent', title: 'Lanebot needs you: Alex' });
    expect(n!.body).toBe('The venue says the password is wrong. No more tries tonight. Open Lanebot to fix it, then press Book now.');
  });

  it('a transient failure is news only when it was the last chance tonight', () => {
    const failed = attemptSummary({ outcome: 'failed', summary: 'Lane 3 was taken by the time we got there.', failure: { kind: 'transient', code: 'slot-taken', message: 'taken' } });
    expect(notificationFor(failed, false)).toBeUndefined();
    expect(notificationFor(failed, true)).toMatchObject({
      kind: 'gaveUp',
      title: 'Gave up for tonight: Alex, Sat 5 Dec',
      body: "Lane 3 was taken by the time we got there. Try Book now, or book on the venue's site by hand.",
    });
    expect(notificationFor({ ...failed, trigger: 'book-now' }, true)).toBeUndefined();
    expect(notificationFor(attemptSummary({ outcome: 'missed' }), false)?.kind).toBe('gaveUp');
    for (const outcome of ['running', 'interrupted', 'aborted', 'login-ok'] as const) expect(notificationFor(attemptSummary({ outcome }), true)).toBeUndefined();
    expect(notificationFor({ ...verified, trigger: 'test-login' }, true)).toBeUndefined();
  });

  it('dates are calendar dates, not shifted by time zones', () => {
    expect(shortDate('2026-12-05')).toBe('Sat 5 Dec');
    expect(shortDate('2027-03-28')).toBe('Sun 28 Mar');
  });
});

describe('setupNotifications', () => {
  function rig() {
    const service = new FakeService();
    const shown: { title: string; body: string }[] = [];
    const clicks: (() => void)[] = [];
    const opened: string[] = [];
    const n = setupNotifications({
      service,
      isSupported: () => true,
      create: (o) => ({ show: () => shown.push(o), on: (_e, l) => clicks.push(l) }),
      open: (id) => opened.push(id),
    });
    return { service, shown, clicks, opened, n };
  }

  it('shows a notification on attempt-finished; clicking opens the app', async () => {
    const r = rig();
    r.service.emit({ type: 'attempt-finished', attempt: verified });
    r.service.emit({ type: 'attempt-started', attempt: verified });
    await r.n.settled();
    expect(r.shown.map((s) => s.title)).toEqual(['Booked for Alex: Sat 5 Dec at 07:00, lane 3']);
    r.clicks[0]!();
    expect(r.opened).toEqual(['a1']);
  });

  it('respects each notification setting', async () => {
    const r = rig();
    r.service.settings.notifications = { booked: false, gaveUp: true, permanent: true };
    r.service.emit({ type: 'attempt-finished', attempt: verified });
    r.service.emit({ type: 'attempt-finished', attempt: attemptSummary({ id: 'a2', outcome: 'failed', failure: { kind: 'permanent', code: 'x', message: 'Account locked.' } }) });
    await r.n.settled();
    expect(r.shown.map((s) => s.title)).toEqual(['Lanebot needs you: Alex']);
    r.service.settings.notifications = { booked: true, gaveUp: true, permanent: false };
    r.service.emit({ type: 'attempt-finished', attempt: attemptSummary({ id: 'a3', outcome: 'failed', failure: { kind: 'permanent', code: 'x', message: 'Account locked.' } }) });
    await r.n.settled();
    expect(r.shown).toHaveLength(1);
  });

  it('decides "gave up" from the status: another attempt tonight means no notification yet', async () => {
    const r = rig();
    const failed = attemptSummary({ outcome: 'failed', failure: { kind: 'transient', code: 't', message: 'Timed out' } });
    r.service.current = statusView({
      profiles: [profileStatus({ id: 'alex', name: 'Alex', nextAttempt: { at: '', time: '00:20', runDate: '2026-11-28', targetDate: '2026-12-05', kind: 'attempt' } })],
    });
    r.service.emit({ type: 'attempt-finished', attempt: failed });
    await r.n.settled();
    expect(r.shown).toHaveLength(0);
    r.service.current = statusView({
      profiles: [profileStatus({ id: 'alex', name: 'Alex', nextAttempt: { at: '', time: '00:01', runDate: '2026-11-29', targetDate: '2026-12-06', kind: 'attempt' } })],
    });
    r.service.emit({ type: 'attempt-finished', attempt: failed });
    await r.n.settled();
    expect(r.shown.map((s) => s.title)).toEqual(['Gave up for tonight: Alex, Sat 5 Dec']);
    expect(r.shown[0]!.body).toContain('Timed out');
  });
});
