// Whether the Ollama at the address being typed answers and has the model: asked again (after a
// short pause in typing) whenever the address changes, so the warning is about what is on screen,
// not about the address saved earlier. We are in Settings already, so it never says "go to Settings".
import { useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { plainHttpWarning } from '../../lib/local-address';
import { Words } from '../../lib/text';

export const PROBE_DEBOUNCE_MS = 500;

interface Probe {
  host: string;
  reachable: boolean;
  models: string[];
}

function validHttp(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const pulled = (models: string[], want: string) => {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return models.some((m) => norm(m) === norm(want));
};

export function useOllamaProbe(address: string, debounceMs = PROBE_DEBOUNCE_MS): { probe?: Probe; checking: boolean; error?: string } {
  const api = useApi();
  const host = address.trim();
  const [probe, setProbe] = useState<Probe>();
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!validHttp(host)) return;
    let stale = false;
    setChecking(true);
    const t = setTimeout(() => {
      api.call('models.list', { host }).then(
        (r) => {
          if (stale) return;
          setProbe({ host, reachable: r.reachable, models: r.models });
          setError(undefined);
          setChecking(false);
        },
        (e: Error) => {
          if (stale) return;
          setError(e.message);
          setChecking(false);
        },
      );
    }, debounceMs);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [api, host, debounceMs]);
  return { ...(probe && probe.host === host ? { probe } : {}), checking, ...(error ? { error } : {}) };
}

export function OllamaStatus({ address, model, debounceMs }: { address: string; model: string; debounceMs?: number }) {
  const { probe, checking, error } = useOllamaProbe(address, debounceMs);
  const host = address.trim();
  const insecure = plainHttpWarning(host);
  let line: { ok: boolean; text: string } | undefined;
  if (!validHttp(host)) line = undefined;
  else if (error) line = { ok: false, text: `Could not check ${host}: ${error}` };
  else if (!probe) line = checking ? { ok: true, text: `Checking ${host}…` } : undefined;
  else if (!probe.reachable) line = { ok: false, text: `Nothing answers at ${host}. Start Ollama there (\`ollama serve\`) or correct the address. Learned recipes book without it.` };
  else if (model.trim() && !pulled(probe.models, model.trim())) line = { ok: false, text: `Ollama answers at ${host}, but ${model.trim()} is not pulled there. Run: \`ollama pull ${model.trim()}\`` };
  else line = { ok: true, text: `Ollama answers at ${host}${model.trim() ? ` and has ${model.trim()}` : ''}.` };
  return (
    <div className="ollama-status" aria-live="polite">
      {line && (
        <p className={line.ok ? 'muted' : 'warning'} data-ok={line.ok}>
          {line.ok ? '✓ ' : '⚠ '}
          <Words text={line.text} />
        </p>
      )}
      {insecure && <p className="warning">⚠ {insecure}</p>}
    </div>
  );
}
