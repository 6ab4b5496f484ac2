// React access to the API: one provider holding the transport, a hook for calls that refetch
// when the service says something changed, and a hook for the event stream.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { LanebotApi, Method, Request, Response, ServiceEvent } from '../../../shared/contract';
import { toApiError } from './errors';

interface ApiState {
  api: LanebotApi;
  unauthorized: boolean;
}

const ApiContext = createContext<ApiState | null>(null);

/** Wraps the transport so every failure arrives as an ApiError and a 401 flips the app into "open the link" mode. */
export function ApiProvider({ api, children }: { api: LanebotApi; children: ReactNode }) {
  const [unauthorized, setUnauthorized] = useState(false);
  const wrapped = useMemo<LanebotApi>(
    () => ({
      transport: api.transport,
      screenshotUrl: (p) => api.screenshotUrl(p),
      ...(api.loadScreenshot ? { loadScreenshot: (p: string) => api.loadScreenshot!(p) } : {}),
      subscribe: (l) => api.subscribe(l),
      async call(method, request) {
        try {
          const r = await api.call(method, request);
          setUnauthorized(false);
          return r;
        } catch (e) {
          const err = toApiError(e);
          if (err.code === 'unauthorized') setUnauthorized(true);
          throw err;
        }
      },
    }),
    [api],
  );
  const value = useMemo(() => ({ api: wrapped, unauthorized }), [wrapped, unauthorized]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApiState(): ApiState {
  const v = useContext(ApiContext);
  if (!v) throw new Error('useApi outside <ApiProvider>');
  return v;
}

export function useApi(): LanebotApi {
  return useApiState().api;
}

/**
 * The src for a screenshot: the transport's URL as it is (IPC), or an object URL of the image fetched
 * with the token (HTTP), revoked when the component lets go of it. Undefined while it loads.
 */
export function useScreenshotUrl(path: string): string | undefined {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ path: string; url: string }>();
  useEffect(() => {
    if (!api.loadScreenshot) return;
    let live = true;
    let url: string | undefined;
    api.loadScreenshot(path).then(
      (u) => {
        if (live) {
          url = u;
          setLoaded({ path, url: u });
        } else URL.revokeObjectURL(u);
      },
      () => undefined, // a missing screenshot shows its caption only
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, path]);
  if (!api.loadScreenshot) return api.screenshotUrl(path);
  return loaded?.path === path ? loaded.url : undefined;
}

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useServiceEvents(listener: (e: ServiceEvent) => void): void {
  const api = useApi();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.subscribe((e) => ref.current(e)), [api]);
}

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls `method` now, again whenever `key` (the serialised request) changes, and whenever one of
 * the `refreshOn` events arrives. Late answers to an older request are dropped.
 */
export function useCall<M extends Method>(
  method: M,
  request: Request<M>,
  opts: { refreshOn?: ServiceEvent['type'][]; pollMs?: number; skip?: boolean } = {},
): CallState<Response<M>> {
  const api = useApi();
  const key = JSON.stringify(request);
  const [state, setState] = useState<{ data?: Response<M>; error?: ApiError; loading: boolean }>({ loading: !opts.skip });
  const seq = useRef(0);
  const reqRef = useRef(request);
  reqRef.current = request;

  const load = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    api.call(method, reqRef.current).then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (e: unknown) => mine === seq.current && setState((s) => ({ data: s.data, error: toApiError(e), loading: false })),
    );
  }, [api, method]);

  useEffect(() => {
    if (opts.skip) return;
    load();
  }, [load, key, opts.skip]);

  const refreshOn = opts.refreshOn?.join(',') ?? '';
  useServiceEvents((e) => {
    if (!opts.skip && refreshOn.split(',').includes(e.type)) load();
  });

  useEffect(() => {
    if (!opts.pollMs || opts.skip) return;
    const t = setInterval(load, opts.pollMs);
    return () => clearInterval(t);
  }, [load, opts.pollMs, opts.skip]);

  return { data: state.data, error: state.error, loading: state.loading, reload: load };
}
