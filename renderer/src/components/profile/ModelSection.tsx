// Which model this profile uses (empty: the one in Settings), with a warning when Ollama cannot be
// reached or the model is not pulled.
import { useCall } from '../../api/context';
import { Words } from '../../lib/text';
import { controlProps, Field } from '../Field';
import type { SectionProps } from './section';

function hasModel(list: string[], name: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return list.some((m) => norm(m) === norm(name));
}

export function ModelSection({ form, set, errors }: Omit<SectionProps, 'check'>) {
  const models = useCall('models.list', {});
  const settings = useCall('settings.get', {}, { refreshOn: ['settings-changed'] });
  const list = models.data?.models ?? [];
  const effective = form.model.trim() || settings.data?.model || '';
  const warning = models.data
    ? !models.data.reachable
      ? `Ollama is not reachable (${models.data.message}). You can still type a model name; Lanebot checks again at night.`
      : effective && !hasModel(list, effective)
        ? `${effective} is not pulled on this machine. Run: \`ollama pull ${effective}\``
        : undefined
    : models.error
      ? `Could not list models: ${models.error.message}`
      : undefined;
  return (
    <fieldset>
      <legend>Model</legend>
      <Field
        k="model"
        label="Model for this profile (optional)"
        hint={`Empty uses the one in Settings${settings.data ? ` (${settings.data.model})` : ''}.`}
        errors={errors}
        after={
          warning && (
            <p className="warning" role="status">
              ⚠ <Words text={warning} />
            </p>
          )
        }
      >
        <input type="text" list="model-list" autoComplete="off" {...controlProps('model', errors, true)} value={form.model} onChange={(e) => set('model', e.target.value)} />
        <datalist id="model-list">
          {list.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </Field>
    </fieldset>
  );
}
