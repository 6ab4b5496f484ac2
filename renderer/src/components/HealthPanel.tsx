// Whether this machine can book tonight: model server, browser, staying awake, and how the venue
// password is protected. Each item says what it found once, and the fix only when it adds something.
import type { HealthItem, HealthView } from '../../../shared/contract';
import type { ReactNode } from 'react';
import type { CallState } from '../api/context';
import { plain, Words } from '../lib/text';

const TITLES = { ollama: 'Ollama', browser: 'Browser', awake: 'Staying awake', secrets: 'Passwords' } as const;

/** The titles of the items that need attention, for a one-line summary. */
export function healthProblems(h: HealthView): string[] {
  return (Object.keys(TITLES) as (keyof typeof TITLES)[]).filter((k) => !h[k].ok).map((k) => TITLES[k]);
}

/** Whether `fix` says something `message` does not already say (the same command or advice). */
function adds(message: string, fix: string | undefined): fix is string {
  if (!fix) return false;
  const norm = (s: string) => plain(s).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return !norm(message).includes(norm(fix));
}

function Item({ title, item, children }: { title: string; item: HealthItem; children?: ReactNode }) {
  return (
    <li className={`health__item ${item.ok ? 'health__item--ok' : 'health__item--bad'}`}>
      <span className="health__icon" aria-hidden="true">
        {item.ok ? '✓' : '!'}
      </span>
      <div>
        <strong>{title}</strong> <span className="health__status">{item.ok ? 'OK' : 'Needs attention'}</span>
        <p>
          <Words text={item.message} />
        </p>
        {children}
        {!item.ok && adds(item.message, item.fix) && (
          <p className="health__fix">
            <strong>Fix:</strong> <Words text={item.fix} />
          </p>
        )}
      </div>
    </li>
  );
}

export function HealthPanel({ health }: { health: CallState<HealthView> }) {
  const h = health.data;
  return (
    <section className="card" aria-labelledby="health-title">
      <header className="card__head">
        <h2 id="health-title">Can Lanebot book tonight?</h2>
        <button type="button" className="button button--quiet" onClick={health.reload} disabled={health.loading}>
          {health.loading ? 'Checking…' : 'Check again'}
        </button>
      </header>
      {health.error && <p className="error-text">Could not check: {health.error.message}</p>}
      {!h && !health.error && <p className="muted">Checking…</p>}
      {h && (
        <ul className="health">
          <Item title={TITLES.ollama} item={h.ollama} />
          <Item title={TITLES.browser} item={h.browser}>
            {h.browser.path && !h.browser.message.includes(h.browser.path) && <p className="muted wrap">{h.browser.path}</p>}
          </Item>
          <Item title={TITLES.awake} item={h.awake} />
          <Item title={TITLES.secrets} item={h.secrets}>
            <p className="muted">Never sent to the model.</p>
          </Item>
        </ul>
      )}
    </section>
  );
}
