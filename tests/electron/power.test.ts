// Sleep-safe nights with a fake clock: the app-suspension blocker is held only inside the night's
// awake window (or while an attempt runs), and each wake-up asks the service to re-plan once.
import { describe, expect, it } from 'vitest';
import { setupAwakeKeeper, setupWakeHandler, type PowerMonitorApi } from '../../electron/shell/power';
import { FakeClock, FakeService, attemptSummary } from './fakes';

class FakeBlocker {
  active = new Set<number>();
  starts: string[] = [];
  private next = 1;
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep') {
    this.starts.push(type);
    const id = this.next++;
    this.active.add(id);
    return id;
  }
  stop(id: number) {
    return this.active.delete(id);
  }
}

const at = (iso: string) => new Date(iso);

describe('awake keeper', () => {
  function rig(start = '2026-11-27T20:00:00Z') {
    const clock = new FakeClock(at(start));
    const service = new FakeService();
    // Preparation at 23:50, window to 00:45 (the service computes these; the keeper only obeys them).
    service.windows = [{ start: at('2026-11-27T23:50:00Z'), end: at('2026-11-28T00:45:00Z') }];
    const blocker = new FakeBlocker();
    const keeper = setupAwakeKeeper({ blocker, service, now: clock.now, timers: clock.timers, tickMs: 7 * 60_000, formatTime: (d) => d.toISOString().slice(11, 16) });
    return { clock, service, blocker, keeper };
  }

  it('holds the blocker exactly from preparation to the end of the window', () => {
    const { clock, service, blocker, keeper } = rig();
    expect(keeper.held()).toBe(false);
    expect(blocker.active.size).toBe(0);
    expect(service.awake.at(-1)).toEqual({ held: false, message: 'Will keep this computer awake from 23:50 to 00:45. A closed laptop lid can still put it to sleep.' });

    clock.advance(3 * 3600_000 + 49 * 60_000); // 23:49
    expect(keeper.held()).toBe(false);
    clock.advance(60_000 + 100); // just past 23:50: the boundary timer fires (the 7-minute tick would be late)
    expect(keeper.held()).toBe(true);
    expect(blocker.starts).toEqual(['prevent-app-suspension']);
    expect(blocker.active.size).toBe(1);
    expect(service.awake.at(-1)!.held).toBe(true);
    expect(service.awake.at(-1)!.message).toMatch(/until 00:45/);

    clock.advance(54 * 60_000); // 00:44
    expect(keeper.held()).toBe(true);
    expect(blocker.starts).toHaveLength(1); // one blocker for the whole window, not one per tick
    clock.advance(61_000); // past 00:45, again on the boundary timer
    expect(keeper.held()).toBe(false);
    expect(blocker.active.size).toBe(0);
  });

  it('does not repeat the same awake state to the service every tick', () => {
    const { clock, service } = rig();
    const n = service.awake.length;
    clock.advance(30 * 60_000);
    expect(service.awake.length).toBe(n);
  });

  it('re-evaluates when the schedule changes, and holds while an attempt runs outside the window', () => {
    const { service, blocker, keeper } = rig('2026-11-27T14:00:00Z');
    service.windows = [];
    service.emit({ type: 'schedule-changed' });
    expect(service.awake.at(-1)!.message).toBe('Nothing to stay awake for tonight.');
    service.emit({ type: 'attempt-started', attempt: attemptSummary({ id: 'b1', trigger: 'book-now', outcome: 'running' }) });
    expect(keeper.held()).toBe(true);
    service.emit({ type: 'attempt-finished', attempt: attemptSummary({ id: 'b1', trigger: 'book-now', outcome: 'verified' }) });
    expect(keeper.held()).toBe(false);
    expect(blocker.active.size).toBe(0);
  });

  it('a new window added while idle starts holding on the event, and dispose releases', () => {
    const { clock, service, blocker, keeper } = rig('2026-11-28T00:00:00Z');
    expect(keeper.held()).toBe(true); // started inside the window (e.g. launched at midnight)
    keeper.dispose();
    expect(blocker.active.size).toBe(0);
    expect(service.listeners.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });
});

class FakePowerMonitor implements PowerMonitorApi {
  listeners = new Map<string, Set<() => void>>();
  on(e: 'resume' | 'unlock-screen', l: () => void) {
    (this.listeners.get(e) ?? this.listeners.set(e, new Set()).get(e)!).add(l);
  }
  removeListener(e: 'resume' | 'unlock-screen', l: () => void) {
    this.listeners.get(e)?.delete(l);
  }
  fire(e: 'resume' | 'unlock-screen') {
    for (const l of this.listeners.get(e) ?? []) l();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('wake handler', () => {
  it('resume followed by unlock is one onWake("resume"), i.e. one re-plan and at most one catch-up', async () => {
    const clock = new FakeClock(at('2026-11-28T07:00:00Z'));
    const service = new FakeService();
    const pm = new FakePowerMonitor();
    let after = 0;
    setupWakeHandler({ powerMonitor: pm, service, debounceMs: 3000, timers: clock.timers, afterWake: () => after++ });
    pm.fire('resume');
    clock.advance(1000);
    pm.fire('unlock-screen');
    clock.advance(2999);
    expect(service.callsTo('onWake')).toHaveLength(0); // still settling
    clock.advance(1);
    await flush();
    expect(service.callsTo('onWake')).toEqual([{ method: 'onWake', args: ['resume'] }]);
    expect(after).toBe(1);
  });

  it('a later, separate wake is reported again; an unlock alone says unlock', async () => {
    const clock = new FakeClock(at('2026-11-28T07:00:00Z'));
    const service = new FakeService();
    const pm = new FakePowerMonitor();
    setupWakeHandler({ powerMonitor: pm, service, debounceMs: 3000, timers: clock.timers });
    pm.fire('resume');
    clock.advance(3000);
    await flush();
    pm.fire('unlock-screen');
    clock.advance(3000);
    await flush();
    expect(service.callsTo('onWake').map((c) => c.args[0])).toEqual(['resume', 'unlock']);
  });

  it('a wake during a slow re-plan queues one more pass, never overlapping calls', async () => {
    const clock = new FakeClock(at('2026-11-28T07:00:00Z'));
    const service = new FakeService();
    let inFlight = 0;
    let maxInFlight = 0;
    const releases: (() => void)[] = [];
    service.onWake = async (reason) => {
      service.calls.push({ method: 'onWake', args: [reason] });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => releases.push(r));
      inFlight--;
    };
    const pm = new FakePowerMonitor();
    setupWakeHandler({ powerMonitor: pm, service, debounceMs: 10, timers: clock.timers });
    pm.fire('resume');
    clock.advance(10);
    pm.fire('resume');
    clock.advance(10);
    pm.fire('unlock-screen');
    clock.advance(10);
    expect(service.callsTo('onWake')).toHaveLength(1);
    releases.shift()!();
    await flush();
    await flush();
    expect(service.callsTo('onWake')).toHaveLength(2);
    releases.shift()!();
    await flush();
    expect(maxInFlight).toBe(1);
    expect(service.callsTo('onWake').map((c) => c.args[0])).toEqual(['resume', 'resume']);
  });

  it('dispose stops listening', () => {
    const clock = new FakeClock(at('2026-11-28T07:00:00Z'));
    const service = new FakeService();
    const pm = new FakePowerMonitor();
    const h = setupWakeHandler({ powerMonitor: pm, service, timers: clock.timers });
    h.dispose();
    pm.fire('resume');
    clock.advance(10_000);
    expect(service.callsTo('onWake')).toHaveLength(0);
  });
});
