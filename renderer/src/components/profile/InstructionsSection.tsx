// What to book, in the user's own words, with the placeholders explained and a live preview of how
// each of the next nights will read them.
import { EXAMPLE_INSTRUCTIONS, weekdaysInput } from '../../lib/profile-form';
import { controlProps, Field } from '../Field';
import { InstructionPreview } from '../InstructionPreview';
import { PlaceholderHelp } from '../PlaceholderHelp';
import type { SectionProps } from './section';

export function InstructionsSection({ form, set, errors, check, daysAhead }: SectionProps & { daysAhead: number }) {
  return (
    <fieldset>
      <legend>What to book</legend>
      <Field
        k="instructions"
        label="Instructions"
        hint={
          <>
            Write it as you would tell a friend. <code>{'{date}'}</code> becomes the target date (one week after the run).
          </>
        }
        errors={errors}
        after={
          <PlaceholderHelp
            exampleTarget="2026-12-05"
            onUseExample={() => set('instructions', form.instructions.trim() ? `${form.instructions.trim()}\n${EXAMPLE_INSTRUCTIONS}` : EXAMPLE_INSTRUCTIONS)}
          />
        }
      >
        <textarea
          rows={4}
          placeholder={EXAMPLE_INSTRUCTIONS}
          {...controlProps('instructions', errors, true)}
          value={form.instructions}
          onChange={(e) => set('instructions', e.target.value)}
          onBlur={() => check('instructions')}
        />
      </Field>
      <InstructionPreview request={{ instructions: form.instructions, timeZone: form.timeZone, daysAhead, weekdays: weekdaysInput(form) }} />
    </fieldset>
  );
}
