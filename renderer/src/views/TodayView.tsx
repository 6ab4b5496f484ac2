// The morning check: did every profile get its lane? Per profile the seven dated lights, the coming
// run with a live countdown, the verified bookings ahead and Book now; beside them the pause, the
// calendar feed and the machine's health. Compact (the tray's companion window): the profiles only,
// with one line for anything that needs attention.
import type { StatusView } from '../../../shared/contract';
import { useCall } from '../api/context';
import { HealthPanel, healthProblems } from '../components/HealthPanel';
import { Notices } from '../components/Notices';
import { CalendarCard } from '../components/today/CalendarCard';
import { PauseCard } from '../components/today/PauseCard';
import { ProfileCard } from '../components/today/ProfileCard';
import { useNow } from '../lib/use-now';

export { watchText } from '../components/today/ProfileCard';

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

export function TodayView({ compact = false }: { compact?: boolean }) {
  const status = useCall('status.get', {}, { refreshOn: [...STATUS_EVENTS], pollMs: 30_000 });
  const health = useCall('health.get', {}, { refreshOn: ['settings-changed'] });
  const settings = useCall('settings.get', {}, { refreshOn: ['settings-changed'] });
  const now = useNow(1000, status.data?.now);
  const s = status.data;
  const problems = health.data ? healthProblems(health.data) : [];

  return (
    <div className={`today ${compact ? 'today--compact' : ''}`}>
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
      {compact && problems.length > 0 && (
        <p className="warning" role="status">
          ⚠ {problems.length === 1 ? `${problems[0]} needs attention` : `${problems.length} things need attention (${problems.join(', ')})`} —{' '}
          <a href="#/today">details</a>
        </p>
      )}
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
          {s?.profiles.map((p) => <ProfileCard key={p.id} profile={p} now={now} paused={s.paused} compact={compact} />)}
        </div>
        {!compact && (
          <aside className="today__side">
            {s && <PauseCard paused={s.paused} until={settings.data?.pausedUntil} now={now} onChanged={status.reload} />}
            <CalendarCard />
            <HealthPanel health={health} />
            <HowItWorks />
          </aside>
        )}
      </div>
    </div>
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
