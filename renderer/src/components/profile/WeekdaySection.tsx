// Which weekdays to book (none until the user picks one), each with optional instructions of its own.
import type { Weekday } from '../../../../shared/schemas';
import { WeekdayPlan } from '../WeekdayPlan';
import type { SectionProps } from './section';

export function WeekdaySection({ form, set, errors, daysAhead }: Omit<SectionProps, 'check'> & { daysAhead: number }) {
  return (
    <fieldset data-field="weekdays">
      <legend id="days-title">Days</legend>
      <WeekdayPlan daysAhead={daysAhead} days={form.weekdays} errors={errors} onChange={(d: Weekday, next) => set('weekdays', { ...form.weekdays, [d]: next })} />
    </fieldset>
  );
}
