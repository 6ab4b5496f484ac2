// The night's attempt times, in the venue's time.
import { AttemptTimesEditor } from '../AttemptTimesEditor';
import type { SectionProps } from './section';

export function WhenSection({ form, set, errors }: Omit<SectionProps, 'check'>) {
  return (
    <fieldset>
      <legend>When</legend>
      <AttemptTimesEditor times={form.attemptTimes} onChange={(t) => set('attemptTimes', t)} errors={errors} timeZone={form.timeZone || 'venue'} />
    </fieldset>
  );
}
