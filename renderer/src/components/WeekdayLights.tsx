// The seven weekday lights of one profile. Each stands for one date and says so ("Tue 8 Dec"), with
// one text for its state and an icon, so a colour-blind user (or a grey-scale screenshot) reads the
// same thing as everyone else. The weekday that the coming night's run books also names that date.
import type { Light, LightKind, LightState } from '../../../shared/contract';
import { addDays, instant, shortDate, WEEKDAY_NAMES, WEEKDAY_SHORT, weekdayOf } from '../lib/format';

/** The text for a state when the service sent none. */
export const LIGHT_TEXT: Record<LightState, string> = {
  green: 'Booked',
  red: 'Not booked',
  grey: 'Nothing to book',
  running: 'Booking now…',
};

const KIND_ICON: Record<LightKind, string> = {
  booked: '✓',
  running: '⟳',
  due: '◷',
  'not-booked': '!',
  off: '–',
  skipped: '⤼',
  'before-setup': '–',
};
const STATE_KIND: Record<LightState, LightKind> = { green: 'booked', red: 'not-booked', grey: 'off', running: 'running' };

const TRIGGER_WORDS: Record<string, string> = {
  schedule: 'the night’s run',
  'catch-up': 'a catch-up after sleep',
  'book-now': 'Book now',
  release: 'the window opening',
  watch: 'the cancellation watch',
};

/** "Tonight", or "Wed night" for a run further off: a run dated R happens in the night before R. */
export function nightOf(runDate: string, today: string): string {
  return runDate <= addDays(today, 1) ? 'Tonight' : `${WEEKDAY_SHORT[weekdayOf(addDays(runDate, -1))]} night`;
}

function describe(l: Light, timeZone: string): string {
  const date = l.targetDate ? shortDate(l.targetDate) : WEEKDAY_NAMES[l.weekday];
  const b = l.booking;
  const how = b ? ` (verified ${instant(b.at, timeZone)}${b.trigger && TRIGGER_WORDS[b.trigger] ? `, made by ${TRIGGER_WORDS[b.trigger]}` : ''})` : '';
  return `${date}: ${l.label || LIGHT_TEXT[l.state]}${how}`;
}

export function WeekdayLights({ lights, timeZone, today }: { lights: Light[]; timeZone: string; today: string }) {
  return (
    <ol className="lights" aria-label="Bookings by date">
      {lights.map((l) => {
        const kind = l.kind ?? STATE_KIND[l.state];
        return (
          <li
            key={l.weekday}
            className={`light light--${l.state} light--${kind}`}
            data-state={l.state}
            data-kind={kind}
            data-weekday={l.weekday}
            data-date={l.targetDate}
            title={describe(l, timeZone)}
          >
            <span className="light__day">{WEEKDAY_SHORT[l.weekday]}</span>
            {l.targetDate && (
              <span className="light__date">
                {Number(l.targetDate.slice(8))}
                <span className="light__month"> {shortDate(l.targetDate).split(' ')[2]}</span>
              </span>
            )}
            <span className="light__dot" aria-hidden="true">
              {KIND_ICON[kind]}
            </span>
            <span className="light__state">{l.label || LIGHT_TEXT[l.state]}</span>
            {l.next && (
              <span className="light__next">
                {nightOf(l.next.runDate, today)} → {shortDate(l.next.targetDate)}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
