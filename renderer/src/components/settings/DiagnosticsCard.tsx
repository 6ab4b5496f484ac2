// "Export diagnostics": one file with what support needs (the log, the settings and history without
// secrets, recent screenshots), written into the data folder; the page says where and how big.
import { useState } from 'react';
import { useApi } from '../../api/context';
import { bytes } from '../../lib/format';
import { plain } from '../../lib/text';

export function DiagnosticsCard() {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ path: string; bytes: number }>();
  const [error, setError] = useState<string>();
  async function run() {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.call('diagnostics.export', {}));
    } catch (e) {
      setError(plain((e as Error).message));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="diag-title">
      <h2 id="diag-title">Diagnostics</h2>
      <p>One file to send when asking for help: the log, the settings and history (never your passwords) and recent screenshots.</p>
      <button type="button" className="button" onClick={run} disabled={busy}>
        {busy ? 'Exporting…' : 'Export diagnostics'}
      </button>
      {result && (
        <p role="status">
          Saved ({bytes(result.bytes)}): <code className="wrap">{result.path}</code>
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
