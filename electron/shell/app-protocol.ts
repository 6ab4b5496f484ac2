// Serving the UI and screenshots to the window through Lanebot's own schemes instead of file://,
// so the page has a real origin (the IPC sender check keys on it), a strict CSP header, and can
// reach nothing on disk outside the renderer build and the artifacts folder. Handlers take web
// Requests and return web Responses, as Electron's protocol.handle does, and are tested that way.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, FILE_HOST, FILE_SCHEME } from './protocol-urls';

export { APP_HOST, APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, FILE_HOST, FILE_SCHEME, screenshotUrl } from './protocol-urls';

/**
 * Registered before app ready. `standard` gives the app a real origin and relative URLs; `secure`
 * makes it a secure context; `corsEnabled` is what lets Vite's `<script type="module" crossorigin>`
 * load from a custom scheme.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  { scheme: FILE_SCHEME, privileges: { standard: true, secure: true } },
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp']);

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' };

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** True when `child` is `root` or lies inside it (no `..` escape, no other drive). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Resolves through symlinks and confirms the file is still inside `root`; undefined if not a file there. */
async function containedFile(root: string, candidate: string): Promise<string | undefined> {
  if (!isInside(root, candidate)) return undefined;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, real)) return undefined;
    if (!(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/** lanebot://app/… → the renderer build, with the CSP header; unknown routes fall back to index.html. */
export function createAppHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: BASE_HEADERS });
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    const path = decodedPath(url);
    if (path === undefined || path.includes('\0')) return notFound();
    let file = await containedFile(root, join(root, path === '/' ? 'index.html' : path));
    // Client-side routes (no extension) get the app shell; a missing asset stays a 404.
    if (!file && extname(path) === '') file = await containedFile(root, join(root, 'index.html'));
    if (!file) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      },
    });
  };
}

/**
 * lanebot-file://artifacts/<encoded path> → a screenshot. Attempt records store paths relative to the
 * artifacts folder (older or foreign ones may be absolute); either way the file must be an image
 * inside the artifacts folder, after resolving symlinks.
 */
export function createArtifactsHandler(dataDir: string): (request: Request) => Promise<Response> {
  const artifacts = resolve(dataDir, 'artifacts');
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: BASE_HEADERS });
    const url = new URL(request.url);
    if (url.protocol !== `${FILE_SCHEME}:` || url.host !== FILE_HOST) return notFound();
    const raw = decodedPath(url)?.replace(/^\//, '');
    if (!raw || raw.includes('\0')) return notFound();
    const candidate = isAbsolute(raw) ? resolve(raw) : resolve(artifacts, raw);
    if (!IMAGE_EXT.has(extname(candidate).toLowerCase())) return notFound();
    const file = await containedFile(artifacts, candidate);
    if (!file) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...BASE_HEADERS, 'Content-Type': MIME[extname(file).toLowerCase()]! },
    });
  };
}
