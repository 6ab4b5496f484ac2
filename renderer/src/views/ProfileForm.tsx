// Setting up a profile: one section per concern (profile, venue, login, what to book, days, times,
// dates to skip, cancellation watch, model, verification, test login, learned recipe), each its own
// component under components/profile. This file holds the form's state and Save: checked with the
// service's own schema before sending, the service's field errors land next to the same fields, and
// nothing is half-saved.
import { useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { useApi } from '../api/context';
import { fieldErrors, toApiError } from '../api/errors';
import { CredentialsSection } from '../components/profile/CredentialsSection';
import { ErrorSummary } from '../components/profile/ErrorSummary';
import { InstructionsSection } from '../components/profile/InstructionsSection';
import { ModelSection } from '../components/profile/ModelSection';
import { NameSection } from '../components/profile/NameSection';
import { RecipePanel } from '../components/profile/RecipePanel';
import type { SectionProps } from '../components/profile/section';
import { SkipDatesSection } from '../components/profile/SkipDatesSection';
import { TestLogin } from '../components/profile/TestLogin';
import { VenueSection } from '../components/profile/VenueSection';
import { VerificationSection } from '../components/profile/VerificationSection';
import { WatchSection } from '../components/profile/WatchSection';
import { PaymentSection } from '../components/profile/PaymentSection';
import { WeekdaySection } from '../components/profile/WeekdaySection';
import { WhenSection } from '../components/profile/WhenSection';
import { clock } from '../lib/format';
import { derivedOrigins, emptyForm, errorFor, formFromProfile, secretErrors, secretNamesFor, validate, type FieldErrors, type ProfileForm as Form } from '../lib/profile-form';
import { href } from '../lib/route';
import { suggestVerification } from '../lib/suggest';
import { plain } from '../lib/text';

/** A new profile's form as a copy of another: everything but its identity, its login and its skipped dates. */
export function copyForm(p: ProfileView): Form {
  const { id: _id, ...rest } = formFromProfile(p);
  return { ...rest, name: `${p.name} (copy)`.slice(0, 60), skipDates: [] };
}

export function ProfileForm({ initial, copyOf, onSaved }: { initial?: ProfileView; copyOf?: ProfileView; onSaved?: (p: ProfileView) => void }) {
  const api = useApi();
  const [form, setForm] = useState<Form>(() => (initial ? formFromProfile(initial) : copyOf ? copyForm(copyOf) : emptyForm()));
  const [baseline, setBaseline] = useState(() => JSON.stringify(form));
  const [secretsSaved, setSecretsSaved] = useState<Record<string, boolean>>(initial?.secretsSaved ?? {});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  // The summary box is for a refused Save; leaving a field only marks that field.
  const [refused, setRefused] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();
  const secretRefs = useRef<Record<string, HTMLInputElement | null>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const dirty = JSON.stringify(form) !== baseline;

  const set: SectionProps['set'] = (k, v) => {
    setForm((f) => {
      const next = { ...f, [k]: v };
      if ((k === 'startUrl' || k === 'bookingsUrl') && !f.originsEdited) next.origins = derivedOrigins(next);
      // Until the user types their own, the verification rule follows the instructions' first choice.
      if (k === 'instructions' && !f.verifyEdited) {
        const s = suggestVerification(String(v));
        next.verifyTime = s.time ?? '';
        next.verifyLane = s.lane ?? '';
      }
      return next;
    });
    setSavedAt(undefined);
  };

  /** Re-checks one field when the user leaves it (or picks a value), so a bad URL is flagged before Save. */
  function check(key: string, override: Partial<Form> = {}) {
    const fresh = validate({ ...form, ...override }).errors;
    setErrors((prev) => {
      const next = Object.fromEntries(Object.entries(prev).filter(([k]) => k !== key && !k.startsWith(`${key}.`)));
      const msg = errorFor(fresh, key);
      return msg ? { ...next, [key]: msg } : next;
    });
  }

  function showErrors(errs: FieldErrors) {
    setErrors(errs);
    setRefused(true);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const { input, errors: errs } = validate(form);
    const secrets: Record<string, string> = {};
    for (const name of secretNamesFor(form)) {
      const v = secretRefs.current[name]?.value ?? '';
      if (v !== '') secrets[name] = v;
    }
    const secretErrs = secretErrors(secrets);
    if (!input || Object.keys(secretErrs).length) return showErrors({ ...errs, ...secretErrs });
    setSaving(true);
    try {
      const saved = await api.call('profiles.save', { profile: input, ...(Object.keys(secrets).length ? { secrets } : {}) });
      // Write-only: the typed values leave the page as soon as the service has them.
      for (const el of Object.values(secretRefs.current)) if (el) el.value = '';
      const next = formFromProfile(saved);
      setForm(next);
      setBaseline(JSON.stringify(next));
      setSecretsSaved(saved.secretsSaved);
      setErrors({});
      setRefused(false);
      setSavedAt(new Date().toISOString());
      if (!initial) window.history.replaceState(null, '', href('profiles', saved.id));
      onSaved?.(saved);
    } catch (err) {
      const apiErr = toApiError(err);
      const fields = fieldErrors(apiErr);
      if (Object.keys(fields).length) showErrors(fields);
      else setFormError(plain(apiErr.message));
    } finally {
      setSaving(false);
    }
  }

  const daysAhead = /^\s*\d+\s*$/.test(form.daysAhead) ? Number(form.daysAhead) : Number.NaN;
  const props: SectionProps = { form, set, errors, check };
  const clearErrors = (prefix: string) => setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith(prefix))));

  return (
    <form className="form" onSubmit={save} noValidate aria-label={form.id ? `Edit ${form.name}` : 'New profile'}>
      {refused && Object.keys(errors).length > 0 && <ErrorSummary errors={errors} summaryRef={summaryRef} />}
      <NameSection {...props} />
      <VenueSection {...props} />
      <CredentialsSection {...props} secretNames={secretNamesFor(form)} secretsSaved={secretsSaved} secretRefs={secretRefs} onTyped={() => setSavedAt(undefined)} />
      <InstructionsSection {...props} daysAhead={daysAhead} />
      <WeekdaySection {...props} daysAhead={daysAhead} />
      <WhenSection {...props} />
      <SkipDatesSection {...props} />
      <WatchSection {...props} clearErrors={clearErrors} />
      <PaymentSection {...props} clearErrors={clearErrors} />
      <ModelSection {...props} />
      <VerificationSection {...props} />
      {form.id && <TestLogin profileId={form.id} dirty={dirty} />}
      {form.id && <RecipePanel profileId={form.id} />}

      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : form.id ? 'Save changes' : 'Save profile'}
        </button>
        <a className="button button--quiet" href={href('profiles')}>
          {dirty ? 'Cancel' : 'Back to profiles'}
        </a>
        {savedAt && (
          <span className="saved" role="status">
            Saved ✓ at {clock(savedAt)} — <a href={href('today')}>see Today</a>
          </span>
        )}
        {formError && (
          <span className="error-text" role="alert">
            Not saved: {formError}
          </span>
        )}
      </div>
    </form>
  );
}
