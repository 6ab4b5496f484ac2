// The secret scan: every text a night produced (prompts, logs, history, file names and contents,
// HTTP responses, SSE frames, service events, URLs the venue and the spy saw) searched for the
// password, raw and in the encodings it would take on the way out.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface Source {
  where: string;
  text: string;
}

export function secretForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)])];
}

/** The `where` of every source holding the secret in any of its forms. */
export function findLeaks(secret: string, sources: Iterable<Source>): string[] {
  const forms = secretForms(secret);
  const out: string[] = [];
  for (const s of sources) if (forms.some((f) => s.text.includes(f))) out.push(s.where);
  return out;
}

/**
 * Every file under the data folder (name and bytes, latin1 so any byte sequence is searchable),
 * except the secrets file, whose job is to hold the password.
 */
export async function homeSources(home: string): Promise<Source[]> {
  const out: Source[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      const rel = relative(home, p);
      if (e.isDirectory()) {
        await walk(p);
        continue;
      }
      out.push({ where: `file name ${rel}`, text: rel });
      if (rel === 'secrets.json') continue;
      const content = await readFile(p).catch(() => undefined);
      if (content) out.push({ where: `file ${rel}`, text: content.toString('latin1') });
    }
  };
  await walk(home);
  return out;
}
