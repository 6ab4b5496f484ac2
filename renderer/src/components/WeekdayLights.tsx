// The seven weekday lights of one profile. Each carries its state in words and an icon, so a
// colour-blind user (or a grey-scale screenshot) reads the same thing as everyone else.
import type { Light, LightState } from '../../../shared/contract';
import { instant, shortDate, WEEKDAY_NAMES, WEEKDAY_SHORT } from '../lib/format';

export const LIGHT_TEXT: Record<LightState, string> = {
  green: 'Booked',
  red: 'Not booked yet',
  grey: 'Not due',
  running: 'Booking now',
};
export const LIGHT_ICON: Record<LightState, string> = { green: '✓', red: '!', grey: '–', running: '⟳' };

export function WeekdayLights({ lights, timeZone }: { lights: Light[]; timeZone: string }) {
  return (
    <ol className="lights" aria-label="Bookings by weekday">
      {lights.map((l) => {
        const state = LIGHT_TEXT[l.state] ?? l.state;
        // The service's label often says the same as the state word ("booking now…"); show it only when it adds something.
        const bare = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '');
        const extra = l.label && bare(l.label) !== bare(state) ? l.label : undefined;
        return (
          <li
            key={l.weekday}
            className={`light light--${l.state}`}
            data-state={l.state}
            data-weekday={l.weekday}
            title={l.runDate && l.targetDate ? `${WEEKDAY_NAMES[l.weekday]}: the run on ${shortDate(l.runDate)} books ${shortDate(l.targetDate)}` : WEEKDAY_NAMES[l.weekday]}
          >
            <span className="light__day">
              {WEEKDAY_SHORT[l.weekday]}
            </span>
            <span className="light__dot" aria-hidden="true">
              {LIGHT_ICON[l.state]}
            </span>
            <span className="light__state">{state}</span>
            {extra && <span className="light__label">{extra}</span>}
            {l.targetDate && l.state !== 'grey' && <span className="sr-only">for {shortDate(l.targetDate)}</span>}
            <span className="light__last">
              {l.last ? (
                <>
                  Last success <time dateTime={l.last.at}>{instant(l.last.at, timeZone)}</time>
                  <span className="light__target"> for {shortDate(l.last.targetDate)}</span>
                </>
              ) : (
                'No success yet'
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
