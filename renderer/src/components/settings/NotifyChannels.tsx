// Push notifications beyond the desktop's own: an ntfy topic and a webhook, each with a Test button
// that sends a test message through the saved address (so it tests what the night will use).
import { useState } from 'react';
import type { NotifyChannel } from '../../../../shared/contract';
import { useApi } from '../../api/context';
import type { FieldErrors } from '../../lib/profile-form';
import { plain } from '../../lib/text';
import { controlProps, Field } from '../Field';

const CHANNELS: { channel: NotifyChannel; key: 'notifyNtfyUrl' | 'notifyWebhookUrl'; label: string; hint: string; placeholder: string }[] = [
  {
    channel: 'ntfy',
    key: 'notifyNtfyUrl',
    label: 'ntfy topic address (optional)',
    hint: 'Notifications on your phone through ntfy, e.g. https://ntfy.sh/my-secret-lanes. Empty: off.',
    placeholder: 'https://ntfy.sh/…',
  },
  {
    channel: 'webhook',
    key: 'notifyWebhookUrl',
    label: 'Webhook address (optional)',
    hint: 'Each notification is sent here as JSON (for Home Assistant, a chat bot…). Empty: off.',
    placeholder: 'https://',
  },
];

export function NotifyChannels({
  values,
  saved,
  errors,
  onChange,
}: {
  values: Record<'notifyNtfyUrl' | 'notifyWebhookUrl', string>;
  saved: Record<'notifyNtfyUrl' | 'notifyWebhookUrl', string>;
  errors: FieldErrors;
  onChange: (key: 'notifyNtfyUrl' | 'notifyWebhookUrl', v: string) => void;
}) {
  return (
    <>
      {CHANNELS.map((c) => (
        <Field key={c.key} k={c.key} label={c.label} hint={c.hint} errors={errors} after={<TestButton channel={c.channel} typed={values[c.key]} saved={saved[c.key]} />}>
          <input type="url" inputMode="url" placeholder={c.placeholder} spellCheck={false} {...controlProps(c.key, errors, true)} value={values[c.key]} onChange={(e) => onChange(c.key, e.target.value)} />
        </Field>
      ))}
    </>
  );
}

function TestButton({ channel, typed, saved }: { channel: NotifyChannel; typed: string; saved: string }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const unsaved = typed.trim() !== saved.trim();
  const why = !saved.trim() && !typed.trim() ? undefined : unsaved ? 'Save the settings first: the test uses the saved address.' : undefined;
  async function test() {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await api.call('notify.test', { channel }));
    } catch (e) {
      setResult({ ok: false, message: plain((e as Error).message) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="test-row">
      <button type="button" className="button button--small" onClick={test} disabled={busy || !saved.trim() || unsaved}>
        {busy ? 'Sending…' : 'Send a test'}
      </button>
      {why && <span className="muted"> {why}</span>}
      {result && (
        <p className={result.ok ? 'saved' : 'error-text'} role="status">
          {result.ok ? '✓ ' : '✕ '}
          {plain(result.message)}
        </p>
      )}
    </div>
  );
}
