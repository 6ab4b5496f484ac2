// The app's own URL schemes, shared by the main process and the preload (so no Node imports here).
// lanebot://app/… serves the built UI; lanebot-file://artifacts/… serves attempt screenshots.
export const APP_SCHEME = 'lanebot';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
export const FILE_SCHEME = 'lanebot-file';
export const FILE_HOST = 'artifacts';

/**
 * A screenshot path from an attempt record (relative to the data folder or absolute) as one encoded
 * path segment, so slashes, spaces and '#' survive and the handler sees exactly the stored string.
 */
export function screenshotUrl(path: string): string {
  return `${FILE_SCHEME}://${FILE_HOST}/${encodeURIComponent(path)}`;
}

/**
 * The CSP for every page the app serves. It matches the renderer's own meta tag; as a header it also
 * covers frame-ancestors, which a meta tag cannot.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: ${FILE_SCHEME}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
