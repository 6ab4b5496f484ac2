// What {date} and friends turn into, shown with the example target date, plus the secret
// placeholders and an example of detailed preferences.
import { placeholderDocs } from '../../../shared/placeholders';
import { EXAMPLE_INSTRUCTIONS } from '../lib/profile-form';
import { longDate } from '../lib/format';

export function PlaceholderHelp({ exampleTarget, onUseExample }: { exampleTarget: string; onUseExample: () => void }) {
  const docs = placeholderDocs(exampleTarget);
  return (
    <details className="help">
      <summary>Placeholders and an example</summary>
      <p>
        <code>{'{date}'}</code> means the <strong>target date</strong>: the run date plus “days ahead” (one week by default). For a run whose target is{' '}
        {longDate(exampleTarget)}:
      </p>
      <dl className="placeholders">
        {docs.map((d) => (
          <div key={d.name} className="contents">
            <dt>{d.name}</dt>
            <dd className="muted">{d.meaning}</dd>
            <dd>{d.example}</dd>
          </div>
        ))}
      </dl>
      <p>
        <code>{'{{username}}'}</code> and <code>{'{{password}}'}</code> stand for your saved login. The model only ever sees these names; Lanebot types the real values
        itself, and only on the venue’s allowed addresses.
      </p>
      <p>Detailed preferences work best — say what to do when your first choice is gone:</p>
      <p className="example">{EXAMPLE_INSTRUCTIONS}</p>
      <button type="button" className="button button--small" onClick={onUseExample}>
        Use this example
      </button>
    </details>
  );
}
