// Hash routing: #/today, #/profiles, #/profiles/new, #/profiles/<id>, #/history, #/history/<id>,
// #/settings. Hash URLs work the same from file:// in Electron and from the headless server.
import { useEffect, useState } from 'react';

export type Tab = 'today' | 'profiles' | 'history' | 'settings';
export interface Route {
  tab: Tab;
  id?: string;
}

export function parseRoute(hash: string): Route {
  const [tab, id] = hash.replace(/^#\/?/, '').split('/').map((s) => decodeURIComponent(s));
  const t: Tab = tab === 'profiles' || tab === 'history' || tab === 'settings' ? tab : 'today';
  return id ? { tab: t, id } : { tab: t };
}

export function href(tab: Tab, id?: string): string {
  return `#/${tab}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

export function navigate(tab: Tab, id?: string): void {
  window.location.hash = href(tab, id);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
