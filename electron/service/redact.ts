// Defence in depth: whatever the agent already redacted, nothing the service stores or sends may
// contain a secret's value. Values are replaced by their placeholder name.
export type Redactor = <T>(value: T) => T;

export function makeRedactor(secrets: Record<string, string | undefined>): Redactor {
  return redactorFor(Object.entries(secrets));
}

/** The same from [name, value] pairs, where several values may share a name (every profile's "password"). */
export function redactorFor(entries: Iterable<readonly [string, string | undefined]>): Redactor {
  const pairs = [...entries]
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length >= 3)
    .sort((a, b) => b[1].length - a[1].length);
  const variants = pairs.flatMap(([name, v]) => {
    const forms = new Set([v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+')]);
    return [...forms].map((f) => [f, `{{${name}}}`] as const);
  });
  const scrub = (s: string) => variants.reduce((acc, [f, r]) => acc.split(f).join(r), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return <T>(value: T) => (variants.length ? (walk(value) as T) : value);
}
