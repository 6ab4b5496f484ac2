// Picks the transport: the Electron preload's window.lanebot when present, else HTTP to the
// headless service that served this page. Views never know which one they got.
import type { LanebotApi } from '../../../shared/contract';
import { createHttpClient } from './http-client';
import { takeToken } from './token';

export function pickApi(w: Pick<Window, 'lanebot'> | undefined = typeof window === 'undefined' ? undefined : window): LanebotApi {
  const bridged = w?.lanebot;
  if (bridged && typeof bridged.call === 'function' && typeof bridged.subscribe === 'function') return bridged;
  const token = takeToken();
  return createHttpClient(token ? { token } : {});
}

export { createHttpClient, filesUrl, parseEventFrame } from './http-client';
export { takeToken } from './token';
export { toApiError, fieldErrors, UNAUTHORIZED_TEXT } from './errors';
