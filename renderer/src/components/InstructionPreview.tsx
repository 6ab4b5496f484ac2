// Live preview of the instructions as each of the next runs will see them, rendered by the
// service (profiles.preview) so DST nights and month ends come out exactly as they will at night.
import { useEffect, useRef, useState } from 'react';
import type { PreviewRun } from '../../../shared/contract';
import { isValidTimeZone, type ProfileInput } from '../../../shared/schemas';
import { useApi } from '../api/context';
import { shortDate, WEEKDAY_NAMES } from '../lib/format';
import { DateField, dateError } from './DateField';

export const PREVIEW_DEBOUNCE_MS = 350;

export interface PreviewRequest {
  instructions: string;
  timeZone: string;
  daysAhead: number;
  weekdays: ProfileInput['weekdays'];
  from?: string;
}

export function PreviewList({ runs }: { runs: PreviewRun[] }) {
  return (
    <ol className="preview" aria-label="Preview of the next runs">
      {runs.map((r) => (
        <li key={r.runDate} data-run={r.runDate}>
          <span className="preview__dates">
            {shortDate(r.runDate)} → books {shortDate(r.targetDate)}
          </span>
          {': '}
          {r.error ? (
            <span className="preview__error">✕ {r.error}</span>
          ) : !r.books ? (
            <span className="preview__off">nothing to book ({WEEKDAY_NAMES[r.weekday]} is off)</span>
          ) : (
            <q className="preview__text">{r.text}</q>
          )}
        </li>
      ))}
    </ol>
  );
}

export function InstructionPreview({ request, debounceMs = PREVIEW_DEBOUNCE_MS }: { request: PreviewRequest; debounceMs?: number }) {
  const api = useApi();
  const [runs, setRuns] = useState<PreviewRun[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [from, setFrom] = useState('');
  const seq = useRef(0);
  // Only a complete, real date moves the preview; while it is being typed the preview stays put.
  const fromDate = from.trim() && !dateError(from) ? from.trim() : undefined;
  const key = JSON.stringify({ ...request, from: fromDate });

  const blocked = !request.instructions.trim()
    ? 'Write instructions above to see how each night will read them.'
    : !isValidTimeZone(request.timeZone.trim())
      ? 'Fix the venue time zone to see the preview.'
      : !Number.isInteger(request.daysAhead) || request.daysAhead < 0 || request.daysAhead > 60
        ? 'Fix “days ahead” to see the preview.'
        : undefined;

  useEffect(() => {
    if (blocked) return;
    const mine = ++seq.current;
    setLoading(true);
    const t = setTimeout(() => {
      api
        .call('profiles.preview', {
          instructions: request.instructions,
          timeZone: request.timeZone.trim(),
          daysAhead: request.daysAhead,
          weekdays: request.weekdays,
          ...(fromDate ? { from: fromDate } : {}),
          count: 7,
        })
        .then(
          (r) => {
            if (mine !== seq.current) return;
            setRuns(r);
            setError(undefined);
          },
          (e: Error) => mine === seq.current && setError(e.message),
        )
        .finally(() => mine === seq.current && setLoading(false));
    }, debounceMs);
    return () => clearTimeout(t);
    // key captures every input of the request
  }, [api, key, blocked, debounceMs]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section className="preview-box" aria-labelledby="preview-title" aria-busy={loading}>
      <div className="preview-head">
        <h3 id="preview-title">Preview: what each run will ask for</h3>
        <DateField id="preview-from" label="Runs from" value={from} onChange={setFrom} hint="Empty: from today at the venue" />
      </div>
      {blocked ? (
        <p className="muted">{blocked}</p>
      ) : error ? (
        <p className="error-text">Preview failed: {error}</p>
      ) : runs ? (
        <div aria-live="polite">
          <PreviewList runs={runs} />
        </div>
      ) : (
        <p className="muted">Rendering…</p>
      )}
    </section>
  );
}
