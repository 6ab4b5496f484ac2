// The IPC side of the API contract: one generic handler serves every contract method (no
// per-method transport code), after checking the caller is our own app page (GitHub Desktop's
// trusted-sender idea) and validating the payload with the contract's zod schemas. Answers are
// envelopes, never thrown errors, because Electron flattens thrown errors to a message string.
import { ApiError, isMethod, parseRequest, type ServiceEvent } from '../../shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL, type IpcResult } from './ipc-channels';
import { APP_HOST, APP_SCHEME } from './protocol-urls';
import type { ShellService } from './service-port';

export { CALL_CHANNEL, EVENT_CHANNEL, type IpcResult } from './ipc-channels';

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface SenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

/** Only the top frame of a page served by our own protocol may call the service. */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  // A destroyed or navigated-away frame is null: refuse, we cannot tell who asked.
  if (!frame) return false;
  return frame.parent === null && isTrustedSenderUrl(frame.url);
}

export interface CallHandlerOptions {
  isTrusted?: (event: SenderEvent) => boolean;
  log?: (message: string, error?: unknown) => void;
}

export function createCallHandler(service: Pick<ShellService, 'handle'>, opts: CallHandlerOptions = {}) {
  const trusted = opts.isTrusted ?? isTrustedSender;
  return async (event: SenderEvent, method: unknown, body: unknown): Promise<IpcResult> => {
    if (!trusted(event)) {
      opts.log?.(`Refused an IPC call from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { code: 'unauthorized', message: 'This page may not talk to Lanebot.' } };
    }
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { code: 'not-found', message: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}` } };
    }
    try {
      // Refuse bad input at the boundary with field-level messages; the service validates again itself.
      parseRequest(method, body);
      return { ok: true, value: await service.handle(method, body) };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toBody() };
      opts.log?.(`${method} failed`, e);
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, error: { code: 'internal', message: `Lanebot hit an internal error: ${message.slice(0, 300)}` } };
    }
  };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}

/** A window that may receive events: only ones currently showing our app page get them. */
export interface EventTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, event: ServiceEvent): void;
}

export function setupIpc(deps: {
  ipcMain: IpcMainLike;
  service: Pick<ShellService, 'handle' | 'subscribe'>;
  targets: () => EventTarget[];
  log?: CallHandlerOptions['log'];
}): { dispose(): void } {
  const handler = createCallHandler(deps.service, { log: deps.log });
  deps.ipcMain.handle(CALL_CHANNEL, (event, method, body) => handler(event, method, body));
  const unsubscribe = deps.service.subscribe((e) => {
    for (const t of deps.targets()) {
      if (!t.isDestroyed() && isTrustedSenderUrl(t.getURL())) t.send(EVENT_CHANNEL, e);
    }
  });
  return {
    dispose() {
      unsubscribe();
      deps.ipcMain.removeHandler(CALL_CHANNEL);
    },
  };
}
