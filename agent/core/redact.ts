// Secret redaction: every prompt, log line, step, error and file name passes through one of these.

export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of a secret value, including the encodings it typically takes on its
 * way into URLs and form bodies (percent, form, JSON-escaped, base64), so a leaked value is caught
 * whatever path it took. Given a list, each becomes "[redacted]"; given a map of names to values
 * (the service's attempt records), each becomes its placeholder, e.g. "{{password}}", so the record
 * still says which secret was there. This is the one redactor: the service uses it through agent/redact.ts.
 */
export function createRedactor(secrets: string[] | Record<string, string | undefined>): (s: string) => string {
  const named = !Array.isArray(secrets);
  const pairs: [string, string][] = named
    ? Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === 'string').map(([name, v]) => [v, `{{${name}}}`])
    : secrets.map((v) => [v, REDACTED]);
  const variants = new Map<string, string>();
  for (const [v, replacement] of pairs) {
    if (!v) continue;
    for (const form of [v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+'), JSON.stringify(v).slice(1, -1), Buffer.from(v, 'utf8').toString('base64')])
      if (form && !variants.has(form)) variants.set(form, replacement);
  }
  // Longest first, so a secret that contains another secret is replaced whole.
  const list = [...variants.keys()].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (s) => s;
  const re = new RegExp(list.map(escapeRegExp).join('|'), 'g');
  return (s: string) => (typeof s === 'string' ? s.replace(re, (m) => variants.get(m) ?? REDACTED) : s);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redacts every string inside a JSON-like value (for steps and results handed to callers). */
export function redactDeep<T>(value: T, redact: (s: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
