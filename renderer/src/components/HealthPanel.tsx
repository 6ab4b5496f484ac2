// Whether this machine can book tonight: model server, model, browser, staying awake, and how
// the venue password is protected — each with the fix when it is not OK.
import type { HealthItem, HealthView } from '../../../shared/contract';
import type { ReactNode } from 'react';
import type { CallState } from '../api/context';

const PROTECTION: Record<HealthView['secrets']['protection'], string> = {
  keychain: 'encrypted with your system keychain',
  'file-0600': 'in a file only your user account can read',
  'basic-text': 'with basic obfuscation only (no system keychain found)',
};

function Item({ title, item, children }: { title: string; item: HealthItem; children?: ReactNode }) {
  return (
    <li className={`health__item ${item.ok ? 'health__item--ok' : 'health__item--bad'}`}>
      <span className="health__icon" aria-hidden="true">
        {item.ok ? '✓' : '!'}
      </span>
      <div>
        <strong>{title}</strong> <span className="health__status">{item.ok ? 'OK' : 'Needs attention'}</span>
        <p>{item.message}</p>
        {children}
        {!item.ok && item.fix && (
          <p className="health__fix">
            <strong>Fix:</strong> {item.fix}
          </p>
        )}
      </div>
    </li>
  );
}

export function HealthPanel({ health, model }: { health: CallState<HealthView>; model?: string }) {
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
          <Item title="Ollama" item={h.ollama}>
            <p className="muted">
              {h.ollama.host}
              {model && (
                <>
                  {' · model '}
                  <code>{model}</code>{' '}
                  {h.ollama.models.includes(model) ? 'is pulled' : h.ollama.ok ? `is not pulled — run: ollama pull ${model}` : ''}
                </>
              )}
            </p>
          </Item>
          <Item title="Browser" item={h.browser}>
            {h.browser.path && <p className="muted wrap">{h.browser.path}</p>}
          </Item>
          <Item title="Staying awake" item={h.awake} />
          <Item title="Passwords" item={h.secrets}>
            <p className="muted">Stored {PROTECTION[h.secrets.protection]}; never sent to the model.</p>
          </Item>
        </ul>
      )}
    </section>
  );
}
