// LanebotApi over loopback HTTP: POST /api/<method> for calls and server-sent events from
// /api/events. Used when the page is served by the headless service (no Electron preload).
// Authentication is the same-origin cookie the service sets when the printed ?token= link is opened.
import {
  ApiError,
  type ApiErrorBody,
  type LanebotApi,
  type Method,
  type Request,
  type Response,
  type ServiceEvent,
} from '../../../shared/contract';
import { toApiError } from './errors';

export interface HttpClientOptions {
  /** Prefix for /api and /files; '' means the page's own origin. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Per-method overrides: starting a booking can wait on the per-profile lock. */
  methodTimeoutMs?: Partial<Record<Method, number>>;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const SLOW_METHODS: Partial<Record<Method, number>> = {
  'book.now': 60_000,
  'book.testLogin': 60_000,
  'health.get': 30_000,
  'models.list': 30_000,
};

/** `/files/` + the stored relative path, each segment encoded so spaces and '#' survive. */
export function filesUrl(path: string, baseUrl = ''): string {
  const segments = path.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..');
  return `${baseUrl}/files/${segments.map(encodeURIComponent).join('/')}`;
}

async function readError(res: globalThis.Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = body && typeof body === 'object' && 'error' in body ? (body as { error: ApiErrorBody }).error : undefined;
  if (res.status === 401) return new ApiError('unauthorized', err?.message ?? 'Not signed in', err?.fields);
  if (err && typeof err.message === 'string') return toApiError(err);
  return new ApiError(res.status === 404 ? 'not-found' : 'internal', `The Lanebot service answered ${res.status} ${res.statusText}`.trim());
}

export function createHttpClient(options: HttpClientOptions = {}): LanebotApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const ES = options.EventSource ?? globalThis.EventSource;
  const listeners = new Set<(e: ServiceEvent) => void>();
  let source: EventSource | undefined;
  let dropped = false;

  function emit(event: ServiceEvent) {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error('Lanebot event listener failed', e);
      }
    }
  }

  function open() {
    if (source || !ES) return;
    source = new ES(`${base}/api/events`, { withCredentials: false });
    source.onmessage = (m: MessageEvent<string>) => {
      let event: ServiceEvent;
      try {
        event = JSON.parse(m.data) as ServiceEvent;
      } catch {
        return;
      }
      if (event && typeof event === 'object' && typeof event.type === 'string') emit(event);
    };
    source.onerror = () => {
      // EventSource reconnects by itself; remember the gap so listeners refetch once it is back.
      dropped = true;
    };
    source.onopen = () => {
      if (!dropped) return;
      dropped = false;
      // Events sent while disconnected are lost: tell views that everything may have changed.
      for (const type of ['ledger-changed', 'profiles-changed', 'settings-changed', 'schedule-changed'] as const) emit({ type });
    };
  }

  return {
    transport: 'http',
    async call<M extends Method>(method: M, request: Request<M>): Promise<Response<M>> {
      const timeout = options.methodTimeoutMs?.[method] ?? SLOW_METHODS[method] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let res: globalThis.Response;
      try {
        res = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(request ?? {}),
          credentials: 'same-origin',
          signal: AbortSignal.timeout(timeout),
        });
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        if (name === 'TimeoutError' || name === 'AbortError')
          throw new ApiError('internal', `The Lanebot service did not answer ${method} within ${Math.round(timeout / 1000)} s`);
        throw new ApiError('internal', 'Cannot reach the Lanebot service. Is `lanebot serve` still running?');
      }
      if (!res.ok) throw await readError(res);
      try {
        return (await res.json()) as Response<M>;
      } catch {
        throw new ApiError('internal', `The Lanebot service sent an unreadable answer to ${method}`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },
    screenshotUrl: (path) => filesUrl(path, base),
  };
}
