// The learned recipe: how many steps, where it came from, and Teach / Forget. Teach opens a browser
// window for the user to book in, so it is offered only where the service has a display.
import { useState } from 'react';
import { useApi, useCall } from '../../api/context';
import { instant } from '../../lib/format';
import { plain } from '../../lib/text';
import { RecipeView } from '../RecipeView';

export function RecipePanel({ profileId }: { profileId: string }) {
  const api = useApi();
  const profiles = useCall('profiles.list', {}, { refreshOn: ['profiles-changed', 'notice'] });
  const health = useCall('health.get', {});
  const me = profiles.data?.find((p) => p.id === profileId);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [viewing, setViewing] = useState<string>();
  const teaching = me?.teaching ?? false;
  const display = health.data?.display;
  const noDisplay = display && !display.available;

  async function teach() {
    setError(undefined);
    setMessage(undefined);
    try {
      const r = await api.call('recipes.teach', { profileId });
      setMessage(r.message);
    } catch (e) {
      setError(plain((e as Error).message));
    }
  }
  async function forget() {
    setError(undefined);
    try {
      await api.call('recipes.forget', { profileId });
      setMessage('Forgotten: the next booking uses the model and learns again.');
      profiles.reload();
    } catch (e) {
      setError(plain((e as Error).message));
    }
  }

  return (
    <fieldset>
      <legend>Learned recipe</legend>
      <p className="field__hint">
        After a verified booking, Lanebot keeps the steps that worked and replays them the next night without the model — fast enough to win a lane at the opening second. You
        can also teach it by booking once yourself in a browser window Lanebot records (your password is never recorded).
      </p>
      {me?.recipes.length ? (
        <ul className="recipe-list">
          {me.recipes.map((r) => (
            <li key={r.key}>
              {r.key === 'default' ? 'All days' : r.key}: {r.steps} steps, {r.source === 'teach' ? 'taught by you' : r.source === 'healed' ? 'repaired by the model' : 'learned from the model'}
              {r.heals ? ` (repaired ${r.heals}×)` : ''}
              {r.updatedAt ? ` · ${instant(r.updatedAt)}` : ''}
              {r.status === 'draft' ? ' · draft (does not book)' : ''}{' '}
              <button type="button" className="button button--quiet button--small" onClick={() => setViewing(viewing === r.key ? undefined : r.key)}>
                {viewing === r.key ? 'Hide steps' : 'View steps'}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No recipe yet: the first verified booking creates one.</p>
      )}
      {viewing && me?.recipes.some((r) => r.key === viewing) && <RecipeView profileId={profileId} recipeKey={viewing} />}
      <div className="button-row">
        <button type="button" className="button" onClick={teach} disabled={teaching || noDisplay} aria-describedby={noDisplay ? 'teach-why' : undefined}>
          {teaching ? 'Recording… book in the browser window' : 'Teach by booking once'}
        </button>
        {me?.recipes.length ? (
          <button type="button" className="button" onClick={forget} disabled={teaching}>
            Forget recipe
          </button>
        ) : null}
      </div>
      {noDisplay && (
        <p className="muted" id="teach-why">
          Teach is not available here: {display.message.replace(/^This Lanebot/, 'this Lanebot')} Run Lanebot on a desktop to teach, or let the model learn the recipe
          from its first verified booking.
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
