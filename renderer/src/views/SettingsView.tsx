// App-wide settings: the model server and model (checked as the address is typed), the browser,
// login start, notifications (desktop, ntfy, webhook) and the catch-up window; plus where Lanebot
// keeps its data, how passwords are protected, and a diagnostics export.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/schemas';
import { settingsPatchSchema } from '../../../shared/schemas';
import { useApi, useCall } from '../api/context';
import { fieldErrors, toApiError } from '../api/errors';
import { controlProps, Field } from '../components/Field';
import { DiagnosticsCard } from '../components/settings/DiagnosticsCard';
import { NotifyChannels } from '../components/settings/NotifyChannels';
import { OllamaStatus } from '../components/settings/OllamaStatus';
import { clock } from '../lib/format';
import type { FieldErrors } from '../lib/profile-form';
import { plain } from '../lib/text';

interface SettingsForm {
  ollamaHost: string;
  model: string;
  modelTimeoutS: string;
  browserPath: string;
  showBrowser: boolean;
  autostart: boolean;
  booked: boolean;
  gaveUp: boolean;
  permanent: boolean;
  catchUpWindowMinutes: string;
  rehearse: boolean;
  rehearsalTime: string;
  notifyNtfyUrl: string;
  notifyWebhookUrl: string;
}

function toForm(s: Settings): SettingsForm {
  return {
    ollamaHost: s.ollamaHost,
    model: s.model,
    modelTimeoutS: String(Math.round(s.modelTimeoutMs / 1000)),
    browserPath: s.browserPath ?? '',
    showBrowser: s.showBrowser,
    autostart: s.autostart,
    booked: s.notifications.booked,
    gaveUp: s.notifications.gaveUp,
    permanent: s.notifications.permanent,
    catchUpWindowMinutes: String(s.catchUpWindowMinutes),
    rehearse: s.rehearsalTime !== '',
    rehearsalTime: s.rehearsalTime || '20:00',
    notifyNtfyUrl: s.notifyNtfyUrl ?? '',
    notifyWebhookUrl: s.notifyWebhookUrl ?? '',
  };
}

const int = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);

function toPatch(f: SettingsForm, saved: Settings) {
  // A channel is sent when it is set now or was set before ('' switches it off); never-used ones stay out.
  const channel = (k: 'notifyNtfyUrl' | 'notifyWebhookUrl') => (f[k].trim() || saved[k] ? { [k]: f[k].trim() } : {});
  return {
    ollamaHost: f.ollamaHost,
    model: f.model,
    modelTimeoutMs: int(f.modelTimeoutS) * 1000,
    // Empty means "find a browser for me"; the service treats a blank path as unset.
    browserPath: f.browserPath,
    showBrowser: f.showBrowser,
    autostart: f.autostart,
    notifications: { booked: f.booked, gaveUp: f.gaveUp, permanent: f.permanent },
    catchUpWindowMinutes: int(f.catchUpWindowMinutes),
    rehearsalTime: f.rehearse ? f.rehearsalTime : '',
    ...channel('notifyNtfyUrl'),
    ...channel('notifyWebhookUrl'),
  };
}

const KEY_MAP: Record<string, string> = { modelTimeoutMs: 'modelTimeoutS' };
const NUMBER_ERRORS: Record<string, string> = { modelTimeoutS: 'Enter whole seconds between 1 and 600', catchUpWindowMinutes: 'Enter whole minutes between 0 and 720' };

export function SettingsView() {
  const settings = useCall('settings.get', {}, { refreshOn: ['settings-changed'] });
  return (
    <div>
      <header className="view-head">
        <h1>Settings</h1>
      </header>
      {settings.error && <p className="error-text">Could not load settings: {settings.error.message}</p>}
      {settings.data && <SettingsFormView initial={settings.data} />}
      <AboutThisMachine />
      <DiagnosticsCard />
    </div>
  );
}

function SettingsFormView({ initial }: { initial: Settings }) {
  const api = useApi();
  const [form, setForm] = useState(() => toForm(initial));
  const [saved, setSaved] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const models = useCall('models.list', {}, { refreshOn: ['settings-changed'] });
  const baseline = JSON.stringify(toForm(saved));
  const dirty = JSON.stringify(form) !== baseline;

  // Someone else saved (the tray, another window): follow unless the user is mid-edit. Not on mount: the
  // form already holds these values, and a late mount effect would undo a first edit made before it ran.
  const shown = useRef(initial);
  useEffect(() => {
    if (shown.current === initial) return;
    shown.current = initial;
    if (!dirty) {
      setForm(toForm(initial));
      setSaved(initial);
    }
  }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps

  function set<K extends keyof SettingsForm>(k: K, v: SettingsForm[K]) {
    setForm((f) => ({ ...f, [k]: v }));
    setSavedAt(undefined);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const patch = toPatch(form, saved);
    const r = settingsPatchSchema.safeParse(patch);
    if (!r.success) {
      const errs: FieldErrors = {};
      for (const i of r.error.issues) {
        const path = i.path.map(String).join('.');
        const key = KEY_MAP[path] ?? path;
        errs[key] ??= NUMBER_ERRORS[key] ?? i.message;
      }
      setErrors(errs);
      return;
    }
    setSaving(true);
    try {
      const next = await api.call('settings.save', patch);
      setForm(toForm(next));
      setSaved(next);
      setErrors({});
      setSavedAt(new Date().toISOString());
    } catch (err) {
      const apiErr = toApiError(err);
      const f = fieldErrors(apiErr, []);
      const mapped = Object.fromEntries(Object.entries(f).map(([k, v]) => [KEY_MAP[k] ?? k, v]));
      if (Object.keys(mapped).length) setErrors(mapped);
      else setFormError(plain(apiErr.message));
    } finally {
      setSaving(false);
    }
  }

  const list = models.data?.models ?? [];
  return (
    <form className="form" onSubmit={save} noValidate aria-label="Settings">
      <fieldset>
        <legend>Model</legend>
        <div className="row">
          <Field
            k="ollamaHost"
            label="Ollama address"
            hint="Usually http://127.0.0.1:11434 (Ollama on this computer); http:// is fine on this machine or your local network."
            errors={errors}
            after={<OllamaStatus address={form.ollamaHost} model={form.model} />}
          >
            <input type="url" inputMode="url" spellCheck={false} {...controlProps('ollamaHost', errors, true)} value={form.ollamaHost} onChange={(e) => set('ollamaHost', e.target.value)} />
          </Field>
          <Field k="model" label="Model" hint="Used by every profile that does not pick its own." errors={errors}>
            <input type="text" list="settings-models" autoComplete="off" {...controlProps('model', errors, true)} value={form.model} onChange={(e) => set('model', e.target.value)} />
            <datalist id="settings-models">
              {list.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          <Field k="modelTimeoutS" label="Model answer timeout (seconds)" errors={errors}>
            <input type="number" inputMode="numeric" min={1} max={600} step={1} {...controlProps('modelTimeoutS', errors)} value={form.modelTimeoutS} onChange={(e) => set('modelTimeoutS', e.target.value)} />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Browser</legend>
        <Field k="browserPath" label="Browser program (optional)" hint="Empty: Lanebot uses an installed Chrome, Chromium or Edge, and says how to install one when none is found." errors={errors}>
          <input type="text" spellCheck={false} {...controlProps('browserPath', errors, true)} value={form.browserPath} onChange={(e) => set('browserPath', e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={form.showBrowser} onChange={(e) => set('showBrowser', e.target.checked)} />
          Show the browser window while booking (for watching; hidden is the default)
        </label>
      </fieldset>
      <fieldset>
        <legend>Running</legend>
        <label className="check">
          <input type="checkbox" checked={form.autostart} onChange={(e) => set('autostart', e.target.checked)} />
          Start Lanebot when I log in to this computer
        </label>
        <Field
          k="catchUpWindowMinutes"
          label="Catch-up window (minutes)"
          hint="If the computer was asleep at an attempt time and wakes within this many minutes after the last attempt time, the missed attempt runs then."
          errors={errors}
        >
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={720}
            step={1}
            {...controlProps('catchUpWindowMinutes', errors, true)}
            value={form.catchUpWindowMinutes}
            onChange={(e) => set('catchUpWindowMinutes', e.target.value)}
          />
        </Field>
        <label className="check">
          <input type="checkbox" checked={form.rehearse} onChange={(e) => set('rehearse', e.target.checked)} />
          Rehearse each learned recipe the evening before its night
        </label>
        {form.rehearse && (
          <Field
            k="rehearsalTime"
            label="Rehearsal time (venue time, the day before)"
            hint="A dry run of the recipe up to the booking step, which cannot book. If the venue's site has changed, you hear about it before midnight."
            errors={errors}
          >
            <input type="text" inputMode="numeric" placeholder="20:00" {...controlProps('rehearsalTime', errors, true)} value={form.rehearsalTime} onChange={(e) => set('rehearsalTime', e.target.value)} />
          </Field>
        )}
      </fieldset>
      <fieldset>
        <legend>Notifications</legend>
        <label className="check">
          <input type="checkbox" checked={form.booked} onChange={(e) => set('booked', e.target.checked)} />
          When a booking is verified
        </label>
        <label className="check">
          <input type="checkbox" checked={form.gaveUp} onChange={(e) => set('gaveUp', e.target.checked)} />
          When all of tonight’s attempts failed
        </label>
        <label className="check">
          <input type="checkbox" checked={form.permanent} onChange={(e) => set('permanent', e.target.checked)} />
          When something needs me (wrong password, account locked)
        </label>
        <NotifyChannels
          values={{ notifyNtfyUrl: form.notifyNtfyUrl, notifyWebhookUrl: form.notifyWebhookUrl }}
          saved={{ notifyNtfyUrl: saved.notifyNtfyUrl ?? '', notifyWebhookUrl: saved.notifyWebhookUrl ?? '' }}
          errors={errors}
          onChange={set}
        />
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving || !dirty}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty && (
          <button type="button" className="button button--quiet" onClick={() => (setForm(toForm(saved)), setErrors({}))}>
            Undo changes
          </button>
        )}
        {savedAt && (
          <span className="saved" role="status">
            Saved ✓ at {clock(savedAt)}
          </span>
        )}
        {formError && (
          <span className="error-text" role="alert">
            Not saved: {formError}
          </span>
        )}
        {Object.keys(errors).length > 0 && (
          <span className="error-text" role="alert">
            Fix the fields marked above; nothing was saved.
          </span>
        )}
      </div>
    </form>
  );
}

function AboutThisMachine() {
  const health = useCall('health.get', {});
  const h = health.data;
  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title">This installation</h2>
      {health.error && <p className="error-text">{health.error.message}</p>}
      {h && (
        <dl className="kv">
          <dt>Data folder</dt>
          <dd className="wrap">
            <code>{h.dataDir}</code>
          </dd>
          <dt>Passwords</dt>
          <dd>
            {h.secrets.message}
            {!h.secrets.ok && h.secrets.fix ? ` — ${h.secrets.fix}` : ''}
          </dd>
          <dt>Connected through</dt>
          <dd>{h.transport === 'ipc' ? 'the desktop app' : 'the headless service (lanebot serve)'}</dd>
          <dt>Browser</dt>
          <dd className="wrap">{h.browser.path ?? plain(h.browser.message)}</dd>
          {h.display && (
            <>
              <dt>Display</dt>
              <dd>{h.display.available ? 'Yes: Teach can open a browser window' : 'None: Teach is not available here'}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
