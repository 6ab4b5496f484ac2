// The headless service's API token in the browser. `lanebot serve` prints a link whose fragment
// holds it (`/#token=…`): a fragment is never sent to any server, and a cookie would be (cookies
// ignore ports, so every other server on 127.0.0.1 would get it). The token moves to sessionStorage —
// this origin (scheme, host and port) and this tab only — and the fragment is removed from the
// address bar and history before the app's hash router reads it.
const KEY = 'lanebot.token';
const FRAGMENT = /^#token=([A-Za-z0-9_-]{16,200})$/;

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Takes the token from the link's fragment (once), else from this tab's sessionStorage. */
export function takeToken(place: TokenPlace | undefined = browserPlace()): string | undefined {
  if (!place) return undefined;
  const m = FRAGMENT.exec(place.location.hash);
  if (m) {
    try {
      place.storage.setItem(KEY, m[1]!);
    } catch {
      /* storage refused (private mode quota): the token still works for this page */
    }
    place.history.replaceState(place.history.state, '', `${place.location.pathname}${place.location.search}`);
    return m[1]!;
  }
  try {
    return place.storage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function browserPlace(): TokenPlace | undefined {
  if (typeof window === 'undefined') return undefined;
  try {
    return { location: window.location, history: window.history, storage: window.sessionStorage };
  } catch {
    return undefined;
  }
}
