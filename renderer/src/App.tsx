// The window: a header with the four tabs, the "open the printed link" banner when the HTTP
// service refuses us, and the current view. The compact Today (#/today?compact=1, the tray's small
// companion window) keeps only the brand and a link to the full window.
import { useEffect, useRef } from 'react';
import type { LanebotApi } from '../../shared/contract';
import { ApiProvider, useApiState } from './api/context';
import { UNAUTHORIZED_TEXT } from './api/errors';
import { LiveAttemptsProvider } from './lib/live-context';
import { href, useRoute, type Route } from './lib/route';
import { Words } from './lib/text';
import { HistoryView } from './views/HistoryView';
import { ProfilesView } from './views/ProfilesView';
import { SettingsView } from './views/SettingsView';
import { TodayView } from './views/TodayView';

const TABS: { tab: Route['tab']; label: string }[] = [
  { tab: 'today', label: 'Today' },
  { tab: 'profiles', label: 'Profiles' },
  { tab: 'history', label: 'History' },
  { tab: 'settings', label: 'Settings' },
];

export function App({ api }: { api: LanebotApi }) {
  return (
    <ApiProvider api={api}>
      <LiveAttemptsProvider>
        <Shell />
      </LiveAttemptsProvider>
    </ApiProvider>
  );
}

function Shell() {
  const route = useRoute();
  const { unauthorized } = useApiState();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Move focus to the new view so keyboard and screen-reader users land on its heading.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [route.tab, route.id]);

  return (
    <div className={`app ${route.compact ? 'app--compact' : ''}`}>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            ≋
          </span>{' '}
          <span className="brand__name">Lanebot</span>
        </span>
        {route.compact ? (
          <a className="topbar__open" href={href('today')}>
            Open Lanebot
          </a>
        ) : (
          <nav aria-label="Main">
            <ul className="tabs">
              {TABS.map((t) => (
                <li key={t.tab}>
                  <a className="tab" href={href(t.tab)} aria-current={route.tab === t.tab ? 'page' : undefined}>
                    {t.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      {unauthorized && (
        <div className="banner banner--error" role="alert">
          <strong>Not signed in.</strong> <Words text={UNAUTHORIZED_TEXT} />
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <View route={route} />
      </main>
    </div>
  );
}

function View({ route }: { route: Route }) {
  const { tab, id } = route;
  switch (tab) {
    case 'profiles':
      return <ProfilesView key={`${id ?? 'list'}:${route.from ?? ''}`} id={id} from={route.from} />;
    case 'history':
      return <HistoryView key={id ?? 'list'} id={id} />;
    case 'settings':
      return <SettingsView />;
    default:
      return <TodayView compact={route.compact} />;
  }
}
