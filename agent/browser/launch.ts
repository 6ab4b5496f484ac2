// Finding and launching a Chromium-family browser with playwright-core: one isolated context per session.
// Every browser Lanebot starts is hardened the same way: no WebRTC (its STUN/TURN traffic goes around
// the origin confinement, which only sees HTTP), and no saved logins or form data in its profile.
import { execFile } from 'node:child_process';
import { access, chmod, constants, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { AgentError } from '../core/failure';
import type { BrowserConfig } from '../types';

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebRTC: no UDP that bypasses a proxy (there is none, so no UDP at all); the init script below
  // removes the APIs themselves, which is what stops TURN over TCP (no flag does).
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/**
 * Runs first in every document of every context Lanebot creates: removes WebRTC's constructors, so a
 * page on an allowed origin cannot send what it read (a typed password) inside a STUN/TURN message to
 * a host the confinement never sees. Iframes get it too (Playwright runs init scripts in every frame).
 */
export const NO_WEBRTC_SCRIPT = `(() => {
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!/^(webkit)?RTC/.test(name)) continue;
    try { delete globalThis[name]; } catch {}
    try { Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false }); } catch {}
  }
})();`;

/** What every context Lanebot creates gets before its first page: call right after creating it. */
export async function hardenContext(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NO_WEBRTC_SCRIPT });
}

/** Chromium preferences that switch off saving passwords, addresses, cards and form entries. */
export const NO_SAVED_LOGINS_PREFS = {
  credentials_enable_service: false,
  credentials_enable_autosignin: false,
  profile: { password_manager_enabled: false },
  autofill: { enabled: false, profile_enabled: false, credit_card_enabled: false },
};

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(source)) {
    const cur = target[k];
    target[k] = v && typeof v === 'object' && cur && typeof cur === 'object' && !Array.isArray(cur) ? mergeInto(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return target;
}

/**
 * Prepares a persistent browser profile before launch: the folder private (0700) whatever the umask,
 * and its Preferences set so Chromium saves no logins or form data (kept across nights: Chromium
 * rewrites the file on exit, so the settings are merged in again each time).
 */
export async function prepareProfileDir(userDataDir: string): Promise<void> {
  await mkdir(path.join(userDataDir, 'Default'), { recursive: true, mode: 0o700 });
  await chmod(userDataDir, 0o700);
  await chmod(path.join(userDataDir, 'Default'), 0o700);
  const file = path.join(userDataDir, 'Default', 'Preferences');
  let prefs: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) prefs = parsed as Record<string, unknown>;
  } catch {
    /* missing or unreadable: Chromium starts from ours */
  }
  await writeFile(file, JSON.stringify(mergeInto(prefs, NO_SAVED_LOGINS_PREFS)), { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * Makes every file under a browser profile 0600 and every folder 0700. Chromium creates its files with
 * the process umask; a user running with umask 000 would otherwise get world-readable cookies.
 */
export async function tightenTree(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
    await chmod(dir, 0o700);
  } catch {
    return;
  }
  await Promise.all(
    entries.map(async (e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return tightenTree(p);
      if (e.isFile()) await chmod(p, 0o600).catch(() => undefined);
    }),
  );
}

export const BROWSER_FIX =
  'install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS/Windows: install Google Chrome or Microsoft Edge), or set the browser path in Settings';

/** Standard install locations, most specific first, per platform. */
export function candidateBrowserPaths(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', path.join(homedir(), 'Applications')];
    const names = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Brave Browser.app/Contents/MacOS/Brave Browser',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    return apps.flatMap((a) => names.map((n) => path.join(a, n)));
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => !!r);
    const rels = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'Chromium\\Application\\chrome.exe',
      'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
    ];
    return roots.flatMap((r) => rels.map((p) => path.win32.join(r, p)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/brave-browser',
    '/snap/bin/chromium',
    '/var/lib/flatpak/exports/bin/org.chromium.Chromium',
    '/opt/google/chrome/chrome',
  ];
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to launch: the configured path when set (and it must exist: silently using another
 * browser would hide a typo), else the first installed Chrome/Chromium/Edge.
 * Throws an AgentError 'browser-missing' whose message says how to fix it.
 */
export async function findBrowser(
  configuredPath?: string,
  candidates: string[] = candidateBrowserPaths(),
): Promise<{ path: string; source: 'configured' | 'installed' }> {
  if (configuredPath && configuredPath.trim()) {
    const p = configuredPath.trim();
    if (!(await isExecutable(p)))
      throw new AgentError('browser-missing', `The browser set in Settings was not found or is not executable: ${p}. Fix the path, or clear it to use an installed Chrome/Chromium/Edge.`);
    // A store edited by hand must not make Lanebot run some other program with browser flags.
    const v = await browserVersion(p);
    if (!v.ok) throw new AgentError('browser-missing', `The browser set in Settings is not a Chrome/Chromium/Edge browser: ${v.message} Fix the path, or clear it to use an installed one.`);
    return { path: p, source: 'configured' };
  }
  for (const c of candidates) {
    if (await isExecutable(c)) return { path: c, source: 'installed' };
  }
  throw new AgentError('browser-missing', `No Chrome, Chromium or Edge browser was found. To fix: ${BROWSER_FIX}.`);
}

/** Chromium-family browsers as they name themselves in `--version`, e.g. "Chromium 120.0.6099.224 built on Debian". */
const CHROMIUM_VERSION = /^(?:Chromium|Google Chrome(?: for Testing)?|Microsoft Edge|Brave Browser|Vivaldi|Opera)\b.*?\b(\d{2,4}\.\d+\.\d+\.\d+)\b/m;
const VERSION_TIMEOUT_MS = 5_000;
const CHECK_LAUNCH_TIMEOUT_MS = 15_000;

export type BrowserCheck = { ok: true; version: string; message: string } | { ok: false; message: string };

const versionCache = new Map<string, { key: string; result: BrowserCheck }>();

/**
 * Asks an executable what it is (`--version`, with a timeout, no shell): a Chromium-family browser
 * names itself and a four-part version. Cached per path while the file is unchanged.
 */
export async function browserVersion(p: string): Promise<BrowserCheck> {
  if (!path.isAbsolute(p)) return { ok: false, message: 'Give the full path of the browser program (it starts with /).' };
  let key: string;
  try {
    const st = await stat(p);
    if (!st.isFile()) return { ok: false, message: `${p} is not a program file.` };
    key = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return { ok: false, message: `${p} does not exist.` };
  }
  if (!(await isExecutable(p))) return { ok: false, message: `${p} is not executable.` };
  const hit = versionCache.get(p);
  if (hit && hit.key === key) return hit.result;
  const out = await new Promise<{ text: string; error?: string }>((resolve) => {
    execFile(p, ['--version'], { timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true }, (err, stdout) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      resolve({ text: String(stdout ?? ''), ...(e ? { error: e.killed ? `it did not answer --version within ${VERSION_TIMEOUT_MS / 1000} s` : 'it failed when asked for --version' } : {}) });
    });
  });
  const m = CHROMIUM_VERSION.exec(out.text.trim());
  const result: BrowserCheck = m
    ? { ok: true, version: m[1]!, message: out.text.trim().split('\n')[0]!.slice(0, 120) }
    : { ok: false, message: `${p} does not answer --version like Chrome, Chromium or Edge (${out.error ?? 'it named something else'}).` };
  if (result.ok) versionCache.set(p, { key, result });
  return result;
}

/**
 * The check before a browser path is accepted in Settings: it must name itself as a Chromium-family
 * browser (`--version`) AND start headless and answer the DevTools protocol, so a script that merely
 * prints a browser's version is refused too.
 */
export async function checkBrowserExecutable(p: string): Promise<BrowserCheck> {
  const v = await browserVersion(p);
  if (!v.ok) return v;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: p, headless: true, args: BROWSER_ARGS, timeout: CHECK_LAUNCH_TIMEOUT_MS });
    const reported = browser.version();
    return { ok: true, version: reported, message: `${v.message}` };
  } catch (e) {
    return { ok: false, message: `${p} names itself a browser but does not start as one (${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160)}).` };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

export interface LaunchedBrowser {
  context: BrowserContext;
  browser?: Browser;
  executablePath: string;
  /** True once the browser process went away without us closing it. */
  readonly crashed: boolean;
  close(): Promise<void>;
}

const LAUNCH_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** close() of a wedged browser can hang; the caller must get on with its night regardless. */
function closeWithin(close: () => Promise<void>): Promise<void> {
  return Promise.race([close().catch(() => {}), new Promise<void>((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref())]);
}

/** Launches the browser with one isolated context (persistent when userDataDir is set, so cookies survive nights). */
export async function launchBrowser(cfg: BrowserConfig): Promise<LaunchedBrowser> {
  const found = await findBrowser(cfg.executablePath);
  const common = {
    executablePath: found.path,
    headless: cfg.headless ?? true,
    args: BROWSER_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  };
  const contextOptions = {
    // Service workers would fetch outside our route interception.
    serviceWorkers: 'block' as const,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: false,
    // The venue's own language and zone, not the headless default en-US: a site that follows Accept-Language
    // must answer in the language its dates are read in, and a calendar's "today" must be the venue's.
    ...(cfg.locale ? { locale: cfg.locale } : {}),
    ...(cfg.timezoneId ? { timezoneId: cfg.timezoneId } : {}),
  };
  let crashed = false;
  let closing = false;
  try {
    if (cfg.userDataDir) {
      // The profile holds the venue's session cookies: private, whatever the umask or the data folder's mode.
      await mkdir(cfg.userDataDir, { recursive: true, mode: 0o700 });
      await prepareProfileDir(cfg.userDataDir);
      const userDataDir = cfg.userDataDir;
      const context = await chromium.launchPersistentContext(userDataDir, { ...common, ...contextOptions });
      context.on('close', () => { if (!closing) crashed = true; });
      try {
        await hardenContext(context);
      } catch (e) {
        closing = true;
        await closeWithin(() => context.close());
        throw e;
      }
      return {
        context,
        executablePath: found.path,
        get crashed() { return crashed; },
        async close() {
          closing = true;
          await closeWithin(() => context.close());
          await tightenTree(userDataDir);
        },
      };
    }
    const browser = await chromium.launch(common);
    browser.on('disconnected', () => { if (!closing) crashed = true; });
    try {
      const context = await browser.newContext(contextOptions);
      await hardenContext(context);
      return {
        context,
        browser,
        executablePath: found.path,
        get crashed() { return crashed; },
        async close() { closing = true; await closeWithin(() => browser.close()); },
      };
    } catch (e) {
      closing = true;
      await browser.close().catch(() => {});
      throw e;
    }
  } catch (e) {
    if (e instanceof AgentError) throw e;
    const m = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new AgentError('browser-crashed', `The browser at ${found.path} could not be started: ${m}`);
  }
}
