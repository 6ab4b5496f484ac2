// A running (or just finished) attempt, streamed step by step with screenshots as they arrive.
// Once it has finished the steps fold away behind a button, so Today stays readable at a glance.
import { useState } from 'react';
import type { LiveAttempt } from '../lib/live-attempts';
import { screenshotCaption } from '../lib/captions';
import { shortDate } from '../lib/format';
import { Words } from '../lib/text';
import { href } from '../lib/route';
import { OUTCOME_ICON, outcomeText, outcomeTone } from '../lib/steps';
import { EvidenceView } from './EvidenceView';
import { Screenshot } from './Screenshot';
import { StepList } from './StepList';

export function LiveProgress({ attempt, onClose }: { attempt: LiveAttempt; onClose?: () => void }) {
  const [expanded, setExpanded] = useState<boolean>();
  const s = attempt.summary;
  const outcome = s?.outcome ?? 'running';
  const tone = attempt.finished ? outcomeTone(outcome) : 'busy';
  const lastShot = attempt.evidence.verify?.screenshot ?? [...attempt.steps].reverse().find((x) => x.screenshot)?.screenshot ?? attempt.evidence.precheck?.screenshot;
  const shots = { trigger: s?.trigger ?? 'book-now', slot: s?.slot, precheck: attempt.evidence.precheck, verification: attempt.evidence.verify, steps: attempt.steps };
  const target = s?.targetDate;
  const what = s?.trigger === 'test-login' ? 'Testing login' : `Booking ${target ? shortDate(target) : ''}`.trim();
  const open = expanded ?? !attempt.finished;
  const bodyId = `live-body-${attempt.id}`;
  return (
    <section className={`live live--${tone}`} aria-label={`Progress: ${what}`} data-attempt={attempt.id}>
      <header className="live__head">
        <h3>
          {what}
          <span className={`badge badge--${tone}`}>
            <span aria-hidden="true">{attempt.finished ? OUTCOME_ICON[tone] : '⟳'}</span>{' '}
            {attempt.finished ? outcomeText(outcome) : `Running · step ${attempt.steps.length}`}
          </span>
        </h3>
        <div className="live__actions">
          {attempt.finished && (
            <button type="button" className="button button--quiet button--small" aria-expanded={open} aria-controls={bodyId} onClick={() => setExpanded(!open)}>
              {open ? 'Hide steps' : `Show ${attempt.steps.length} ${attempt.steps.length === 1 ? 'step' : 'steps'}`}
            </button>
          )}
          {attempt.finished && (
            <a className="button button--quiet button--small" href={href('history', attempt.id)}>
              In History
            </a>
          )}
          {attempt.finished && onClose && (
            <button type="button" className="button button--quiet button--small" onClick={onClose} aria-label={`Close: ${what}`}>
              ✕
            </button>
          )}
        </div>
      </header>
      {attempt.finished && (s?.summary || s?.failure) && (
        <p className={`live__summary ${tone === 'bad' ? 'error-text' : ''}`}>
          <Words text={s.summary || s.failure!.message} />
        </p>
      )}
      {open && (
        <div className="live__body" id={bodyId}>
          <div className="live__steps">
            {attempt.evidence.precheck && target && <EvidenceView phase="precheck" evidence={attempt.evidence.precheck} targetDate={target} summary={s?.summary} />}
            <StepList steps={attempt.steps} live={!attempt.finished} />
            {attempt.evidence.verify && target && <EvidenceView phase="verify" evidence={attempt.evidence.verify} targetDate={target} summary={s?.summary} />}
          </div>
          {lastShot && (
            <div className="live__shot">
              <Screenshot path={lastShot} caption={screenshotCaption(lastShot, shots)} size="large" />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
