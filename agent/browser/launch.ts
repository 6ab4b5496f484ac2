// Finding and launching a Chromium-family browser with playwright-core: one isolated context per session.
import { access, constants, mkdir } from 'node:fs/promises';
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
];

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
    if (await isExecutable(p)) return { path: p, source: 'configured' };
    throw new AgentError('browser-missing', `The browser set in Settings was not found or is not executable: ${p}. Fix the path, or clear it to use an installed Chrome/Chromium/Edge.`);
  }
  for (const c of candidates) {
    if (await isExecutable(c)) return { path: c, source: 'installed' };
  }
  throw new AgentError('browser-missing', `No Chrome, Chromium or Edge browser was found. To fix: ${BROWSER_FIX}.`);
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
      const context = await chromium.launchPersistentContext(cfg.userDataDir, { ...common, ...contextOptions });
      context.on('close', () => { if (!closing) crashed = true; });
      return {
        context,
        executablePath: found.path,
        get crashed() { return crashed; },
        async close() { closing = true; await closeWithin(() => context.close()); },
      };
    }
    const browser = await chromium.launch(common);
    browser.on('disconnected', () => { if (!closing) crashed = true; });
    try {
      const context = await browser.newContext(contextOptions);
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
