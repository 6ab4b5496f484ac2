// An attempt's steps: action, target, result, timing and any screenshot, in order.
import type { Step } from '../../../shared/schemas';
import { duration } from '../lib/format';
import { stepDetail, stepVerb } from '../lib/steps';
import { Words } from '../lib/text';
import { Screenshot } from './Screenshot';

const PHASE: Record<Step['phase'], string> = { precheck: 'Pre-check', book: 'Booking', verify: 'Verification', note: 'Note' };

/** A message that only repeats the step's action and target ('clicked link "Book a lane"') is not shown twice. */
export function addsToStep(s: Pick<Step, 'message' | 'target'>): boolean {
  if (!s.message) return false;
  if (!s.target) return true;
  const rest = s.message.replace(s.target, '').replace(/[^a-z]+/gi, ' ').trim().toLowerCase();
  return !s.message.includes(s.target) || !/^(clicked|typed|filled|pressed|selected|chose|checked|opened|went to|navigated to)?$/.test(rest);
}

export function StepList({ steps, live = false }: { steps: Step[]; live?: boolean }) {
  if (steps.length === 0) return <p className="muted">{live ? 'Waiting for the first step…' : 'No steps were recorded.'}</p>;
  return (
    <ol className="steps" aria-live={live ? 'polite' : undefined}>
      {steps.map((s) => {
        const detail = stepDetail(s);
        return (
          <li key={s.index} className={`step ${s.ok ? 'step--ok' : 'step--bad'}`}>
            <div className="step__head">
              <span className="step__result" aria-label={s.ok ? 'succeeded' : 'failed'}>
                {s.ok ? '✓' : '✕'}
              </span>
              <span className="step__index">{s.index + 1}.</span>
              <span className="step__phase">{PHASE[s.phase] ?? s.phase}</span>
              <strong className="step__verb">{stepVerb(s)}</strong>
              {s.target && <span className="step__target">{s.target}</span>}
              {detail && <code className="step__detail">{detail}</code>}
              <span className="step__time">
                {duration(s.durationMs)}
                {s.modelMs !== undefined && <> · model {duration(s.modelMs)}</>}
              </span>
            </div>
            {addsToStep(s) && (
              <p className="step__message">
                <Words text={s.message!} />
              </p>
            )}
            {s.url && !detail?.includes(s.url) && <p className="step__url muted">{s.url}</p>}
            {s.screenshot && <Screenshot path={s.screenshot} caption={`After step ${s.index + 1}: ${stepVerb(s)}`} />}
          </li>
        );
      })}
    </ol>
  );
}
