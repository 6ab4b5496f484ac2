// The morning check: did every profile get its lane? Lights per weekday, tonight's plan with a
// live countdown (to an attempt or a cancellation-watch check), Book now with streamed progress,
// notices, pause, and the machine's health.
import { useEffect, useState } from 'react';
import type { ProfileStatus, StatusView, WatchStatus } from '../../../shared/contract';
import { useApi, useCall } from '../api/context';
import { HealthPanel } from '../components/HealthPanel';
import { LiveProgress } from '../components/LiveProgress';
import { Notices } from '../components/Notices';
import { WeekdayLights } from '../components/WeekdayLights';
import { clock, countdown, instant, listTimes, shortDate } from '../lib/format';
import { useLiveAttempts } from '../lib/live-context';
import { useNow } from '../lib/use-now';

const OVERALL: Record<StatusView['overall'], { icon: string; text: string }> = {
  ok: { icon: '✓', text: 'Everything due is booked and verified' },
  pending: { icon: '!', text: 'Some bookings are due and not verified yet' },
  failed: { icon: '✕', text: 'Lanebot gave up on a booking — see below' },
  running: { icon: '⟳', text: 'Booking in progress' },
  paused: { icon: '⏸', text: 'Paused tonight' },
  idle: { icon: '–', text: 'Nothing due today' },
};

const STATUS_EVENTS = [
  'ledger-changed',
  'profiles-changed',
  'schedule-changed',
  'settings-changed',
  'attempt-started',
  'attempt-finished',
  'notice',
] as const;

export function TodayView() {
  const status = useCall('status.get', {}, { refreshOn: [...STATUS_EVENTS], pollMs: 30_000 });
  const health = useCall('health.get', {}, { refreshOn: ['settings-changed'] });
  const settings = useCall('settings.get', {}, { refreshOn: ['settings-changed'] });
  const now = useNow(1000, status.data?.now);
  const s = status.data;

  return (
    <div className="today">
      <header className="view-head">
        <h1>Today</h1>
        {s && (
          <p className={`overall overall--${s.overall}`} role="status">
            <span aria-hidden="true">{OVERALL[s.overall].icon}</span> {OVERALL[s.overall].text}
          </p>
        )}
      </header>
      {status.error && <p className="error-text">Could not load today’s status: {status.error.message}</p>}
      {s && <Notices notices={s.notices} onChanged={status.reload} />}
      <div className="today__grid">
        <div className="today__main">
          {s && s.profiles.length === 0 && (
            <section className="card empty">
              <h2>No profiles yet</h2>
              <p>A profile says where to book, what to book and when. Set one up once; Lanebot books it every night.</p>
              <a className="button button--primary" href="#/profiles/new">
                Set up a profile
              </a>
            </section>
          )}
          {s?.profiles.map((p) => <ProfileCard key={p.id} profile={p} now={now} paused={s.paused} />)}
        </div>
        <aside className="today__side">
          {s && <PauseCard paused={s.paused} until={settings.data?.pausedUntil} onChanged={status.reload} />}
          <HealthPanel health={health} model={settings.data?.model} />
          <HowItWorks />
        </aside>
      </div>
    </div>
  );
}

function ProfileCard({ profile: p, now, paused }: { profile: ProfileStatus; now: number; paused: boolean }) {
  const api = useApi();
  const { store, attempts } = useLiveAttempts();
  const [hidden, setHidden] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [starting, setStarting] = useState(false);
  const live = attempts.find((a) => a.profileId === p.id);
  const running = !!p.runningAttemptId || (live !== undefined && !live.finished);

  // Opened mid-attempt: fetch the steps that happened before we were listening.
  useEffect(() => {
    const id = p.runningAttemptId;
    if (!id || store.get(id)?.summary) return;
    let cancelled = false;
    api.call('attempts.get', { id }).then(
      (a) => !cancelled && store.seed(a),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, store, p.runningAttemptId]);

  async function bookNow() {
    setStarting(true);
    setMessage(undefined);
    try {
      const r = await api.call('book.now', { profileId: p.id });
      setHidden(undefined);
      setMessage({ text: r.joined ? 'An attempt was already running; showing it.' : 'Started. Watch the steps below.' });
      if (!store.get(r.attemptId)?.summary) api.call('attempts.get', { id: r.attemptId }).then((a) => store.seed(a), () => undefined);
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    } finally {
      setStarting(false);
    }
  }

  const na = p.nextAttempt;
  const untilNext = na ? Date.parse(na.at) - now : undefined;
  const runDate = na?.runDate ?? p.runDate;
  const targetDate = na?.targetDate ?? p.targetDate;
  const soon = untilNext !== undefined && untilNext < 24 * 3600_000;

  return (
    <section className={`card profile-card ${p.enabled ? '' : 'profile-card--off'}`} aria-labelledby={`p-${p.id}`} data-profile={p.id}>
      <header className="card__head">
        <div>
          <h2 id={`p-${p.id}`}>
            {p.name} {!p.enabled && <span className="badge badge--neutral">Off</span>}
          </h2>
          <p className="muted profile-card__line">{p.line}</p>
        </div>
        <div className="profile-card__actions">
          <a className="button button--quiet" href={`#/profiles/${p.id}`}>
            Edit
          </a>
          <button type="button" className="button button--primary" onClick={bookNow} disabled={starting || running} aria-describedby={`book-help-${p.id}`}>
            {running ? 'Booking…' : starting ? 'Starting…' : 'Book now'}
          </button>
        </div>
      </header>
      <p id={`book-help-${p.id}`} className="sr-only">
        Books {shortDate(p.targetDate)} now instead of waiting for tonight, then verifies it on the venue’s site.
      </p>
      {message && (message.error || !live || live.id === hidden) && (
        <p className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <WeekdayLights lights={p.lights} timeZone={p.timeZone} />
      <div className="info-box">
        {p.enabled ? (
          <>
            <p>
              <strong>{soon ? 'Tonight’s run' : 'Next run'}</strong> ({shortDate(runDate)}) books <strong>{shortDate(targetDate)}</strong>; attempts at{' '}
              {listTimes(p.attemptTimes)} ({p.timeZone} time).
            </p>
            {na && untilNext !== undefined ? (
              <p className="countdown">
                {na.kind === 'watch' ? `Next cancellation check at ${na.time}` : `Next attempt ${na.time}`} on {shortDate(na.runDate)} —{' '}
                <strong>
                  <time dateTime={na.at}>{untilNext > 0 ? `in ${countdown(untilNext)}` : 'starting now'}</time>
                </strong>
                {paused && (na.kind === 'watch' ? ' (paused tonight: cancellation checks will not run)' : ' (paused tonight: scheduled attempts will not run)')}
              </p>
            ) : (
              <p className="muted">No attempt is planned{paused ? ' — paused tonight' : ''}.</p>
            )}
            {p.watch && <p>{watchText(p.watch, p.attemptTimes)}</p>}
            {p.lastSuccess && (
              <p className="muted">
                Last verified booking: {shortDate(p.lastSuccess.targetDate)}, made {clock(p.lastSuccess.at, p.timeZone)} on {shortDate(p.lastSuccess.runDate)}
                {p.lastSuccess.how === 'already-booked' ? ' (it was already booked)' : ''}.
              </p>
            )}
          </>
        ) : (
          <p>This profile is off: Lanebot books nothing for it until you turn it on in Profiles.</p>
        )}
      </div>
      {live && live.id !== hidden && <LiveProgress attempt={live} onClose={() => setHidden(live.id)} />}
    </section>
  );
}

/** Tonight's cancellation watch in one line: still waiting for the attempts to end, or under way. */
export function watchText(w: WatchStatus, attemptTimes: string[]): string {
  const plan = `every ${w.everyMinutes} min until ${w.until}`;
  if (!w.active) {
    const last = [...attemptTimes].sort().at(-1);
    return `Cancellation watch on: after the last attempt${last ? ` (${last})` : ''}, ${plan}`;
  }
  const count = w.checks === 0 ? 'first check next' : `${w.checks} check${w.checks === 1 ? '' : 's'} so far`;
  return `Watching for a cancellation ${plan} · ${count}`;
}

function PauseCard({ paused, until, onChanged }: { paused: boolean; until?: string; onChanged: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function toggle(next: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('pause.set', { tonight: next });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className={`card pause ${paused ? 'pause--on' : ''}`} aria-labelledby="pause-title">
      <h2 id="pause-title">Tonight</h2>
      <label className="switch">
        <input type="checkbox" role="switch" checked={paused} disabled={busy} onChange={(e) => toggle(e.target.checked)} aria-checked={paused} />
        <span>Pause tonight’s scheduled attempts</span>
      </label>
      <p className="muted">
        {paused
          ? `Paused: nothing books automatically ${until ? `until ${instant(until)}` : 'tonight'}; then it resumes by itself. Book now still works.`
          : 'On: every enabled profile books at its attempt times.'}
      </p>
      {error && <p className="error-text">{error}</p>}
    </section>
  );
}

function HowItWorks() {
  return (
    <section className="card info" aria-labelledby="how-title">
      <h2 id="how-title">How Lanebot books</h2>
      <p>
        Venues open each day for booking a fixed time ahead — usually one week, at midnight. So each night’s run books the date <strong>one week from the run date</strong>:
        Saturday night’s run books next Saturday.
      </p>
      <p>
        It tries at each attempt time (00:01, 00:10, 00:20, 00:30, 00:40 by default, in the venue’s time) until the booking shows up on the venue’s own “my bookings” page. A light
        turns green only when that check passes; the agent saying “done” never counts.
      </p>
      <p>
        <strong>Your computer must be awake at midnight.</strong> A machine that is asleep or off cannot book. If it wakes within the catch-up window, a missed attempt runs then;
        after that, the night is recorded as missed. Keep it plugged in, or run Lanebot on an always-on machine with <code>lanebot serve</code>.
      </p>
    </section>
  );
}
