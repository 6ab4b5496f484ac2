// Secret redaction: every prompt, log line, step, error and file name passes through one of these.

export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of a secret value, including the encodings it typically takes on its
 * way into URLs and form bodies, so a leaked value is caught whatever path it took.
 */
export function createRedactor(secretValues: string[]): (s: string) => string {
  const variants = new Set<string>();
  for (const v of secretValues) {
    if (!v) continue;
    variants.add(v);
    variants.add(encodeURIComponent(v));
    variants.add(encodeURIComponent(v).replace(/%20/g, '+'));
    variants.add(JSON.stringify(v).slice(1, -1));
    variants.add(Buffer.from(v, 'utf8').toString('base64'));
  }
  // Longest first, so a secret that contains another secret is replaced whole.
  const list = [...variants].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (s) => s;
  const re = new RegExp(list.map(escapeRegExp).join('|'), 'g');
  return (s: string) => (typeof s === 'string' ? s.replace(re, REDACTED) : s);
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
