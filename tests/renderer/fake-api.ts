// A LanebotApi for component tests: scripted handlers per method, a record of every call, and
// emit() to push service events, so views are tested against the real contract types.
import type { LanebotApi, Method, Request, Response, ServiceEvent, ProfileStatus, ProfileView, StatusView, HealthView } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { settingsSchema, type Settings } from '../../shared/schemas';

export type Handlers = { [M in Method]?: (req: Request<M>) => Response<M> | Promise<Response<M>> };

export interface FakeApi extends LanebotApi {
  calls: { method: Method; request: unknown }[];
  emit(event: ServiceEvent): void;
  handlers: Handlers;
}

export function createFakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const api: FakeApi = {
    transport: 'http',
    calls: [],
    handlers,
    async call<M extends Method>(method: M, request: Request<M>): Promise<Response<M>> {
      api.calls.push({ method, request: JSON.parse(JSON.stringify(request ?? {})) });
      const h = api.handlers[method] as ((r: Request<M>) => Response<M> | Promise<Response<M>>) | undefined;
      if (!h) throw new ApiError('not-found', `fake api has no handler for ${method}`);
      return h(request);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit(e) {
      for (const l of [...listeners]) l(e);
    },
    screenshotUrl: (p) => `/files/${p.split('/').map(encodeURIComponent).join('/')}`,
  };
  return api;
}

/** The service's own defaults. */
export const SETTINGS: Settings = settingsSchema.parse({});

export const HEALTH: HealthView = {
  ollama: { ok: true, message: 'Ollama 0.6 is running', models: ['qwen2.5:7b'], host: 'http://127.0.0.1:11434' },
  browser: { ok: true, message: 'Chromium found', path: '/usr/bin/chromium' },
  awake: { ok: false, message: 'This computer may sleep at midnight', fix: 'Turn off sleep while plugged in, or run lanebot serve on an always-on machine' },
  secrets: { ok: true, message: 'Passwords are in a file only you can read', protection: 'file-0600' },
  dataDir: '/home/alex/.config/lanebot',
  transport: 'http',
};

const on = { book: true };

/** A saved profile as profiles.get answers it; tests override what they are about. */
export function profileView(over: Partial<ProfileView> = {}): ProfileView {
  return {
    id: 'alex-1a2b3c',
    name: 'Alex',
    enabled: true,
    venue: { startUrl: 'https://pool.example/', allowedOrigins: ['https://pool.example'], timeZone: 'Europe/London', daysAhead: 7 },
    instructions: 'Book lane 3 at 07:00 on {date}',
    weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
    attemptTimes: ['00:01'],
    verification: { time: '07:00', lane: '3', dateOrder: 'dmy' },
    alternatives: [],
    secretNames: ['username', 'password'],
    keepCookies: true,
    watch: { enabled: false, everyMinutes: 15, until: '22:00' },
    skipDates: [],
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    secretsSaved: { username: true, password: true },
    recipes: [],
    teaching: false,
    ...over,
  };
}

export function profileStatus(over: Partial<ProfileStatus> = {}): ProfileStatus {
  return {
    id: 'alex',
    name: 'Alex',
    enabled: true,
    timeZone: 'Europe/London',
    runDate: '2026-11-28',
    targetDate: '2026-12-05',
    tonightDue: true,
    attemptTimes: ['00:01', '00:10', '00:20', '00:30', '00:40'],
    // The seven dates the runs of Sun 22 … Sat 28 Nov book; the coming night (Sun 29 Nov) books Sun 6 Dec.
    lights: [
      { weekday: 'mon', state: 'grey', kind: 'off', label: 'Day off', runDate: '2026-11-23', targetDate: '2026-11-30' },
      {
        weekday: 'tue',
        state: 'green',
        kind: 'booked',
        label: 'Booked 07:00, lane 3',
        runDate: '2026-11-24',
        targetDate: '2026-12-01',
        booking: { date: '2026-12-01', at: '2026-11-24T00:01:05.000Z', attemptId: 'a1', how: 'booked', trigger: 'schedule', time: '07:00', lane: '3' },
        last: { at: '2026-11-24T00:01:05.000Z', runDate: '2026-11-24', targetDate: '2026-12-01', attemptId: 'a1', how: 'booked', evidence: 'Lane 3 07:00' },
      },
      { weekday: 'wed', state: 'grey', kind: 'off', label: 'Day off', runDate: '2026-11-25', targetDate: '2026-12-02' },
      { weekday: 'thu', state: 'grey', kind: 'skipped', label: 'Skipped', runDate: '2026-11-26', targetDate: '2026-12-03' },
      { weekday: 'fri', state: 'red', kind: 'not-booked', label: 'Not booked', runDate: '2026-11-27', targetDate: '2026-12-04' },
      { weekday: 'sat', state: 'running', kind: 'running', label: 'Booking now…', runDate: '2026-11-28', targetDate: '2026-12-05' },
      { weekday: 'sun', state: 'grey', kind: 'before-setup', label: 'Before set-up', runDate: '2026-11-22', targetDate: '2026-11-29', next: { runDate: '2026-11-29', targetDate: '2026-12-06' } },
    ],
    nextAttempt: { at: '2026-11-29T00:01:00.000Z', time: '00:01', runDate: '2026-11-29', targetDate: '2026-12-06', kind: 'attempt' },
    weekdays: ['tue', 'thu', 'fri', 'sat', 'sun'],
    skipDates: ['2026-12-03'],
    upcoming: [{ date: '2026-12-01', at: '2026-11-24T00:01:05.000Z', attemptId: 'a1', how: 'booked', trigger: 'schedule', time: '07:00', lane: '3' }],
    bookingsUrl: 'https://pool.example/my-bookings',
    lastBookableDate: '2026-12-05',
    line: 'Alex · Sat 5 Dec · booking now',
    ...over,
  };
}

export function statusView(over: Partial<StatusView> = {}): StatusView {
  return { now: '2026-11-28T20:48:55.000Z', paused: false, running: false, profiles: [profileStatus()], notices: [], overall: 'pending', ...over };
}
