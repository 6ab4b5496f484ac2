// The night schedule: node-schedule jobs at each profile's attempt instants, re-planned from the
// store (never trusted across sleep). On wake or restart, a night whose attempts were missed runs
// one catch-up attempt while its window is open, and is recorded as missed once it has closed.
import schedule, { type Job } from 'node-schedule';
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import type { EventBus } from '../events';
import type { Runner, Trigger } from './runner';
import { summarize } from './runner';
import { addCalendarDays, runDateAt } from './dates';
import { attemptsOn, nightWindow, plannedBetween, rehearsalsBetween, releasesBetween, type PlannedAttempt, type PlannedRehearsal, type PlannedRelease } from './plan';

export interface SchedulerOptions {
  store: Store;
  runner: Runner;
  events: EventBus;
  now?: () => Date;
  log?: (line: string) => void;
  /** How far ahead jobs are planned; the heartbeat re-plans long before this runs out. */
  horizonMs?: number;
  heartbeatMs?: number;
  /** The evening rehearsal of a night (settings.rehearsalTime, the day before); none when absent. */
  rehearse?: (profileId: string, runDate: string) => Promise<unknown>;
}

export class NightScheduler {
  private jobs: Job[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private lastBeat = 0;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private planned: PlannedAttempt[] = [];
  private releases: PlannedRelease[] = [];
  private rehearsals: PlannedRehearsal[] = [];

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? (() => new Date());
    this.log = o.log ?? (() => {});
  }

  start(): void {
    this.replan();
    const every = this.o.heartbeatMs ?? 30_000;
    this.lastBeat = this.now().getTime();
    // Timers do not run while the machine sleeps; a gap between beats means we slept (or the clock jumped).
    this.heartbeat = setInterval(() => {
      const t = this.now().getTime();
      const gap = t - this.lastBeat;
      this.lastBeat = t;
      if (gap > every * 3 || gap < 0) void this.wake('clock jump');
      else if (this.planned.length < 2) this.replan(); // keep the horizon filled
    }, every);
    this.heartbeat.unref?.();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    for (const j of this.jobs) j.cancel();
    this.jobs = [];
  }

  /** Cancels every job and plans again from the store. */
  replan(): void {
    for (const j of this.jobs) j.cancel();
    this.jobs = [];
    const now = this.now();
    const to = new Date(now.getTime() + (this.o.horizonMs ?? 36 * 3_600_000));
    this.planned = this.o.store.data.profiles.flatMap((p) => plannedBetween(p, now, to));
    for (const a of this.planned) {
      const job = schedule.scheduleJob(a.at, () => this.fire(a));
      if (job) this.jobs.push(job);
      else this.log(`could not schedule ${a.profileId} at ${a.at.toISOString()}`);
    }
    this.releases = this.o.store.data.profiles.flatMap((p) => releasesBetween(p, now, to));
    for (const r of this.releases) {
      const job = schedule.scheduleJob(r.at, () => this.fireRelease(r));
      if (job) this.jobs.push(job);
    }
    const rehearse = this.o.rehearse;
    const time = this.o.store.data.settings.rehearsalTime;
    this.rehearsals = rehearse ? this.o.store.data.profiles.flatMap((p) => rehearsalsBetween(p, now, to, time)) : [];
    for (const r of this.rehearsals) {
      const job = schedule.scheduleJob(r.at, () => {
        this.rehearsals = this.rehearsals.filter((x) => x !== r);
        rehearse!(r.profileId, r.runDate).catch((e) => this.log(`rehearsal for ${r.profileId} failed to run: ${String(e)}`));
      });
      if (job) this.jobs.push(job);
    }
    this.o.events.emit({ type: 'schedule-changed' });
  }

  /** Runs a night's rehearsal now, as its evening job would (Settings' time aside). */
  async rehearseNow(profileId: string, runDate: string): Promise<unknown> {
    return this.o.rehearse?.(profileId, runDate);
  }

  upcomingRehearsals(): PlannedRehearsal[] {
    const now = this.now();
    return this.rehearsals.filter((r) => r.at > now);
  }

  upcomingReleases(): PlannedRelease[] {
    const now = this.now();
    return this.releases.filter((r) => r.at > now);
  }

  private fireRelease(r: PlannedRelease): void {
    this.releases = this.releases.filter((x) => x !== r);
    try {
      const res = this.o.runner.run(r.profileId, 'release', { slot: r.opensAt, runDate: r.runDate });
      if ('done' in res) res.done.catch((e) => this.log(`release attempt failed to record: ${String(e)}`));
    } catch (e) {
      this.log(`release attempt for ${r.profileId} could not start: ${String(e)}`);
    }
  }

  upcoming(): PlannedAttempt[] {
    const now = this.now();
    return this.planned.filter((a) => a.at > now);
  }

  private fire(a: PlannedAttempt): void {
    const trigger: Trigger = a.kind === 'watch' ? 'watch' : 'schedule';
    this.planned = this.planned.filter((p) => p !== a);
    try {
      const r = this.o.runner.run(a.profileId, trigger, { slot: a.time });
      if ('done' in r) r.done.catch((e) => this.log(`attempt failed to record: ${String(e)}`));
    } catch (e) {
      this.log(`scheduled attempt for ${a.profileId} could not start: ${String(e)}`);
    }
  }

  /** After sleep, a clock jump or a restart: re-plan, then catch up what was missed. */
  async wake(reason: string): Promise<void> {
    this.log(`re-planning after ${reason}`);
    this.replan();
    await this.catchUp();
  }

  /**
   * For each profile, tonight's and last night's attempts that should have happened already:
   * if none ran since the last missed time, run once (window open) or record "missed" (window closed).
   */
  async catchUp(): Promise<void> {
    const now = this.now();
    const { store } = this.o;
    const catchUpMinutes = store.data.settings.catchUpWindowMinutes;
    for (const profile of store.data.profiles) {
      if (!profile.enabled) continue;
      const today = runDateAt(now, profile.venue.timeZone);
      for (const runDate of [addCalendarDays(today, -1), today]) {
        // Nights before the profile existed were never Lanebot's to book.
        const due = attemptsOn(profile, runDate).filter((a) => a.at <= now && a.at >= new Date(profile.createdAt));
        if (!due.length) continue;
        const lastDue = due[due.length - 1]!;
        const attempts = store.data.attempts.filter((x) => x.profileId === profile.id && x.runDate === runDate);
        // Something ran (or was recorded missed) at or after the last due time: nothing was missed.
        if (attempts.some((x) => new Date(x.startedAt) >= new Date(lastDue.at.getTime() - 1000) || x.outcome === 'missed')) continue;
        const window = nightWindow(profile, runDate, catchUpMinutes)!;
        const skip = this.o.runner.skipReason(profile, runDate, 'catch-up');
        if (skip) continue;
        if (now <= window.end) {
          if (runDate !== today) continue; // yesterday's window can only still be open just after midnight; the runner books for "today"
          this.log(`${profile.name}: catching up the missed ${lastDue.time} attempt`);
          const r = this.o.runner.run(profile.id, 'catch-up', { slot: lastDue.time });
          if ('done' in r) await r.done.catch(() => {});
        } else {
          await this.recordMissed(profile.id, profile.name, runDate, lastDue.targetDate, due.map((d) => d.time));
        }
      }
    }
  }

  private async recordMissed(profileId: string, profileName: string, runDate: string, targetDate: string, times: string[]) {
    const at = this.now().toISOString();
    const attempt = {
      id: `missed-${runDate.replace(/-/g, '')}-${randomUUID().slice(0, 8)}`,
      profileId,
      profileName,
      trigger: 'schedule' as const,
      runDate,
      targetDate,
      startedAt: at,
      endedAt: at,
      outcome: 'missed' as const,
      failure: { kind: 'transient' as const, code: 'missed', message: `Lanebot was not running (asleep or off) at ${times.join(', ')}.` },
      summary: `Missed: the machine was asleep or Lanebot was not running during the night’s window (${times.join(', ')}). Book by hand if the lane is still free.`,
      steps: [],
      timings: {},
      screenshots: [],
    };
    await this.o.store.update((d) => {
      d.attempts.push(attempt);
    });
    this.o.events.emit({ type: 'attempt-finished', attempt: summarize(attempt) });
  }
}
