// "Pause tonight's run": the switch and its caption say the same thing, and the end is when the
// coming night's run is over (the service works it out), not a day from the click.
import { useState } from 'react';
import { useApi } from '../../api/context';
import { instant } from '../../lib/format';
import { plain } from '../../lib/text';

export function pauseCaption(paused: boolean, until: string | undefined, now: number): string {
  if (!paused) return 'Not paused: tonight’s run books at its attempt times.';
  if (!until) return 'Paused: tonight’s run will not book. Book now still works.';
  const soon = Date.parse(until) - now < 36 * 3_600_000;
  return `Paused until ${soon ? 'tonight’s run is over' : 'the coming run is over'} (${instant(until)}); then it resumes by itself. Book now still works.`;
}

export function PauseCard({ paused, until, now, onChanged }: { paused: boolean; until?: string; now: number; onChanged: () => void }) {
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
      setError(plain((e as Error).message));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className={`card pause ${paused ? 'pause--on' : ''}`} aria-labelledby="pause-title">
      <h2 id="pause-title">Tonight’s run</h2>
      <label className="switch">
        <input type="checkbox" role="switch" checked={paused} disabled={busy} onChange={(e) => toggle(e.target.checked)} aria-describedby="pause-caption" />
        <span>Pause tonight’s run</span>
      </label>
      <p className="muted" id="pause-caption">
        {pauseCaption(paused, until, now)}
      </p>
      {error && <p className="error-text">{error}</p>}
    </section>
  );
}
