// "Export diagnostics": one zip in the data folder (mode 0600) with what a helper needs to see what
// Lanebot did — the log files, the store with every secret taken out, the last attempts'
// screenshots and a short note of versions and status. Never secrets.json, the tokens, or the
// notification addresses (a topic or webhook path is as good as a password).
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { chmod, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'date-fns';
import { zipSync, type Zippable } from 'fflate';
import type { LanebotDocument } from './store/document';
import type { ServiceLog } from './logging/file-log';

export const DIAGNOSTICS_PREFIX = 'lanebot-diagnostics-';
/** Screenshots of this many of the newest attempts that have any. */
export const SCREENSHOT_ATTEMPTS = 3;
/** Earlier exports kept beside the newest. */
const KEEP_EXPORTS = 3;

/**
 * Lanebot's version from package.json, read when asked: resolving the app's folder at import time
 * would break where this module is imported without a file URL (the renderer's component tests).
 */
export function appVersion(): string {
  try {
    const pkg = fileURLToPath(new URL('../../package.json', import.meta.url));
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface DiagnosticsInput {
  home: string;
  artifactsDir: string;
  doc: Readonly<LanebotDocument>;
  log: Pick<ServiceLog, 'dir' | 'scrub'>;
  now: Date;
  about: Record<string, unknown>;
}

/** A secret-bearing address reduced to its scheme and host. */
function addressOnly(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    return `${new URL(url).origin}/…(redacted)`;
  } catch {
    return '(redacted)';
  }
}

export function redactedDocument(doc: Readonly<LanebotDocument>): LanebotDocument {
  const copy = structuredClone(doc) as LanebotDocument;
  const s = copy.settings;
  if (s.notifyNtfyUrl) s.notifyNtfyUrl = addressOnly(s.notifyNtfyUrl)!;
  if (s.notifyWebhookUrl) s.notifyWebhookUrl = addressOnly(s.notifyWebhookUrl)!;
  return copy;
}

/** The newest attempts' screenshot files (relative to the artifacts folder), newest first. */
export function lastScreenshots(doc: Readonly<LanebotDocument>, artifactsDir: string, attempts = SCREENSHOT_ATTEMPTS): string[] {
  const root = resolve(artifactsDir);
  const out: string[] = [];
  let taken = 0;
  for (let i = doc.attempts.length - 1; i >= 0 && taken < attempts; i--) {
    const a = doc.attempts[i]!;
    const rels = [...new Set([...a.screenshots, a.precheck?.screenshot, a.verification?.screenshot].filter((x): x is string => !!x))];
    const files = rels.filter((rel) => {
      const f = resolve(root, rel);
      return f.startsWith(root + sep) && f.endsWith('.png') && existsSync(f) && statSync(f).isFile();
    });
    if (!files.length) continue;
    out.push(...files);
    taken++;
  }
  return out;
}

export async function exportDiagnostics(i: DiagnosticsInput): Promise<{ path: string; bytes: number }> {
  const enc = new TextEncoder();
  const files: Zippable = {};
  if (existsSync(i.log.dir)) {
    for (const name of readdirSync(i.log.dir).sort()) {
      if (!/^lanebot\.log(\.\d+)?$/.test(name)) continue;
      files[`logs/${name}`] = enc.encode(i.log.scrub(readFileSync(join(i.log.dir, name), 'utf8')));
    }
  }
  files['store.json'] = enc.encode(i.log.scrub(JSON.stringify(redactedDocument(i.doc), null, 1)));
  for (const rel of lastScreenshots(i.doc, i.artifactsDir)) {
    // PNGs are compressed already: stored, not deflated again.
    files[`screenshots/${rel}`] = [readFileSync(join(i.artifactsDir, rel)), { level: 0 }];
  }
  files['about.json'] = enc.encode(i.log.scrub(JSON.stringify({ generatedAt: i.now.toISOString(), ...i.about }, null, 1)));
  const zip = zipSync(files, { level: 6, mtime: i.now });
  const path = join(i.home, `${DIAGNOSTICS_PREFIX}${format(i.now, 'yyyyMMdd-HHmmss')}.zip`);
  await writeFile(path, zip, { mode: 0o600 });
  await chmod(path, 0o600);
  // Old exports hold old logs: keep a few, not every one ever made.
  const old = (await readdir(i.home)).filter((n) => n.startsWith(DIAGNOSTICS_PREFIX) && n.endsWith('.zip') && n !== basename(path)).sort();
  for (const n of old.slice(0, Math.max(0, old.length - (KEEP_EXPORTS - 1)))) await rm(join(i.home, n), { force: true });
  return { path, bytes: zip.byteLength };
}
