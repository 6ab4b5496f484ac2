// The app's schemes: lanebot://app serves the renderer build with the strict CSP header and
// nothing outside it; lanebot-file://artifacts serves screenshots from the artifacts folder only.
// Also the window/web-contents hardening (no navigation, no new windows, external links to the browser).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  PRIVILEGED_SCHEMES,
  createAppHandler,
  createArtifactsHandler,
  isInside,
  screenshotUrl,
} from '../../electron/shell/app-protocol';
import { attemptRoute, createWindowController, hardenContents, windowOptions } from '../../electron/shell/window';

let dir: string;
let renderer: string;
let data: string;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanebot-proto-'));
  renderer = join(dir, 'renderer');
  data = join(dir, 'data');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Lanebot</title>');
  await writeFile(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside');
  await mkdir(join(data, 'artifacts', 'att-1'), { recursive: true });
  await writeFile(join(data, 'artifacts', 'att-1', 'verify 1#.png'), PNG);
  await writeFile(join(data, 'artifacts', 'att-1', 'notes.txt'), 'not an image');
  await writeFile(join(data, 'lanebot.json'), '{"secret":"store"}');
  await writeFile(join(dir, 'outside.png'), PNG);
  await symlink(join(dir, 'outside.png'), join(data, 'artifacts', 'link.png'));
  await symlink(join(dir, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (h: (r: Request) => Promise<Response>, url: string, method = 'GET') => h(new Request(url, { method }));

describe('lanebot://app', () => {
  it('serves the renderer with the CSP header and correct types', async () => {
    const h = createAppHandler(renderer);
    const index = await get(h, 'lanebot://app/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Lanebot</title>');
    const js = await get(h, 'lanebot://app/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(h, 'lanebot://app/')).status).toBe(200);
    // Client-side routes get the app shell; missing assets do not.
    expect(await (await get(h, 'lanebot://app/history/att-1')).text()).toContain('Lanebot');
    expect((await get(h, 'lanebot://app/assets/missing.js')).status).toBe(404);
  });

  it('the CSP forbids inline scripts and foreign origins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain('img-src \'self\' data: lanebot-file:');
  });

  it('never serves a file outside the renderer folder', async () => {
    const h = createAppHandler(renderer);
    for (const url of [
      'lanebot://app/../secret.txt',
      'lanebot://app/%2e%2e/secret.txt',
      'lanebot://app/assets/..%2f..%2fsecret.txt',
      'lanebot://app/%2e%2e%2fsecret.txt',
      'lanebot://app/assets/leak.js', // a symlink pointing out
      'lanebot://app/%00index.html',
      'lanebot://other/index.html',
    ]) {
      const r = await get(h, url);
      expect(r.status, url).toBe(404);
      expect(await r.text(), url).not.toContain('outside');
    }
    expect((await get(h, 'lanebot://app/index.html', 'POST')).status).toBe(405);
  });

  it('is registered as a standard, secure, CORS-enabled scheme (module scripts need it)', () => {
    expect(PRIVILEGED_SCHEMES.find((s) => s.scheme === 'lanebot')?.privileges).toMatchObject({ standard: true, secure: true, corsEnabled: true });
  });
});

describe('lanebot-file://artifacts', () => {
  it('serves a screenshot from its stored relative path, odd characters included', async () => {
    const h = createArtifactsHandler(data);
    const url = screenshotUrl('att-1/verify 1#.png');
    expect(url).toBe('lanebot-file://artifacts/att-1%2Fverify%201%23.png');
    const r = await get(h, url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await r.arrayBuffer())).toEqual(PNG);
    // An absolute path inside the artifacts folder is accepted too.
    expect((await get(h, screenshotUrl(join(data, 'artifacts', 'att-1', 'verify 1#.png')))).status).toBe(200);
  });

  it('refuses traversal, symlinks out, non-images and the store file', async () => {
    const h = createArtifactsHandler(data);
    for (const p of ['../lanebot.json', '../../outside.png', join(dir, 'outside.png'), 'link.png', 'att-1/notes.txt', '/etc/passwd', '..', 'att-1/../../lanebot.json']) {
      expect((await get(h, screenshotUrl(p))).status, p).toBe(404);
    }
    expect((await get(h, 'lanebot-file://elsewhere/att-1%2Fverify%201%23.png')).status).toBe(404);
  });

  it('isInside handles look-alike names', () => {
    expect(isInside('/a/artifacts', '/a/artifacts/x.png')).toBe(true);
    expect(isInside('/a/artifacts', '/a/artifacts/..x.png')).toBe(true);
    expect(isInside('/a/artifacts', '/a/artifacts-evil/x.png')).toBe(false);
    expect(isInside('/a/artifacts', '/a/x.png')).toBe(false);
  });
});

describe('window and web contents hardening', () => {
  it('uses an isolated, sandboxed renderer with no Node', () => {
    const o = windowOptions('/app/dist/electron/preload.cjs');
    expect(o.webPreferences).toMatchObject({ preload: '/app/dist/electron/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('denies navigation and new windows; only http(s) goes to the browser', () => {
    const listeners: Record<string, (e: never) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    hardenContents(
      {
        on: (event: string, l: (e: never) => void) => (listeners[event] = l),
        setWindowOpenHandler: (h: never) => (openHandler = h),
      } as never,
      (url) => opened.push(url),
    );
    const nav = (url: string) => {
      let prevented = false;
      listeners['will-navigate']!({ url, preventDefault: () => (prevented = true) } as never);
      return prevented;
    };
    expect(nav('lanebot://app/index.html')).toBe(false); // reload of our own page
    expect(nav('https://venue.example/bookings')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('javascript:alert(1)')).toBe(true);
    expect(opened).toEqual(['https://venue.example/bookings']);
    expect(openHandler!({ url: 'https://help.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'smb://share/x' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://venue.example/bookings', 'https://help.example/']);
    let webview = false;
    listeners['will-attach-webview']!({ preventDefault: () => (webview = true) } as never);
    expect(webview).toBe(true);
  });

  it('opens one window on demand, reuses it, and makes a new one after it was closed', async () => {
    const made: { closed?: () => void; ready?: () => void; shows: number; url?: string; destroyed: boolean }[] = [];
    const wc = createWindowController({
      create: () => {
        const w = {
          shows: 0,
          destroyed: false,
          isDestroyed: () => w.destroyed,
          isMinimized: () => false,
          restore: () => {},
          show: () => void w.shows++,
          focus: () => {},
          loadURL: async (u: string) => void ((w as { url?: string }).url = u),
          once: (_e: 'ready-to-show', l: () => void) => void ((w as { ready?: () => void }).ready = l),
          on: (_e: 'closed', l: () => void) => void ((w as { closed?: () => void }).closed = l),
        };
        made.push(w);
        return w;
      },
      preloadPath: '/p.cjs',
      url: 'lanebot://app/index.html',
    });
    wc.show();
    wc.show();
    expect(made).toHaveLength(1);
    expect(made[0]!.url).toBe('lanebot://app/index.html');
    made[0]!.destroyed = true;
    made[0]!.closed!();
    expect(wc.current()).toBeUndefined();
    wc.show();
    expect(made).toHaveLength(2);
    // A notification opens the app at its attempt: a new window loads there, an open one follows the hash.
    wc.show(attemptRoute('20261124-000100-ab12cd34'));
    expect(made).toHaveLength(2);
    expect(made[1]!.url).toBe('lanebot://app/index.html#/history/20261124-000100-ab12cd34');
    made[1]!.destroyed = true;
    made[1]!.closed!();
    wc.show(attemptRoute('missed-20261124-ab12cd34'));
    expect(made[2]!.url).toBe('lanebot://app/index.html#/history/missed-20261124-ab12cd34');
    // Anything but a hash route is ignored rather than loaded.
    wc.show('https://evil.example/');
    wc.show('#/x" onload="');
    expect(made[2]!.url).toBe('lanebot://app/index.html#/history/missed-20261124-ab12cd34');
  });
});
