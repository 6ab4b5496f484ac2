// One learned recipe, step by step: what each step does, how its element is found, what it sent when it was
// recorded, which step books and which log in, and its last dry run — with the fixes a person can make (drop a
// step, mark the booking step), a dry run to check them, and export / import as JSON. Any change leaves the
// recipe a draft, which does not book until a dry run passes.
import { useState } from 'react';
import type { RecipeStepView, RecipeViewModel } from '../../../shared/contract';
import { useApi, useCall } from '../api/context';

const COMMIT_FROM: Record<RecipeViewModel['commitFrom'], string> = {
  network: 'it sent the last request that could be the booking',
  user: 'you said so',
  'last-step': 'a guess: it is the last step (no request told)',
  unknown: 'not recorded',
};

function StepRow({ s, busy, onDrop, onCommit }: { s: RecipeStepView; busy: boolean; onDrop(): void; onCommit(): void }) {
  return (
    <li className={`recipe-step${s.commit ? ' recipe-step--commit' : ''}`}>
      <div className="recipe-step__head">
        <span className="recipe-step__number">{s.number}.</span> <span className="recipe-step__what">{s.description}</span>
        {s.login && <span className="badge"> login</span>}
        {s.commit && <strong className="badge badge--commit"> books</strong>}
      </div>
      {s.sends.length > 0 && <p className="muted">Sent when recorded: {s.sends.join(', ')}</p>}
      {s.locators.length > 0 && (
        <details>
          <summary>How it is found ({s.locators.length})</summary>
          <ol>
            {s.locators.map((l, i) => (
              <li key={i}>
                <code>{l}</code>
              </li>
            ))}
          </ol>
        </details>
      )}
      <div className="button-row">
        <button type="button" className="button button--quiet button--small" disabled={busy || s.commit} onClick={onDrop} aria-label={`Drop step ${s.number}`}>
          Drop
        </button>
        {!s.commit && !s.login && (
          <button type="button" className="button button--quiet button--small" disabled={busy} onClick={onCommit} aria-label={`Step ${s.number} is the booking`}>
            This step books
          </button>
        )}
      </div>
    </li>
  );
}

export function RecipeView({ profileId, recipeKey }: { profileId: string; recipeKey: string }) {
  const api = useApi();
  const view = useCall('recipes.get', { profileId, key: recipeKey }, { refreshOn: ['profiles-changed'] });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [exported, setExported] = useState<string>();
  const [importText, setImportText] = useState('');
  const [offerCheck, setOfferCheck] = useState(false);

  async function run<T>(f: () => Promise<T>, done: (r: T) => void) {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      done(await f());
      view.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const update = (edit: { dropSteps?: number[]; commitStep?: number }) =>
    run(() => api.call('recipes.update', { profileId, key: recipeKey, ...edit }), (r) => { setMessage(r.message); setOfferCheck(true); });
  const check = () =>
    run(() => api.call('recipes.check', { profileId, key: recipeKey }), (r) => {
      setOfferCheck(false);
      setMessage(r.lastCheck?.ok ? `Dry run passed: ${r.lastCheck.message}` : `Dry run failed: ${r.lastCheck?.message ?? 'no answer'}`);
    });
  const doExport = () => run(() => api.call('recipes.export', { profileId, key: recipeKey }), (r) => setExported(r.json));
  const doImport = () =>
    run(() => api.call('recipes.import', { profileId, key: recipeKey, json: importText }), () => {
      setImportText('');
      setMessage('Imported as a draft: run the dry run to use it for booking.');
      setOfferCheck(true);
    });

  const r = view.data;
  return (
    <section className="recipe-view" aria-label={`Recipe ${recipeKey === 'default' ? 'for all days' : recipeKey}`}>
      {view.error && !r && (
        <p className="error-text" role="alert">
          {view.error.message}
        </p>
      )}
      {r && (
        <>
          <p>
            <strong>{r.status === 'draft' ? 'Draft — does not book until a dry run passes' : 'Ready'}</strong> · {r.steps.length} steps · learned for{' '}
            {r.learnedFor.date}
            {r.learnedFor.time ? ` ${r.learnedFor.time}` : ''}
            {r.learnedFor.lane ? `, lane ${r.learnedFor.lane}` : ''} · parameters: {r.params.join(', ') || 'none'}
          </p>
          <p className="muted">
            Step {r.commitStep} books ({COMMIT_FROM[r.commitFrom]}). A dry run lets no request out from step {r.dryRunStopsAt} on.
          </p>
          {r.lastCheck && (
            <p className={r.lastCheck.ok ? 'muted' : 'error-text'}>
              Last dry run ({new Date(r.lastCheck.at).toLocaleString()}): {r.lastCheck.ok ? 'passed' : 'failed'} — {r.lastCheck.message}
              {r.lastCheck.held?.length ? ` Held, not sent: ${r.lastCheck.held.join('; ')}.` : ''}
            </p>
          )}
          <ol className="recipe-steps">
            {r.steps.map((s) => (
              <StepRow key={s.number} s={s} busy={busy} onDrop={() => void update({ dropSteps: [s.number] })} onCommit={() => void update({ commitStep: s.number })} />
            ))}
          </ol>
        </>
      )}
      <div className="button-row">
        <button type="button" className={`button${offerCheck ? ' button--primary' : ''}`} disabled={busy || !r} onClick={() => void check()}>
          {busy ? 'Working…' : offerCheck ? 'Run the dry run now' : 'Dry run'}
        </button>
        <button type="button" className="button" disabled={busy || !r} onClick={() => void doExport()}>
          Export
        </button>
      </div>
      {exported && (
        <label className="field">
          <span>Exported recipe (JSON; it holds no password)</span>
          <textarea readOnly rows={6} value={exported} />
        </label>
      )}
      <label className="field">
        <span>Import a recipe (JSON)</span>
        <textarea rows={3} value={importText} onChange={(e) => setImportText(e.target.value)} />
      </label>
      <button type="button" className="button" disabled={busy || importText.trim().length < 2} onClick={() => void doImport()}>
        Import
      </button>
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
