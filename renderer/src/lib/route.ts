// Hash routing: #/today, #/profiles, #/profiles/new, #/profiles/<id>, #/history, #/history/<id>,
// #/settings. Hash URLs work the same from file:// in Electron and from the headless server.
// #/today?compact=1 is the small Today for the tray's companion window; #/profiles/new?from=<id>
// starts a new profile as a copy of another.
import { useEffect, useState } from 'react';

export type Tab = 'today' | 'profiles' | 'history' | 'settings';
export interface Route {
  tab: Tab;
  id?: string;
  /** The compact Today (tray companion window). */
  compact?: boolean;
  /** New profile: the profile to copy. */
  from?: string;
}

export function parseRoute(hash: string): Route {
  // A query after the path (#/history?outcome=failed) holds view filters, not the route.
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [tab, id] = path.split('/').map((s) => safeDecode(s));
  const t: Tab = tab === 'profiles' || tab === 'history' || tab === 'settings' ? tab : 'today';
  const q = new URLSearchParams(query);
  return {
    tab: t,
    ...(id ? { id } : {}),
    ...(t === 'today' && q.get('compact') === '1' ? { compact: true } : {}),
    ...(t === 'profiles' && id === 'new' && q.get('from') ? { from: q.get('from')! } : {}),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
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
