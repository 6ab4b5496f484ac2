// One LiveAttempts store for the whole window, fed by the event stream, so progress keeps
// accumulating while the user looks at another tab.
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useApi } from '../api/context';
import { LiveAttempts, type LiveAttempt } from './live-attempts';

const LiveContext = createContext<LiveAttempts | null>(null);

export function LiveAttemptsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const store = useMemo(() => new LiveAttempts(), []);
  useEffect(() => api.subscribe((e) => store.handle(e)), [api, store]);
  return <LiveContext.Provider value={store}>{children}</LiveContext.Provider>;
}

export function useLiveAttempts(): { store: LiveAttempts; attempts: LiveAttempt[] } {
  const store = useContext(LiveContext);
  if (!store) throw new Error('useLiveAttempts outside <LiveAttemptsProvider>');
  const attempts = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return { store, attempts };
}
