// LanebotApi over loopback HTTP: POST /api/<method> for calls and server-sent events from
// /api/events, read with fetch. Used when the page is served by the headless service (no Electron
// preload). Every request carries `Authorization: Bearer <token>` (see token.ts); no cookie is used.
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
  /** The API token (from the printed link's fragment); sent as a Bearer header, never as a cookie. */
  token?: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const SLOW_METHODS: Partial<Record<Method, number>> = {
  'book.now': 60_000,
  'book.testLogin': 60_000,
  'health.get': 30_000,
  'models.list': 30_000,
  // A new browser path is asked for --version and started once before it is accepted.
  'settings.save': 40_000,
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

/** One server-sent event frame ("data: …" lines, maybe comments) → the event it carries, if any. */
export function parseEventFrame(frame: string): ServiceEvent | undefined {
  const data = frame
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).replace(/^ /, ''))
    .join('\n');
  if (!data) return undefined;
  try {
    const event = JSON.parse(data) as ServiceEvent;
    return event && typeof event === 'object' && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

export function createHttpClient(options: HttpClientOptions = {}): LanebotApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const token = options.token;
  const auth = (h: Record<string, string> = {}): Record<string, string> => (token ? { ...h, authorization: `Bearer ${token}` } : h);
  const listeners = new Set<(e: ServiceEvent) => void>();
  let stream: AbortController | undefined;

  function emit(event: ServiceEvent) {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error('Lanebot event listener failed', e);
      }
    }
  }

  /**
   * The event stream, read with fetch (EventSource cannot send the Authorization header). It
   * reconnects with a growing pause; after a gap, listeners are told everything may have changed.
   */
  function open() {
    if (stream) return;
    const ctl = new AbortController();
    stream = ctl;
    void (async () => {
      let connected = false;
      let dropped = false;
      let failures = 0;
      while (!ctl.signal.aborted) {
        try {
          const res = await doFetch(`${base}/api/events`, { headers: auth({ accept: 'text/event-stream' }), signal: ctl.signal, cache: 'no-store', credentials: 'omit' });
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          failures = 0;
          if (connected && dropped) {
            // Events sent while disconnected are lost: tell views that everything may have changed.
            for (const type of ['ledger-changed', 'profiles-changed', 'settings-changed', 'schedule-changed'] as const) emit({ type });
          }
          connected = true;
          dropped = false;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
              const event = parseEventFrame(buffer.slice(0, at));
              buffer = buffer.slice(at + 2);
              if (event) emit(event);
            }
          }
        } catch {
          if (ctl.signal.aborted) return;
        }
        dropped = true;
        const pause = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]!;
        await new Promise<void>((r) => {
          const t = setTimeout(r, pause);
          ctl.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
        });
      }
    })();
  }

  return {
    transport: 'http',
    async call<M extends Method>(method: M, request: Request<M>): Promise<Response<M>> {
      const timeout = options.methodTimeoutMs?.[method] ?? SLOW_METHODS[method] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let res: globalThis.Response;
      try {
        res = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: auth({ 'content-type': 'application/json', accept: 'application/json' }),
          body: JSON.stringify(request ?? {}),
          credentials: 'omit',
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
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = undefined;
        }
      };
    },
    screenshotUrl: (path) => filesUrl(path, base),
    async loadScreenshot(path) {
      // Screenshots need the token too: fetched with the header and shown from an object URL.
      const res = await doFetch(filesUrl(path, base), { headers: auth(), credentials: 'omit', signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS) });
      if (!res.ok) throw await readError(res);
      return URL.createObjectURL(await res.blob());
    },
  };
}
