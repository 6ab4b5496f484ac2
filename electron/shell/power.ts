// Sleep-safe nights. The awake keeper holds an app-suspension blocker only from the night's
// preparation to the end of its window (and while an attempt runs), and releases it otherwise, so
// Lanebot never keeps a laptop awake all day. The wake handler turns the OS's resume/unlock signals
// into one service.onWake per wake-up: timers are never trusted across sleep, the service re-plans.
import type { ServiceEvent } from '../../shared/contract';
import type { ShellService } from './service-port';

export interface PowerSaveBlockerApi {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** setTimeout silently fires at once for delays beyond 2^31-1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

export interface AwakeKeeperDeps {
  blocker: PowerSaveBlockerApi;
  service: Pick<ShellService, 'awakeWindows' | 'setAwakeState' | 'subscribe'>;
  now?: () => Date;
  timers?: Timers;
  /** Re-evaluation period; the boundary timer is exact, this catches clock jumps and sleeps. */
  tickMs?: number;
  formatTime?: (d: Date) => string;
}

export interface AwakeKeeper {
  evaluate(): void;
  held(): boolean;
  dispose(): void;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export function setupAwakeKeeper(deps: AwakeKeeperDeps): AwakeKeeper {
  const now = deps.now ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  const fmt = deps.formatTime ?? hhmm;
  let blockerId: number | undefined;
  let boundary: unknown;
  let lastReported = '';
  const running = new Set<string>();

  function report(held: boolean, message: string) {
    const key = `${held}|${message}`;
    if (key === lastReported) return;
    lastReported = key;
    deps.service.setAwakeState({ held, message });
  }

  function evaluate() {
    const t = now();
    let windows: { start: Date; end: Date }[] = [];
    try {
      windows = deps.service.awakeWindows(t);
    } catch {
      windows = [];
    }
    const active = windows.filter((w) => w.start.getTime() <= t.getTime() && t.getTime() < w.end.getTime());
    const shouldHold = active.length > 0 || running.size > 0;
    if (shouldHold && blockerId === undefined) blockerId = deps.blocker.start('prevent-app-suspension');
    if (!shouldHold && blockerId !== undefined) {
      deps.blocker.stop(blockerId);
      blockerId = undefined;
    }

    const until = active.reduce<Date | undefined>((m, w) => (!m || w.end > m ? w.end : m), undefined);
    const next = windows.filter((w) => w.start.getTime() > t.getTime()).sort((a, b) => a.start.getTime() - b.start.getTime())[0];
    // Idle-sleep is what an app can prevent; a closed lid still sleeps on most laptops, so say so.
    const lid = ' A closed laptop lid can still put it to sleep.';
    if (active.length > 0) report(true, `Keeping this computer awake until ${fmt(until!)} for tonight's bookings.${lid}`);
    else if (running.size > 0) report(true, 'Keeping this computer awake while a booking runs.');
    else if (next) report(false, `Will keep this computer awake from ${fmt(next.start)} to ${fmt(next.end)}.${lid}`);
    else report(false, 'Nothing to stay awake for tonight.');

    // Wake exactly at the next edge (start of the next window, or end of the current one).
    const edges = [...active.map((w) => w.end.getTime()), ...(next ? [next.start.getTime()] : [])];
    if (boundary !== undefined) timers.clearTimeout(boundary);
    boundary = undefined;
    if (edges.length > 0) {
      const delay = Math.min(Math.max(Math.min(...edges) - t.getTime(), 0) + 50, MAX_DELAY);
      boundary = timers.setTimeout(evaluate, delay);
    }
  }

  const unsubscribe = deps.service.subscribe((e: ServiceEvent) => {
    if (e.type === 'attempt-started') running.add(e.attempt.id);
    else if (e.type === 'attempt-finished') running.delete(e.attempt.id);
    else if (e.type !== 'schedule-changed' && e.type !== 'profiles-changed' && e.type !== 'settings-changed') return;
    evaluate();
  });
  const tick = timers.setInterval(evaluate, deps.tickMs ?? 60_000);
  evaluate();

  return {
    evaluate,
    held: () => blockerId !== undefined,
    dispose() {
      unsubscribe();
      timers.clearInterval(tick);
      if (boundary !== undefined) timers.clearTimeout(boundary);
      if (blockerId !== undefined) deps.blocker.stop(blockerId);
      blockerId = undefined;
    },
  };
}

export interface PowerMonitorApi {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface WakeDeps {
  powerMonitor: PowerMonitorApi;
  service: Pick<ShellService, 'onWake'>;
  /** Resume and unlock usually arrive together; one quiet period after the last folds them into one wake. */
  debounceMs?: number;
  timers?: Timers;
  /** Runs after each onWake (re-evaluate the awake keeper, refresh the tray). */
  afterWake?: () => void;
  onError?: (e: unknown) => void;
}

export function setupWakeHandler(deps: WakeDeps): { dispose(): void } {
  const timers = deps.timers ?? realTimers;
  const debounceMs = deps.debounceMs ?? 3000;
  let pending: unknown;
  let reason: 'resume' | 'unlock' | undefined;
  let running: Promise<void> | undefined;
  let queued: 'resume' | 'unlock' | undefined;

  function run(r: 'resume' | 'unlock') {
    if (running) {
      // A wake during a wake: one more pass after this one, never a pile-up.
      queued = queued === 'resume' || r === 'resume' ? 'resume' : 'unlock';
      return;
    }
    running = deps.service
      .onWake(r)
      .catch((e: unknown) => deps.onError?.(e))
      .finally(() => {
        running = undefined;
        deps.afterWake?.();
        const q = queued;
        queued = undefined;
        if (q) run(q);
      });
  }

  function signal(r: 'resume' | 'unlock') {
    reason = reason === 'resume' || r === 'resume' ? 'resume' : 'unlock';
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = timers.setTimeout(() => {
      pending = undefined;
      const rr = reason!;
      reason = undefined;
      run(rr);
    }, debounceMs);
  }
  const onResume = () => signal('resume');
  const onUnlock = () => signal('unlock');
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onUnlock);
  return {
    dispose() {
      deps.powerMonitor.removeListener('resume', onResume);
      deps.powerMonitor.removeListener('unlock-screen', onUnlock);
      if (pending !== undefined) timers.clearTimeout(pending);
    },
  };
}
