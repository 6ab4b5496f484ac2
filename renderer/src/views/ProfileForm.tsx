// Setting up a profile: venue, login (write-only), instructions with a live preview, days,
// attempt times, cancellation watch, model and verification rule. Checked with the service's own schema before
// sending, and the service's field errors land next to the same fields; nothing is half-saved.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { Weekday } from '../../../shared/schemas';
import { useApi, useCall } from '../api/context';
import { fieldErrors, toApiError } from '../api/errors';
import { AttemptTimesEditor } from '../components/AttemptTimesEditor';
import { controlProps, Field } from '../components/Field';
import { InstructionPreview } from '../components/InstructionPreview';
import { LiveProgress } from '../components/LiveProgress';
import { PlaceholderHelp } from '../components/PlaceholderHelp';
import { WeekdayPlan } from '../components/WeekdayPlan';
import { clock } from '../lib/format';
import { useLiveAttempts } from '../lib/live-context';
import {
  derivedOrigins,
  emptyForm,
  errorFor,
  EXAMPLE_INSTRUCTIONS,
  fieldId,
  formFromProfile,
  lastAttemptTime,
  secretNamesFor,
  validate,
  weekdaysInput,
  type FieldErrors,
  type ProfileForm as Form,
} from '../lib/profile-form';
import { href } from '../lib/route';
import { RecipeView } from '../components/RecipeView';

const LABELS: Record<string, string> = {
  name: 'Name',
  'venue.startUrl': 'Venue start page',
  'venue.allowedOrigins': 'Allowed addresses',
  'venue.timeZone': 'Venue time zone',
  'venue.daysAhead': 'Days ahead',
  'venue.opensAt': 'Booking window opens at',
  'venue.bookingsUrl': 'My bookings page',
  instructions: 'What to book',
  weekdays: 'Days',
  attemptTimes: 'Attempt times',
  model: 'Model',
  'verification.time': 'Verification: time',
  'verification.lane': 'Verification: lane',
  alternatives: 'Fallback choices',
  'watch.everyMinutes': 'Cancellation watch: check every',
  'watch.until': 'Cancellation watch: until',
};

function labelFor(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const day = /^weekdays\.(\w+)\.instructions$/.exec(key);
  if (day) return `${day[1]} instructions`;
  if (key.startsWith('secrets.')) return key.slice(8);
  const parent = Object.keys(LABELS).find((k) => key.startsWith(`${k}.`));
  return parent ? LABELS[parent]! : key;
}

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function ProfileForm({ initial, onSaved }: { initial?: ProfileView; onSaved?: (p: ProfileView) => void }) {
  const api = useApi();
  const [form, setForm] = useState<Form>(() => (initial ? formFromProfile(initial) : emptyForm()));
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
  const models = useCall('models.list', {});
  const settings = useCall('settings.get', {}, { refreshOn: ['settings-changed'] });
  // ~400 options: built once so typing elsewhere does not re-render them.
  const zoneOptions = useMemo(() => timeZones().map((z) => <option key={z} value={z} />), []);
  const dirty = JSON.stringify(form) !== baseline;

  function set<K extends keyof Form>(k: K, v: Form[K]) {
    setForm((f) => {
      const next = { ...f, [k]: v };
      if ((k === 'startUrl' || k === 'bookingsUrl') && !f.originsEdited) next.origins = derivedOrigins(next);
      return next;
    });
    setSavedAt(undefined);
  }

  /** Re-checks one field when the user leaves it, so a bad URL is flagged before Save. */
  function check(key: string) {
    const fresh = validate(form).errors;
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
    if (!input) return showErrors(errs);
    const secrets: Record<string, string> = {};
    for (const name of secretNamesFor(form)) {
      const v = secretRefs.current[name]?.value ?? '';
      if (v !== '') secrets[name] = v;
    }
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
      else setFormError(apiErr.message);
    } finally {
      setSaving(false);
    }
  }

  const secretNames = secretNamesFor(form);
  const modelList = models.data?.models ?? [];
  const effectiveModel = form.model.trim() || settings.data?.model || '';
  const modelWarning = models.data
    ? !models.data.reachable
      ? `Ollama is not reachable (${models.data.message}). You can still type a model name; Lanebot checks again at night.`
      : effectiveModel && !hasModel(modelList, effectiveModel)
        ? `${effectiveModel} is not pulled on this machine. Run: ollama pull ${effectiveModel}`
        : undefined
    : models.error
      ? `Could not list models: ${models.error.message}`
      : undefined;
  const daysAhead = /^\s*\d+\s*$/.test(form.daysAhead) ? Number(form.daysAhead) : Number.NaN;
  const errorKeys = Object.keys(errors);
  const lastTime = lastAttemptTime(form.attemptTimes);

  return (
    <form className="form" onSubmit={save} noValidate aria-label={initial ? `Edit ${initial.name}` : 'New profile'}>
      {refused && errorKeys.length > 0 && (
        <div className="form__summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <strong>
            {errorKeys.length === 1 ? 'One thing to fix' : `${errorKeys.length} things to fix`} before saving (nothing was saved):
          </strong>
          <ul>
            {errorKeys.map((k) => (
              <li key={k}>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  onClick={() => (document.getElementById(fieldId(k)) ?? document.querySelector<HTMLElement>(`[data-field="${k}"] input, [data-field="${k}"] textarea`))?.focus()}
                >
                  {labelFor(k)}
                </button>{' '}
                {errors[k]}
              </li>
            ))}
          </ul>
        </div>
      )}

      <fieldset>
        <legend>Profile</legend>
        <div className="row">
          <Field k="name" label="Name" hint="Whose booking this is, e.g. “Alex – Saturday swim”." errors={errors}>
            <input type="text" {...controlProps('name', errors, true)} value={form.name} onChange={(e) => set('name', e.target.value)} onBlur={() => check('name')} />
          </Field>
          <div className="field">
            <span className="field__label">Active</span>
            <label className="check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
              Book this profile every night
            </label>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Venue</legend>
        <Field k="venue.startUrl" label="Venue start page" hint="The page where you would start booking by hand, e.g. https://bookings.example.com/login" errors={errors}>
          <input
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://"
            {...controlProps('venue.startUrl', errors, true)}
            value={form.startUrl}
            onChange={(e) => set('startUrl', e.target.value)}
            onBlur={() => check('venue.startUrl')}
          />
        </Field>
        <Field
          k="venue.allowedOrigins"
          label="Allowed addresses"
          hint={form.originsEdited ? 'One per line. The browser may only visit these.' : 'Taken from the addresses above; edit if the venue sends you to another site (e.g. a login provider). One per line.'}
          errors={errors}
        >
          <textarea
            rows={2}
            {...controlProps('venue.allowedOrigins', errors, true)}
            value={form.origins}
            onChange={(e) => setForm((f) => ({ ...f, origins: e.target.value, originsEdited: true }))}
            onBlur={() => check('venue.allowedOrigins')}
          />
        </Field>
        <div className="row">
          <Field k="venue.timeZone" label="Venue time zone" hint="Attempt times and dates are in this zone." errors={errors}>
            <input
              type="text"
              list="tz-list"
              autoComplete="off"
              {...controlProps('venue.timeZone', errors, true)}
              value={form.timeZone}
              onChange={(e) => set('timeZone', e.target.value)}
              onBlur={() => check('venue.timeZone')}
            />
            <datalist id="tz-list">{zoneOptions}</datalist>
          </Field>
          <Field k="venue.daysAhead" label="Days ahead" hint="How far ahead the venue opens bookings. 7 = one week." errors={errors}>
            <input
              type="text"
              inputMode="numeric"
              {...controlProps('venue.daysAhead', errors, true)}
              value={form.daysAhead}
              onChange={(e) => set('daysAhead', e.target.value)}
              onBlur={() => check('venue.daysAhead')}
            />
          </Field>
          <Field k="venue.opensAt" label="Booking window opens at (optional)" hint="e.g. 00:00. Lanebot gets ready beforehand and fires at that instant by the venue’s clock." errors={errors}>
            <input
              type="text"
              inputMode="numeric"
              placeholder="00:00"
              {...controlProps('venue.opensAt', errors, true)}
              value={form.opensAt}
              onChange={(e) => set('opensAt', e.target.value)}
              onBlur={() => check('venue.opensAt')}
            />
          </Field>
        </div>
        <Field k="venue.bookingsUrl" label="My bookings page (optional)" hint="Where your bookings are listed. Used to verify; Lanebot looks for it when empty." errors={errors}>
          <input
            type="url"
            inputMode="url"
            placeholder="https://"
            {...controlProps('venue.bookingsUrl', errors, true)}
            value={form.bookingsUrl}
            onChange={(e) => set('bookingsUrl', e.target.value)}
            onBlur={() => check('venue.bookingsUrl')}
          />
        </Field>
      </fieldset>

      <fieldset>
        <legend>Login</legend>
        <p className="field__hint">
          Stored on this computer only, never shown again and never sent to the model. Leave a box empty to keep what is saved.
        </p>
        <div className="row">
          {secretNames.map((name) => {
            const key = `secrets.${name}`;
            const isUser = name === 'username';
            return (
              <Field
                key={name}
                k={key}
                label={
                  <>
                    {name === 'username' ? 'Username or member number' : name === 'password' ? 'Password' : <code>{`{{${name}}}`}</code>}{' '}
                    {secretsSaved[name] && <span className="saved">saved ✓</span>}
                  </>
                }
                errors={errors}
              >
                <input
                  type={isUser ? 'text' : 'password'}
                  autoComplete={isUser ? 'off' : 'new-password'}
                  spellCheck={false}
                  placeholder={secretsSaved[name] ? 'saved — type to replace' : ''}
                  {...controlProps(key, errors)}
                  ref={(el) => {
                    secretRefs.current[name] = el;
                  }}
                  defaultValue=""
                  onChange={() => setSavedAt(undefined)}
                />
              </Field>
            );
          })}
        </div>
        <label className="check">
          <input type="checkbox" checked={form.keepCookies} onChange={(e) => set('keepCookies', e.target.checked)} />
          Stay logged in between nights (keeps the venue’s cookies on this computer)
        </label>
      </fieldset>

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
        <InstructionPreview
          request={{ instructions: form.instructions, timeZone: form.timeZone, daysAhead, weekdays: weekdaysInput(form) }}
        />
      </fieldset>

      <fieldset>
        <legend id="days-title">Days</legend>
        <WeekdayPlan daysAhead={daysAhead} days={form.weekdays} errors={errors} onChange={(d: Weekday, next) => set('weekdays', { ...form.weekdays, [d]: next })} />
      </fieldset>

      <fieldset>
        <legend>When</legend>
        <AttemptTimesEditor times={form.attemptTimes} onChange={(t) => set('attemptTimes', t)} errors={errors} timeZone={form.timeZone || 'venue'} />
      </fieldset>

      <fieldset>
        <legend>Cancellation watch</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.watch.enabled}
            aria-describedby="watch-hint"
            onChange={(e) => {
              set('watch', { ...form.watch, enabled: e.target.checked });
              // Hidden settings cannot be fixed, so their complaints go with them.
              if (!e.target.checked) setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith('watch.'))));
            }}
          />
          Watch for cancellations after the night’s attempts
        </label>
        <p className="field__hint" id="watch-hint">
          If the attempts end without a booking, Lanebot checks again for a freed slot. Each check is a booking attempt: with a learned recipe it needs no model, and
          nothing is booked twice (every check first looks at your bookings).
        </p>
        {form.watch.enabled && (
          <div className="row">
            <Field k="watch.everyMinutes" label="Check every (minutes)" hint="Between 5 and 240 minutes." errors={errors}>
              <input
                type="text"
                inputMode="numeric"
                placeholder="15"
                {...controlProps('watch.everyMinutes', errors, true)}
                value={form.watch.everyMinutes}
                onChange={(e) => set('watch', { ...form.watch, everyMinutes: e.target.value })}
                onBlur={() => check('watch.everyMinutes')}
              />
            </Field>
            <Field
              k="watch.until"
              label="Until (venue time)"
              hint={`24-hour ${form.timeZone || 'venue'} time, the same night, later than the last attempt time${lastTime ? ` (${lastTime})` : ''}.`}
              errors={errors}
            >
              <input
                type="text"
                inputMode="numeric"
                placeholder="22:00"
                {...controlProps('watch.until', errors, true)}
                value={form.watch.until}
                onChange={(e) => set('watch', { ...form.watch, until: e.target.value })}
                onBlur={() => check('watch.until')}
              />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Model</legend>
        <Field
          k="model"
          label="Model for this profile (optional)"
          hint={`Empty uses the one in Settings${settings.data ? ` (${settings.data.model})` : ''}.`}
          errors={errors}
          after={modelWarning && <p className="warning" role="status">⚠ {modelWarning}</p>}
        >
          <input type="text" list="model-list" autoComplete="off" {...controlProps('model', errors, true)} value={form.model} onChange={(e) => set('model', e.target.value)} />
          <datalist id="model-list">
            {modelList.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
      </fieldset>

      <fieldset>
        <legend>Verification</legend>
        <p className="field__hint">
          After booking, Lanebot opens your bookings page and checks for a booking on the target date. Add a time or lane to require an exact match.
        </p>
        <div className="row">
          <Field k="verification.time" label="Start time (optional)" errors={errors}>
            <input
              type="text"
              inputMode="numeric"
              placeholder="07:00"
              {...controlProps('verification.time', errors)}
              value={form.verifyTime}
              onChange={(e) => set('verifyTime', e.target.value)}
              onBlur={() => check('verification.time')}
            />
          </Field>
          <Field k="verification.lane" label="Lane, court or resource (optional)" errors={errors}>
            <input type="text" placeholder="3" {...controlProps('verification.lane', errors)} value={form.verifyLane} onChange={(e) => set('verifyLane', e.target.value)} />
          </Field>
          <Field k="verification.dateOrder" label="Dates like 01/02 on the site mean" errors={errors}>
            <select {...controlProps('verification.dateOrder', errors)} value={form.dateOrder} onChange={(e) => set('dateOrder', e.target.value as Form['dateOrder'])}>
              <option value="dmy">day/month (1 February)</option>
              <option value="mdy">month/day (January 2)</option>
            </select>
          </Field>
        </div>
        <Field k="alternatives" label="If that is taken, also accept (in order, optional)" errors={errors} hint="One per line, e.g. “07:00 lane 2” or “08:00”. At the window opening Lanebot falls back to these, and verification accepts them.">
          <textarea rows={3} placeholder={'07:00 lane 2\n08:00'} {...controlProps('alternatives', errors)} value={form.alternatives} onChange={(e) => set('alternatives', e.target.value)} />
        </Field>
      </fieldset>

      {form.id && <TestLogin profileId={form.id} dirty={dirty} />}
      {form.id && <RecipePanel profileId={form.id} />}

      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : initial || form.id ? 'Save changes' : 'Save profile'}
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

function hasModel(list: string[], name: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return list.some((m) => norm(m) === norm(name));
}

function TestLogin({ profileId, dirty }: { profileId: string; dirty: boolean }) {
  const api = useApi();
  const { store, attempts } = useLiveAttempts();
  const [attemptId, setAttemptId] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const live = attemptId ? attempts.find((a) => a.id === attemptId) : undefined;

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.call('book.testLogin', { profileId });
      setAttemptId(r.attemptId);
      if (!store.get(r.attemptId)?.summary) api.call('attempts.get', { id: r.attemptId }).then((a) => store.seed(a), () => undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset>
      <legend>Test login</legend>
      <p className="field__hint">
        Logs in to the venue with the saved details and checks the bookings page. It never books anything.
        {dirty && ' It uses the saved profile — save your changes first to test them.'}
      </p>
      <button type="button" className="button" onClick={run} disabled={busy || (live !== undefined && !live.finished)}>
        {busy || (live && !live.finished) ? 'Testing…' : 'Test login'}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {live && <LiveProgress attempt={live} />}
    </fieldset>
  );
}

/** The learned recipe: how many steps, where it came from, and Teach / Forget. */
function RecipePanel({ profileId }: { profileId: string }) {
  const api = useApi();
  const profiles = useCall('profiles.list', {}, { refreshOn: ['profiles-changed', 'notice'] });
  const me = profiles.data?.find((p) => p.id === profileId);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [viewing, setViewing] = useState<string>();
  const teaching = me?.teaching ?? false;

  async function teach() {
    setError(undefined);
    setMessage(undefined);
    try {
      const r = await api.call('recipes.teach', { profileId });
      setMessage(r.message);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function forget() {
    setError(undefined);
    try {
      await api.call('recipes.forget', { profileId });
      setMessage('Forgotten: the next booking uses the model and learns again.');
      profiles.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <fieldset>
      <legend>Learned recipe</legend>
      <p className="field__hint">
        After a verified booking, Lanebot keeps the steps that worked and replays them the next night without the model — fast enough to win a
        lane at the opening second. You can also teach it by booking once yourself in a browser window Lanebot records (your password is never recorded).
      </p>
      {me?.recipes.length ? (
        <ul className="recipe-list">
          {me.recipes.map((r) => (
            <li key={r.key}>
              {r.key === 'default' ? 'All days' : r.key}: {r.steps} steps, {r.source === 'teach' ? 'taught by you' : r.source === 'healed' ? 'repaired by the model' : 'learned from the model'}
              {r.heals ? ` (repaired ${r.heals}×)` : ''}
              {r.updatedAt ? ` · ${new Date(r.updatedAt).toLocaleString()}` : ''}
              {r.status === 'draft' ? ' · draft (does not book)' : ''}{' '}
              <button type="button" className="button button--quiet button--small" onClick={() => setViewing(viewing === r.key ? undefined : r.key)}>
                {viewing === r.key ? 'Hide steps' : 'View steps'}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No recipe yet: the first verified booking creates one.</p>
      )}
      {viewing && me?.recipes.some((r) => r.key === viewing) && <RecipeView profileId={profileId} recipeKey={viewing} />}
      <div className="button-row">
        <button type="button" className="button" onClick={teach} disabled={teaching}>
          {teaching ? 'Recording… book in the browser window' : 'Teach by booking once'}
        </button>
        {me?.recipes.length ? (
          <button type="button" className="button" onClick={forget} disabled={teaching}>
            Forget recipe
          </button>
        ) : null}
      </div>
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
