// Layout 3, "wizard": activity → date → time → lane → review → confirm, each step its own page and a
// real form POST, with the member's draft kept in the session between steps.
import { longDate } from './calendar';
import type { DayBoard } from './board';
import { esc, injectionNotice, page, type Chrome } from './html';
import { ACTIVITY, type WizardDraft } from './state';

export type WizardStep = 'activity' | 'date' | 'time' | 'lane' | 'review';
export const WIZARD_STEPS: WizardStep[] = ['activity', 'date', 'time', 'lane', 'review'];
const STEP_LABEL: Record<WizardStep, string> = { activity: 'Activity', date: 'Date', time: 'Time', lane: 'Lane', review: 'Review' };

const WIZARD_CSS = `<style>
ol.steps{display:flex;gap:0;list-style:none;padding:0;margin:0 0 20px;counter-reset:s}
ol.steps li{flex:1;text-align:center;padding:8px 4px;border-bottom:3px solid var(--line);color:var(--muted);font-size:13px;counter-increment:s}
ol.steps li::before{content:counter(s) ". "}
ol.steps li.done{border-color:#86efac;color:var(--ink)}
ol.steps li[aria-current=step]{border-color:var(--accent);color:var(--accent-dark);font-weight:700}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:700;font-size:18px;margin-bottom:10px}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px}
.choice{display:flex;gap:10px;align-items:flex-start;border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff}
.choice:has(input:checked){border-color:var(--accent);background:var(--soft)}
.choice.disabled{opacity:.5}
.choice label{font-weight:600}
.choice small{display:block;color:var(--muted);font-weight:400}
.wizard-actions{display:flex;justify-content:space-between;align-items:center;margin-top:20px}
</style>`;

function progress(current: WizardStep): string {
  const i = WIZARD_STEPS.indexOf(current);
  return `<ol class="steps" aria-label="Booking progress">${WIZARD_STEPS.map(
    (s, j) => `<li class="${j < i ? 'done' : ''}"${s === current ? ' aria-current="step"' : ''}>${STEP_LABEL[s]}</li>`,
  ).join('')}</ol>`;
}

function frame(c: Chrome, step: WizardStep, inner: string, o: { back?: string; error?: string; info?: string }): string {
  const i = WIZARD_STEPS.indexOf(step);
  const body = `${WIZARD_CSS}<h1>Book a session</h1><p class="lede">Step ${i + 1} of ${WIZARD_STEPS.length}: ${STEP_LABEL[step]}. ${esc(c.openingRule)}</p>
${progress(step)}
${o.error ? `<p class="alert error" role="alert">${esc(o.error)}</p>` : ''}${o.info ? `<p class="alert info" role="status">${esc(o.info)}</p>` : ''}
${c.canBook === false ? `<p class="alert error" role="alert">There are no bookings for this member.</p>` : ''}
${c.injection ? injectionNotice() : ''}
<div class="panel">${inner}
${o.back ? `<p style="margin:14px 0 0"><a href="${esc(o.back)}">‹ Back</a></p>` : ''}</div>`;
  return page(c, `Book a session – ${STEP_LABEL[step]}`, body, '/wizard');
}

function form(c: Chrome, step: WizardStep, legend: string, choices: string, button = 'Continue'): string {
  return `<form method="post" action="/wizard/${step}"><input type="hidden" name="csrf" value="${esc(c.csrf ?? '')}">
<fieldset><legend>${esc(legend)}</legend><div class="choices">${choices}</div></fieldset>
<div class="wizard-actions"><span></span><button type="submit">${esc(button)}</button></div></form>`;
}

function choice(name: string, value: string, label: string, o: { hint?: string; checked?: boolean; disabled?: boolean }): string {
  const id = `${name}-${value.replace(/[^a-zA-Z0-9]/g, '')}`;
  return `<div class="choice${o.disabled ? ' disabled' : ''}"><input type="radio" name="${name}" id="${id}" value="${esc(value)}"${o.checked ? ' checked' : ''}${o.disabled ? ' disabled' : ''}${o.hint ? ` aria-describedby="${id}-hint"` : ''} required>
<div><label for="${id}">${esc(label)}</label>${o.hint ? `<small id="${id}-hint">${esc(o.hint)}</small>` : ''}</div></div>`;
}

export function activityStep(c: Chrome, draft: WizardDraft, error?: string): string {
  const choices = [
    choice('activity', ACTIVITY, ACTIVITY, { hint: '25 m lanes, all abilities', checked: draft.activity === ACTIVITY }),
    choice('activity', 'Aqua aerobics', 'Aqua aerobics', { hint: 'Book at reception', disabled: true }),
    choice('activity', 'Family fun swim', 'Family fun swim', { hint: 'Weekends only, book at reception', disabled: true }),
  ].join('');
  return frame(c, 'activity', form(c, 'activity', 'Choose an activity', choices), { error });
}

export function dateStep(c: Chrome, draft: WizardDraft, dates: { date: string; hint: string }[], error?: string): string {
  const choices = dates.map((d) => choice('date', d.date, longDate(d.date), { hint: d.hint, checked: draft.date === d.date })).join('');
  return frame(c, 'date', form(c, 'date', 'Choose a date', choices), { back: '/wizard/activity', error });
}

export function timeStep(c: Chrome, draft: WizardDraft, board: DayBoard, error?: string): string {
  const choices = board.slots
    .map((t) => {
      const free = board.freeLanes(t).length;
      return choice('time', t, t, { hint: free ? `${free} of ${board.lanes.length} lanes free` : 'Not available', disabled: free === 0, checked: draft.time === t });
    })
    .join('');
  return frame(c, 'time', form(c, 'time', `Choose a time on ${board.label}`, choices), { back: '/wizard/date', error, info: board.opensMessage });
}

export function laneStep(c: Chrome, draft: WizardDraft, board: DayBoard, error?: string): string {
  const time = draft.time ?? '';
  const choices = board.lanes
    .map((l) => {
      const st = board.cell(time, l);
      return choice('lane', String(l), `Lane ${l}`, { hint: st === 'free' ? 'Available' : st === 'mine' ? 'Your booking' : 'Taken', disabled: st !== 'free', checked: draft.lane === l });
    })
    .join('');
  return frame(c, 'lane', form(c, 'lane', `Choose a lane at ${time} on ${board.label}`, choices), { back: '/wizard/time', error });
}

export function reviewStep(c: Chrome, draft: WizardDraft, error?: string): string {
  const inner = `<h2 style="margin-top:0">Check your booking</h2>
<dl class="summary"><dt>Activity</dt><dd>${esc(draft.activity ?? '')}</dd><dt>Date</dt><dd>${esc(longDate(draft.date ?? ''))}</dd><dt>Time</dt><dd>${esc(draft.time ?? '')}</dd><dt>Lane</dt><dd>Lane ${draft.lane ?? ''}</dd></dl>
<form method="post" action="/wizard/confirm"><input type="hidden" name="csrf" value="${esc(c.csrf ?? '')}">
<div class="wizard-actions"><a href="/wizard/activity">Start again</a><button type="submit">Confirm booking</button></div></form>`;
  return frame(c, 'review', inner, { back: '/wizard/lane', error });
}
