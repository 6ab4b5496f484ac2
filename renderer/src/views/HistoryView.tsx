// Every attempt, newest first, filterable by profile and outcome; each opens to its steps,
// timings, model usage, the bookings seen before and after, screenshots, and why it failed.
import type { Attempt, Outcome } from '../../../shared/schemas';
import { OUTCOMES } from '../../../shared/schemas';
import { useCall } from '../api/context';
import { EvidenceView } from '../components/EvidenceView';
import { Screenshot } from '../components/Screenshot';
import { StepList } from '../components/StepList';
import { failureText } from '../../../shared/failure-text';
import { screenshotCaption } from '../lib/captions';
import { duration, hourMinute, instant, shortDate } from '../lib/format';
import { tidy, Words } from '../lib/text';
import { useLiveAttempts } from '../lib/live-context';
import { href, navigate } from '../lib/route';
import { OUTCOME_ICON, outcomeText, outcomeTone } from '../lib/steps';

const TRIGGER: Record<Attempt['trigger'], string> = {
  schedule: 'Scheduled',
  'catch-up': 'Catch-up after sleep',
  'book-now': 'Book now',
  'test-login': 'Test login',
  release: 'At window opening',
  watch: 'Cancellation watch',
};

const TIMING: Record<string, string> = { precheck: 'Pre-check', book: 'Booking', verify: 'Verification', total: 'Total', model: 'Model', login: 'Login', prepare: 'Preparing' };

function timingLabel(key: string): string {
  const base = key.replace(/Ms$/, '');
  return TIMING[base] ?? base;
}

/** "12 checks": a night's unsuccessful watch checks share one record. */
function checksText(n: number): string {
  return `${n} check${n === 1 ? '' : 's'}`;
}

/** What follows the trigger's name: a watch record's check count, else the attempt time it ran for. */
function howSuffix(a: Pick<Attempt, 'trigger' | 'slot' | 'watch'>, long: boolean): string {
  if (a.watch) return ` · ${checksText(a.watch.checks)}`;
  if (!a.slot) return '';
  if (!long) return ` ${a.slot}`;
  return a.trigger === 'watch' ? ` (${a.slot} check)` : ` (${a.slot} slot)`;
}

function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  const tone = outcomeTone(outcome);
  return (
    <span className={`badge badge--${tone}`}>
      <span aria-hidden="true">{OUTCOME_ICON[tone]}</span> {outcomeText(outcome)}
    </span>
  );
}

function readFilter(): { profileId?: string; outcome?: Outcome } {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const outcome = q.get('outcome');
  return {
    ...(q.get('profile') ? { profileId: q.get('profile')! } : {}),
    ...(outcome && (OUTCOMES as readonly string[]).includes(outcome) ? { outcome: outcome as Outcome } : {}),
  };
}

function setFilter(f: { profileId?: string; outcome?: Outcome }) {
  const q = new URLSearchParams();
  if (f.profileId) q.set('profile', f.profileId);
  if (f.outcome) q.set('outcome', f.outcome);
  const s = q.toString();
  window.location.hash = `#/history${s ? `?${s}` : ''}`;
}

export function HistoryView({ id }: { id?: string }) {
  return id ? <AttemptDetail id={id} /> : <AttemptList />;
}

function AttemptList() {
  const filter = readFilter();
  const profiles = useCall('profiles.list', {}, { refreshOn: ['profiles-changed'] });
  const list = useCall('attempts.list', { ...filter, limit: 200 }, { refreshOn: ['attempt-started', 'attempt-finished'] });
  return (
    <div>
      <header className="view-head">
        <h1>History</h1>
      </header>
      <div className="filters" role="search" aria-label="Filter attempts">
        <div className="field">
          <label htmlFor="filter-profile">Profile</label>
          <select id="filter-profile" value={filter.profileId ?? ''} onChange={(e) => setFilter({ ...filter, profileId: e.target.value || undefined })}>
            <option value="">All profiles</option>
            {profiles.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-outcome">Outcome</label>
          <select
            id="filter-outcome"
            value={filter.outcome ?? ''}
            onChange={(e) => setFilter({ ...filter, outcome: (e.target.value || undefined) as Outcome | undefined })}
          >
            <option value="">All outcomes</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeText(o)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.error && <p className="error-text">Could not load the history: {list.error.message}</p>}
      {list.data?.length === 0 && <p className="muted">No attempts{filter.profileId || filter.outcome ? ' match these filters' : ' yet'}.</p>}
      {list.data && list.data.length > 0 && (
        <div className="card table-wrap" aria-busy={list.loading}>
          <table>
            <caption className="sr-only">Attempts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Profile</th>
                <th scope="col">Run → booking for</th>
                <th scope="col">How</th>
                <th scope="col">Outcome</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id} data-attempt={a.id} data-outcome={a.outcome}>
                  <td className="num" data-label="Started">
                    <a className="row-link" href={href('history', a.id)}>
                      {instant(a.startedAt)}
                    </a>
                  </td>
                  <td data-label="Profile">{a.profileName}</td>
                  <td data-label="Run → booking for">
                    {shortDate(a.runDate)} → {shortDate(a.targetDate)}
                  </td>
                  <td data-label="How">
                    {TRIGGER[a.trigger] ?? a.trigger}
                    {howSuffix(a, false)}
                  </td>
                  <td data-label="Outcome">
                    <OutcomeBadge outcome={a.outcome} />
                  </td>
                  <td data-label="What happened">
                    <Words text={a.summary || a.failure?.message || ''} /> <span className="muted">({a.stepCount} {a.stepCount === 1 ? 'step' : 'steps'})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function AttemptDetail({ id }: { id: string }) {
  const res = useCall('attempts.get', { id }, { refreshOn: ['attempt-finished'] });
  const { attempts } = useLiveAttempts();
  const live = attempts.find((a) => a.id === id);
  const a = res.data;
  const steps = a && live && !live.finished && live.steps.length > a.steps.length ? live.steps : a?.steps ?? [];
  const allShots = a ? [...new Set([...a.screenshots, ...a.steps.flatMap((s) => (s.screenshot ? [s.screenshot] : []))])] : [];
  const total = a?.endedAt ? Date.parse(a.endedAt) - Date.parse(a.startedAt) : undefined;
  // A watch's "since" reads in the venue's time, like the summary the service wrote.
  const profiles = useCall('profiles.list', {}, { skip: !a?.watch });
  const venueZone = profiles.data?.find((p) => p.id === a?.profileId)?.venue.timeZone;

  return (
    <div className="attempt">
      <a
        className="back"
        href={href('history')}
        onClick={(e) => {
          if (window.history.length > 1) {
            e.preventDefault();
            window.history.back();
          } else navigate('history');
        }}
      >
        ← History
      </a>
      {res.error && <p className="error-text">Could not load this attempt: {res.error.message}</p>}
      {!a && !res.error && <p className="muted">Loading…</p>}
      {a && (
        <>
          <header className="view-head">
            <h1>
              {a.profileName}: booking for {shortDate(a.targetDate)}
            </h1>
            <OutcomeBadge outcome={a.outcome} />
          </header>
          <section className={`card ${outcomeTone(a.outcome) === 'bad' ? 'attempt__why--bad' : ''}`} aria-labelledby="why-title">
            <h2 id="why-title">{outcomeTone(a.outcome) === 'bad' ? 'Why it failed' : 'What happened'}</h2>
            {a.summary && (
              <p className="attempt__summary">
                <Words text={a.summary} />
              </p>
            )}
            {a.failure && (
              <>
                {!tidy(a.summary).includes(tidy(a.failure.message)) && (
                  <p className="error-text">
                    <strong>Detail:</strong> <Words text={a.failure.message} />
                  </p>
                )}
                <p className="muted">
                  {a.failure.kind === 'transient'
                    ? 'A temporary problem: a later attempt may well succeed, and scheduled attempts carry on at the next attempt time.'
                    : /tonight/i.test(a.summary)
                      ? 'Retrying will not fix this; fix it, then use Book now.'
                      : 'Retrying will not fix this: Lanebot stopped for tonight. Fix it (e.g. the password in Profiles), then use Book now.'}
                </p>
              </>
            )}
            <dl className="kv">
              {a.failure && (
                <>
                  <dt>Reason</dt>
                  <dd>{failureText(a.failure.code)}</dd>
                </>
              )}
              <dt>Trigger</dt>
              <dd>
                {TRIGGER[a.trigger] ?? a.trigger}
                {a.watch ? '' : howSuffix(a, true)}
              </dd>
              {a.watch && (
                <>
                  <dt>Checks</dt>
                  <dd>
                    {checksText(a.watch.checks)} since {hourMinute(a.watch.since, venueZone)}
                  </dd>
                </>
              )}
              <dt>Run date → target</dt>
              <dd>
                {shortDate(a.runDate)} → {shortDate(a.targetDate)}
              </dd>
              <dt>Started</dt>
              <dd>{instant(a.startedAt, undefined, { seconds: true })}</dd>
              {a.endedAt && (
                <>
                  <dt>Ended</dt>
                  <dd>
                    {instant(a.endedAt, undefined, { seconds: true })} ({duration(total)})
                  </dd>
                </>
              )}
              {a.via && (
                <>
                  <dt>Booked by</dt>
                  <dd>{a.via === 'model' ? 'the model' : a.via === 'recipe' ? 'replaying the learned recipe' : a.via === 'none' ? 'nothing needed (already booked)' : a.via}</dd>
                </>
              )}
              {a.usage && (
                <>
                  <dt>Model usage</dt>
                  <dd>
                    {a.usage.calls} calls · {a.usage.promptTokens.toLocaleString('en-GB')} prompt tokens · {a.usage.evalTokens.toLocaleString('en-GB')} generated · {duration(a.usage.modelMs)}
                  </dd>
                </>
              )}
            </dl>
            {Object.keys(a.timings).length > 0 && (
              <>
                <h3>Timings</h3>
                <dl className="kv">
                  {Object.entries(a.timings).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt>{timingLabel(k)}</dt>
                      <dd className="num">{duration(v)}</dd>
                    </div>
                  ))}
                </dl>
              </>
            )}
          </section>
          {a.precheck && (
            <section className="card">
              <EvidenceView phase="precheck" evidence={a.precheck} targetDate={a.targetDate} summary={a.summary} />
            </section>
          )}
          <section className="card" aria-labelledby="steps-title">
            <h2 id="steps-title">Steps ({steps.length})</h2>
            <StepList steps={steps} live={a.outcome === 'running'} />
          </section>
          {a.verification && (
            <section className="card">
              <EvidenceView phase="verify" evidence={a.verification} targetDate={a.targetDate} summary={a.summary} />
            </section>
          )}
          {allShots.length > 0 && (
            <section className="card" aria-labelledby="shots-title">
              <h2 id="shots-title">Screenshots ({allShots.length})</h2>
              <div className="gallery">
                {allShots.map((s, i) => (
                  <Screenshot key={s} path={s} caption={`${i + 1}. ${screenshotCaption(s, a)}`} />
                ))}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
