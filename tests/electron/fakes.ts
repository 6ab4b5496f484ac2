// Test doubles for the Electron shell: a scriptable ShellService and status/attempt builders.
import type { AttemptSummary, ProfileStatus, ServiceEvent, StatusView } from '../../shared/contract';
import { settingsSchema, type Settings } from '../../shared/schemas';
import type { ShellService } from '../../electron/shell/service-port';

export function profileStatus(p: Partial<ProfileStatus> & { id: string; name: string }): ProfileStatus {
  return {
    enabled: true,
    timeZone: 'Europe/London',
    runDate: '2026-11-28',
    targetDate: '2026-12-05',
    tonightDue: true,
    lights: [],
    attemptTimes: ['00:01', '00:10'],
    line: `${p.name} · Sat 5 Dec · not yet booked`,
    ...p,
  };
}

export function statusView(s: Partial<StatusView> = {}): StatusView {
  return { now: '2026-11-28T12:00:00.000Z', paused: false, running: false, profiles: [], notices: [], overall: 'idle', ...s };
}

export function attemptSummary(a: Partial<AttemptSummary> = {}): AttemptSummary {
  return {
    id: 'a1',
    profileId: 'alex',
    profileName: 'Alex',
    trigger: 'schedule',
    runDate: '2026-11-28',
    targetDate: '2026-12-05',
    startedAt: '2026-11-28T00:01:00.000Z',
    outcome: 'verified',
    summary: '',
    timings: {},
    screenshots: [],
    stepCount: 3,
    ...a,
  };
}

/** The service's own defaults, so the fakes cannot drift from them. */
export const defaultSettings = (): Settings => settingsSchema.parse({});

export class FakeService implements ShellService {
  dataDir = '/nonexistent';
  current: StatusView = statusView();
  settings: Settings = defaultSettings();
  windows: { start: Date; end: Date }[] = [];
  listeners = new Set<(e: ServiceEvent) => void>();
  calls: { method: string; args: unknown[] }[] = [];
  awake: { held: boolean; message: string }[] = [];
  statusCalls = 0;
  failStatus: Error | undefined;

  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }
  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
  emit(e: ServiceEvent) {
    for (const l of this.listeners) l(e);
  }

  async handle(method: string, body: unknown): Promise<unknown> {
    this.record('handle', method, body);
    if (method === 'settings.get') return this.settings;
    if (method === 'settings.save') {
      this.settings = { ...this.settings, ...(body as Partial<Settings>) };
      return this.settings;
    }
    if (method === 'status.get') return this.current;
    return { echoed: method, body };
  }
  subscribe(listener: (e: ServiceEvent) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  async status() {
    this.statusCalls++;
    if (this.failStatus) throw this.failStatus;
    return this.current;
  }
  async bookNow(profileId: string) {
    this.record('bookNow', profileId);
    return { attemptId: 'a-now', joined: false };
  }
  async setPausedTonight(paused: boolean) {
    this.record('setPausedTonight', paused);
    this.current = { ...this.current, paused, overall: paused ? 'paused' : this.current.overall };
  }
  async onWake(reason: 'resume' | 'unlock') {
    this.record('onWake', reason);
  }
  awakeWindows(now: Date) {
    this.record('awakeWindows', now);
    return this.windows;
  }
  setAwakeState(state: { held: boolean; message: string }) {
    this.awake.push(state);
  }
  setSecretsProtection(p: 'keychain' | 'basic-text') {
    this.record('setSecretsProtection', p);
  }
  async shutdown(opts: { abortRunning: boolean; timeoutMs: number }): Promise<{ waited: string[]; aborted: string[] }> {
    this.record('shutdown', opts);
    return { waited: [], aborted: [] };
  }
}

/** Manual timers driven by a fake clock, so time-based shell logic is tested without waiting. */
export class FakeClock {
  t: number;
  private nextId = 1;
  private pending = new Map<number, { at: number; fn: () => void; every?: number }>();
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now = () => new Date(this.t);
  timers = {
    setTimeout: (fn: () => void, ms: number) => this.add(fn, ms),
    clearTimeout: (h: unknown) => void this.pending.delete(h as number),
    setInterval: (fn: () => void, ms: number) => this.add(fn, ms, ms),
    clearInterval: (h: unknown) => void this.pending.delete(h as number),
  };
  private add(fn: () => void, ms: number, every?: number) {
    const id = this.nextId++;
    this.pending.set(id, { at: this.t + ms, fn, every });
    return id;
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, p] = due;
      this.t = Math.max(this.t, p.at);
      if (p.every) p.at += p.every;
      else this.pending.delete(id);
      p.fn();
    }
    this.t = end;
  }
  get pendingCount() {
    return this.pending.size;
  }
}
