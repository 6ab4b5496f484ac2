// Test login: logs in with the saved details and reads the bookings page, booking nothing.
import { useState } from 'react';
import { useApi } from '../../api/context';
import { useLiveAttempts } from '../../lib/live-context';
import { plain } from '../../lib/text';
import { LiveProgress } from '../LiveProgress';

export function TestLogin({ profileId, dirty }: { profileId: string; dirty: boolean }) {
  const api = useApi();
  const { store, attempts } = useLiveAttempts();
  const [attemptId, setAttemptId] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const live = attemptId ? attempts.find((a) => a.id === attemptId) : undefined;

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.call('book.testLogin', { profileId });
      setAttemptId(r.attemptId);
      if (!store.get(r.attemptId)?.summary) api.call('attempts.get', { id: r.attemptId }).then((a) => store.seed(a), () => undefined);
    } catch (e) {
      setError(plain((e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset>
      <legend>Test login</legend>
      <p className="field__hint">
        Logs in to the venue with the saved details and checks the bookings page. It never books anything.
        {dirty && ' It uses the saved profile — save your changes first to test them.'}
      </p>
      <button type="button" className="button" onClick={run} disabled={busy || (live !== undefined && !live.finished)}>
        {busy || (live && !live.finished) ? 'Testing…' : 'Test login'}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {live && <LiveProgress attempt={live} />}
    </fieldset>
  );
}
