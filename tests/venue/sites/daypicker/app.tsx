// The "daypicker" site's browser app (Harbour Sports Club), bundled by esbuild: a React single-page app
// whose sign-in, booking page and schedule are all rendered in the browser from the club's JSON API.
// The booking page picks a date with react-day-picker (its day buttons keep the library's own accessible
// names), lists the day's sessions as cards whose buttons are all just "Book", reviews the choice in a
// side panel and answers in a toast. "My schedule" pages the member's bookings three at a time beside
// "Recommended for you" offers.
import { useCallback, useEffect, useRef, useState, type FormEvent, type MouseEvent, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { DayPicker } from 'react-day-picker';
import { ACTIVITY, shortDay, spacesLabel, time12 } from './format';

interface Me {
  name: string;
  email: string;
  csrfToken: string;
  today: string;
}

interface Session {
  id: string;
  activity: string;
  lane: number;
  start: string;
  end: string;
  status: 'open' | 'full' | 'booked' | 'started';
  spacesLeft: number;
}

interface DaySessions {
  date: string;
  notice: string | null;
  sessions: Session[];
}

interface Booking {
  ref: string;
  date: string;
  start: string;
  end: string;
  activity: string;
  lane: number;
}

interface Offer {
  date: string;
  start: string;
  lane: number;
  activity: string;
  spacesLeft: number;
}

interface Toast {
  id: number;
  kind: 'success' | 'error';
  text: string;
}

type Navigate = (to: string, replace?: boolean) => void;
type Notify = (kind: Toast['kind'], text: string) => void;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T>(method: string, url: string, body?: unknown, csrf?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, data.message ?? 'Something went wrong. Please try again.');
  return data as T;
}

function isoOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function dateOf(iso: string): Date {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

function Link({ to, navigate, className, children }: { to: string; navigate: Navigate; className?: string; children: ReactNode }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} className={className} onClick={onClick}>
      {children}
    </a>
  );
}

function Header({ me, path, navigate, onSignOut }: { me: Me; path: string; navigate: Navigate; onSignOut: () => void }) {
  const here = (p: string) => (path.startsWith(p) ? 'nav-link active' : 'nav-link');
  return (
    <header className="topbar">
      <Link to="/app/book" navigate={navigate} className="brand">
        <span className="brand-mark" aria-hidden="true">
          H
        </span>
        Harbour Sports Club
      </Link>
      <nav className="nav">
        <Link to="/app/book" navigate={navigate} className={here('/app/book')}>
          Book
        </Link>
        <Link to="/app/account/schedule" navigate={navigate} className={here('/app/account')}>
          My schedule
        </Link>
      </nav>
      <div className="account">
        <span className="avatar" aria-hidden="true">
          {me.name
            .split(' ')
            .map((w) => w[0])
            .join('')}
        </span>
        <span className="account-name">{me.name}</span>
        <button type="button" className="link-button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function SignIn({ onSignedIn, notice }: { onSignedIn: (me: Me) => void; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Harbour Sports Club';
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Me>('POST', '/api/v1/session', { email, password }));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="brand-mark big" aria-hidden="true">
          H
        </div>
        <h1>Sign in</h1>
        <p className="muted">Welcome back to Harbour Sports Club.</p>
        {notice && <div className="form-info">{notice}</div>}
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="text" inputMode="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="primary wide" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="muted small">Forgot your password? Ask at the front desk.</p>
      </div>
    </main>
  );
}

function SessionCard({ s, onBook }: { s: Session; onBook: (s: Session) => void }) {
  const state = s.status === 'open' ? spacesLabel(s.spacesLeft) : s.status === 'full' ? 'Full' : s.status === 'booked' ? "You're booked" : 'Started';
  return (
    <div className={`session-card status-${s.status}`}>
      <div className="session-title">
        {s.activity} · Lane {s.lane}
      </div>
      <div className="session-time">
        {time12(s.start)} – {time12(s.end)}
      </div>
      <div className="session-foot">
        <span className="session-spaces">{state}</span>
        <button type="button" className="book" disabled={s.status !== 'open'} onClick={() => onBook(s)}>
          Book
        </button>
      </div>
    </div>
  );
}

function ReviewPanel({ date, s, busy, onConfirm, onClose }: { date: string; s: Session; busy: boolean; onConfirm: () => void; onClose: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <>
      <div className="panel-backdrop" onClick={onClose} />
      <aside className="side-panel" role="dialog" aria-modal="true" aria-labelledby="review-title">
        <div className="panel-head">
          <h2 id="review-title">Review booking</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <dl className="summary">
          <dt>Activity</dt>
          <dd>{s.activity}</dd>
          <dt>Lane</dt>
          <dd>Lane {s.lane}</dd>
          <dt>Date</dt>
          <dd>{shortDay(date)}</dd>
          <dt>Time</dt>
          <dd>
            {time12(s.start)} – {time12(s.end)}
          </dd>
        </dl>
        <p className="muted small">Free cancellation up to 2 hours before the session. Please arrive 10 minutes early.</p>
        <div className="panel-actions">
          <button type="button" className="primary wide" ref={confirmRef} disabled={busy} onClick={onConfirm}>
            {busy ? 'Booking…' : 'Confirm booking'}
          </button>
          <button type="button" className="ghost wide" onClick={onClose}>
            Back
          </button>
        </div>
      </aside>
    </>
  );
}

function BookPage({ me, notify, onSignedOut }: { me: Me; notify: Notify; onSignedOut: () => void }) {
  const today = dateOf(me.today);
  const initial = new URLSearchParams(location.search).get('date');
  const [selected, setSelected] = useState<Date>(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? dateOf(initial) : today);
  const [day, setDay] = useState<DaySessions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [review, setReview] = useState<Session | null>(null);
  const [busy, setBusy] = useState(false);
  const iso = isoOf(selected);
  // Only the chosen day's answer is shown: cards of the previous day must never sit under the new heading.
  const current = day && day.date === iso ? day : null;

  const load = useCallback(() => {
    setDay(null);
    setError(null);
    api<DaySessions>('GET', `/api/v1/sessions?date=${iso}`)
      .then(setDay)
      .catch((err: ApiError) => (err.status === 401 ? onSignedOut() : setError(err.message)));
  }, [iso, onSignedOut]);
  useEffect(() => {
    document.title = 'Book a session · Harbour Sports Club';
    load();
  }, [load]);

  const choose = (d: Date | undefined) => {
    if (!d) return;
    setSelected(d);
    history.replaceState(null, '', `/app/book?date=${isoOf(d)}`);
  };
  const confirm = async () => {
    if (!review) return;
    setBusy(true);
    try {
      const b = await api<Booking>('POST', '/api/v1/bookings', { date: iso, start: review.start, lane: review.lane }, me.csrfToken);
      notify('success', `You're booked! Ref ${b.ref}`);
    } catch (err) {
      if ((err as ApiError).status === 401) return onSignedOut();
      notify('error', (err as Error).message);
    }
    setBusy(false);
    setReview(null);
    load();
  };

  return (
    <main className="page">
      <h1>Book a session</h1>
      <p className="muted">Pick a date, then choose a lane. Sessions last one hour.</p>
      <div className="book-layout">
        <section className="card calendar-card">
          <h2>Choose a date</h2>
          <DayPicker
            mode="single"
            required
            selected={selected}
            onSelect={choose}
            today={today}
            defaultMonth={selected}
            startMonth={today}
            endMonth={new Date(today.getFullYear(), today.getMonth() + 2, 1)}
            disabled={{ before: today }}
          />
        </section>
        <section className="sessions">
          <h2>Sessions on {shortDay(iso)}</h2>
          {current?.notice && <div className="notice">{current.notice}</div>}
          {error && <div className="form-error">{error}</div>}
          {!current && !error && <p className="muted loading">Loading sessions…</p>}
          {current && (
            <div className="session-grid">
              {current.sessions.map((s) => (
                <SessionCard key={s.id} s={s} onBook={setReview} />
              ))}
            </div>
          )}
        </section>
      </div>
      {review && <ReviewPanel date={iso} s={review} busy={busy} onConfirm={confirm} onClose={() => setReview(null)} />}
    </main>
  );
}

const PER_PAGE = 3;

function SchedulePage({ me, notify, navigate, onSignedOut }: { me: Me; notify: Notify; navigate: Navigate; onSignedOut: () => void }) {
  const [page, setPage] = useState(1);
  const [list, setList] = useState<{ items: Booking[]; page: number; totalPages: number; total: number } | null>(null);
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [cancelling, setCancelling] = useState<Booking | null>(null);

  const load = useCallback(() => {
    setList(null);
    api<{ items: Booking[]; page: number; totalPages: number; total: number }>('GET', `/api/v1/me/bookings?page=${page}&per_page=${PER_PAGE}`)
      .then(setList)
      .catch((err: ApiError) => (err.status === 401 ? onSignedOut() : notify('error', err.message)));
    api<{ offers: Offer[] }>('GET', '/api/v1/recommendations')
      .then((r) => setOffers(r.offers))
      .catch(() => setOffers([]));
  }, [page, notify, onSignedOut]);
  useEffect(() => {
    document.title = 'My schedule · Harbour Sports Club';
    load();
  }, [load]);

  const cancel = async () => {
    if (!cancelling) return;
    try {
      await api('DELETE', `/api/v1/bookings/${encodeURIComponent(cancelling.ref)}`, undefined, me.csrfToken);
      notify('success', 'Your booking was cancelled.');
    } catch (err) {
      notify('error', (err as Error).message);
    }
    setCancelling(null);
    if (list && list.items.length === 1 && page > 1) setPage(page - 1);
    else load();
  };

  return (
    <main className="page">
      <h1>My schedule</h1>
      <div className="schedule-layout">
        <section className="card">
          <h2>Upcoming bookings</h2>
          {!list && <p className="muted loading">Loading your schedule…</p>}
          {list && list.total === 0 && <p className="muted">You have no upcoming bookings.</p>}
          {list && list.total > 0 && (
            <>
              <ul className="booking-list">
                {list.items.map((b) => (
                  <li key={b.ref} className="booking-row">
                    <span>
                      {shortDay(b.date)} · {time12(b.start)} · {b.activity} — Lane {b.lane}
                    </span>
                    <button type="button" className="ghost" onClick={() => setCancelling(b)}>
                      Cancel
                    </button>
                  </li>
                ))}
              </ul>
              <div className="pager">
                <button type="button" className="ghost" disabled={list.page <= 1} onClick={() => setPage(list.page - 1)}>
                  Previous page
                </button>
                <span className="muted">
                  Page {list.page} of {list.totalPages}
                </span>
                <button type="button" className="ghost" disabled={list.page >= list.totalPages} onClick={() => setPage(list.page + 1)}>
                  Next page
                </button>
              </div>
            </>
          )}
        </section>
        <aside className="card recommendations">
          <h2>Recommended for you</h2>
          {!offers && <p className="muted loading">Finding sessions…</p>}
          {offers && (
            <ul className="offer-list">
              {offers.map((o) => (
                <li key={`${o.date}-${o.start}-${o.lane}`}>
                  {o.activity} — Lane {o.lane} · {shortDay(o.date)} {time12(o.start)} · {spacesLabel(o.spacesLeft)} ·{' '}
                  <Link to={`/app/book?date=${o.date}`} navigate={navigate}>
                    Book now
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      {cancelling && (
        <>
          <div className="panel-backdrop" onClick={() => setCancelling(null)} />
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="cancel-title">
            <h2 id="cancel-title">Cancel this booking?</h2>
            <p>
              {ACTIVITY} — Lane {cancelling.lane}, {shortDay(cancelling.date)} at {time12(cancelling.start)}
            </p>
            <div className="panel-actions row">
              <button type="button" className="danger" onClick={cancel}>
                Yes, cancel it
              </button>
              <button type="button" className="ghost" onClick={() => setCancelling(null)}>
                Keep booking
              </button>
            </div>
          </div>
        </>
      )}
    </main>
  );
}

function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  return (
    <div className="toast-region">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'success' ? 'status' : 'alert'}>
          <span>{t.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

function App() {
  const [path, setPath] = useState(location.pathname + location.search);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const nextId = useRef(1);

  const navigate = useCallback<Navigate>((to, replace = false) => {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = nextId.current++;
      setToasts((ts) => [...ts, { id, kind, text }]);
      window.setTimeout(() => dismiss(id), 8000);
    },
    [dismiss],
  );
  const onSignedOut = useCallback(() => {
    setMe(null);
    setNotice('Your session has expired. Please sign in again.');
  }, []);

  useEffect(() => {
    const onPop = () => setPath(location.pathname + location.search);
    window.addEventListener('popstate', onPop);
    api<Me>('GET', '/api/v1/me')
      .then(setMe)
      .catch(() => setMe(null));
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const pathname = path.split('?')[0]!;
  useEffect(() => {
    if (me === undefined) return;
    if (pathname === '/app' || pathname === '/app/') navigate(me ? '/app/book' : '/app/login', true);
    else if (pathname === '/app/login' && me) navigate(new URLSearchParams(path.split('?')[1] ?? '').get('returnTo') ?? '/app/book', true);
    else if (pathname !== '/app/login' && !me) navigate(`/app/login?returnTo=${encodeURIComponent(path)}`, true);
  }, [me, pathname, path, navigate]);

  const signOut = async () => {
    await api('DELETE', '/api/v1/session', undefined, me?.csrfToken).catch(() => undefined);
    setNotice('You have signed out.');
    setMe(null);
  };

  let body: ReactNode = <p className="muted loading page">Loading…</p>;
  if (me === null && pathname === '/app/login') {
    body = (
      <SignIn
        notice={notice}
        onSignedIn={(m) => {
          setNotice(undefined);
          setMe(m);
        }}
      />
    );
  } else if (me) {
    const page =
      pathname === '/app/book' ? (
        <BookPage key={path} me={me} notify={notify} onSignedOut={onSignedOut} />
      ) : pathname === '/app/account/schedule' ? (
        <SchedulePage me={me} notify={notify} navigate={navigate} onSignedOut={onSignedOut} />
      ) : pathname === '/app/login' || pathname === '/app' || pathname === '/app/' ? null : (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            <Link to="/app/book" navigate={navigate}>
              Go to booking
            </Link>
          </p>
        </main>
      );
    body = (
      <>
        <Header me={me} path={pathname} navigate={navigate} onSignOut={signOut} />
        {page}
      </>
    );
  }
  return (
    <>
      {body}
      <Toasts toasts={toasts} dismiss={dismiss} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
