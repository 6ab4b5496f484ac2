// One profile on Today: its status in words, the seven dated lights, the coming run with a live
// countdown, the verified bookings ahead, Book now (with a date) and the attempt streaming in.
import { useEffect, useState } from 'react';
import type { ProfileStatus, WatchStatus } from '../../../../shared/contract';
import { useApi } from '../../api/context';
import { countdown, listTimes, shortDate } from '../../lib/format';
import { useLiveAttempts } from '../../lib/live-context';
import { plain } from '../../lib/text';
import { LiveProgress } from '../LiveProgress';
import { WeekdayLights, nightOf } from '../WeekdayLights';
import { BookNowPanel } from './BookNowPanel';
import { RehearsalLine } from './RehearsalLine';
import { UpcomingBookings } from './UpcomingBookings';

/** The service's one-line status without the profile's name (the card's heading says it). */
export function statusLine(p: Pick<ProfileStatus, 'name' | 'line'>): string {
  const rest = p.line.startsWith(`${p.name} · `) ? p.line.slice(p.name.length + 3) : p.line;
  return plain(rest);
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

export function ProfileCard({ profile: p, now, paused, compact = false }: { profile: ProfileStatus; now: number; paused: boolean; compact?: boolean }) {
  const api = useApi();
  const { store, attempts } = useLiveAttempts();
  const [hidden, setHidden] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [starting, setStarting] = useState(false);
  const [picking, setPicking] = useState(false);
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

  async function bookNow(targetDate: string) {
    setStarting(true);
    setMessage(undefined);
    try {
      const r = await api.call('book.now', { profileId: p.id, targetDate });
      setHidden(undefined);
      setPicking(false);
      setMessage({ text: r.joined ? 'An attempt was already running; showing it.' : `Booking ${shortDate(targetDate)}: the steps appear below.` });
      if (!store.get(r.attemptId)?.summary) api.call('attempts.get', { id: r.attemptId }).then((a) => store.seed(a), () => undefined);
    } catch (e) {
      setMessage({ text: plain((e as Error).message), error: true });
    } finally {
      setStarting(false);
    }
  }

  const na = p.nextAttempt;
  const untilNext = na ? Date.parse(na.at) - now : undefined;
  const skipping = p.skipDates ?? [];

  return (
    <section className={`card profile-card ${p.enabled ? '' : 'profile-card--off'}`} aria-labelledby={`p-${p.id}`} data-profile={p.id}>
      <header className="card__head profile-card__head">
        <div>
          <h2 id={`p-${p.id}`}>
            {p.name} {!p.enabled && <span className="badge badge--neutral">Off</span>}
          </h2>
          <p className="muted profile-card__line">{statusLine(p)}</p>
        </div>
        <div className="profile-card__actions">
          {!compact && (
            <a className="button button--quiet" href={`#/profiles/${p.id}`}>
              Edit
            </a>
          )}
          <button type="button" className="button button--primary" onClick={() => setPicking(!picking)} disabled={starting || running} aria-expanded={picking}>
            {running ? 'Booking…' : 'Book now'}
          </button>
        </div>
      </header>
      {picking && !running && <BookNowPanel profile={p} busy={starting} onBook={bookNow} onCancel={() => setPicking(false)} />}
      {message && (message.error || !live || live.id === hidden) && (
        <p className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {p.needsYou && (
        <div className="warning needs-you" role="status" data-needs-you={p.needsYou.attemptId}>
          <p>
            <strong>Lanebot needs you:</strong> {plain(p.needsYou.what)}.
          </p>
          <p>{plain(p.needsYou.summary.replace(/^Lanebot needs you: /, ''))}</p>
          <p>
            <a href={`#/history/${p.needsYou.attemptId}`}>See the attempt</a>
            {p.needsYou.url && /^https?:\/\//.test(p.needsYou.url) && (
              <>
                {' '}· <a href={p.needsYou.url} target="_blank" rel="noreferrer">Open the venue’s page</a>
              </>
            )}
          </p>
        </div>
      )}
      <WeekdayLights lights={p.lights} timeZone={p.timeZone} today={p.runDate} />
      <div className="info-box">
        {p.enabled ? (
          <>
            {na && untilNext !== undefined ? (
              <p className="countdown">
                <strong>{nightOf(na.runDate, p.runDate)}</strong>’s run books <strong>{shortDate(na.targetDate)}</strong>:{' '}
                {na.kind === 'watch' ? `next cancellation check at ${na.time}` : `next attempt ${na.time}`} —{' '}
                <strong>
                  <time dateTime={na.at}>{untilNext > 0 ? `in ${countdown(untilNext)}` : 'starting now'}</time>
                </strong>
                {paused && ' (paused: the scheduled attempts will not run)'}
              </p>
            ) : (
              <p className="muted">No run is planned: switch on a weekday in the profile.</p>
            )}
            {!compact && (
              <p className="muted">
                Attempts at {listTimes(p.attemptTimes)}, {p.timeZone} time.
              </p>
            )}
            {p.watch && <p>{watchText(p.watch, p.attemptTimes)}</p>}
            <RehearsalLine profile={p} compact={compact} />
            {skipping.length > 0 && (
              <p className="skipping">
                Skipping {skipping.map(shortDate).join(', ')}
                {!compact && (
                  <>
                    {' '}
                    · <a href={`#/profiles/${p.id}`}>change</a>
                  </>
                )}
              </p>
            )}
          </>
        ) : (
          <p>This profile is off: Lanebot books nothing for it until you turn it on in Profiles.</p>
        )}
      </div>
      <UpcomingBookings profile={p} compact={compact} />
      {live && live.id !== hidden && <LiveProgress attempt={live} onClose={() => setHidden(live.id)} />}
    </section>
  );
}
