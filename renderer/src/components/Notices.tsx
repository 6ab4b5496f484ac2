// Messages from the service (gave up tonight, wrong password, data file problems), each dismissible.
import { useState } from 'react';
import type { Notice } from '../../../shared/contract';
import { useApi } from '../api/context';
import { instant } from '../lib/format';
import { plain, Words } from '../lib/text';

const ICON: Record<Notice['level'], string> = { info: 'ℹ', warning: '!', error: '✕' };
const WORD: Record<Notice['level'], string> = { info: 'Note', warning: 'Warning', error: 'Problem' };

export function Notices({ notices, onChanged }: { notices: Notice[]; onChanged: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  if (notices.length === 0) return null;
  async function dismiss(id: string) {
    setBusy(id);
    setError(undefined);
    try {
      await api.call('notices.dismiss', { id });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <section aria-label="Notices" className="notices">
      {error && <p className="error-text">Could not dismiss: {error}</p>}
      <ul>
        {notices.map((n) => (
          <li key={n.id} className={`notice notice--${n.level}`}>
            <span className="notice__icon" aria-hidden="true">
              {ICON[n.level]}
            </span>
            <div className="notice__text">
              <strong>{WORD[n.level]}:</strong> <Words text={n.message} />
              <time className="muted" dateTime={n.at}>
                {' '}
                · {instant(n.at)}
              </time>
            </div>
            <button type="button" className="button button--quiet" onClick={() => dismiss(n.id)} disabled={busy === n.id} aria-label={`Dismiss: ${plain(n.message)}`}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
