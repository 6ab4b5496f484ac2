// The profiles list (with duplicate and delete) and the editor for a new, copied or existing profile.
// The editor's heading follows the saved profile: "New profile" only until the first Save.
import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { useApi, useCall } from '../api/context';
import { listTimes, WEEKDAY_SHORT, WEEKDAYS } from '../lib/format';
import { href } from '../lib/route';
import { ProfileForm } from './ProfileForm';

export function ProfilesView({ id, from }: { id?: string; from?: string }) {
  if (id === 'new') return from ? <CopyEditor from={from} /> : <NewEditor />;
  if (id) return <ProfileEditor id={id} />;
  return <ProfileList />;
}

function Back() {
  return (
    <a className="back" href={href('profiles')}>
      ← Profiles
    </a>
  );
}

function NewEditor() {
  const [saved, setSaved] = useState<string>();
  return (
    <div>
      <Back />
      <h1>{saved ?? 'New profile'}</h1>
      <ProfileForm onSaved={(p) => setSaved(p.name)} />
    </div>
  );
}

function CopyEditor({ from }: { from: string }) {
  const list = useCall('profiles.list', {});
  const [saved, setSaved] = useState<string>();
  const source = list.data?.find((p) => p.id === from);
  return (
    <div>
      <Back />
      <h1>{saved ?? (source ? `New profile: a copy of ${source.name}` : 'New profile')}</h1>
      {list.error && <p className="error-text">Could not load the profile to copy: {list.error.message}</p>}
      {list.data && !source && <p className="error-text">There is no profile with id {from} to copy. It may have been deleted.</p>}
      {source && (
        <>
          <p className="muted">Everything is copied except the login: type the username and password for this copy.</p>
          <ProfileForm copyOf={source} onSaved={(p) => setSaved(p.name)} />
        </>
      )}
      {!list.data && !list.error && <p className="muted">Loading…</p>}
    </div>
  );
}

function ProfileEditor({ id }: { id: string }) {
  const list = useCall('profiles.list', {});
  const [saved, setSaved] = useState<string>();
  const profile = list.data?.find((p) => p.id === id);
  return (
    <div>
      <Back />
      {list.error && <p className="error-text">Could not load the profile: {list.error.message}</p>}
      {list.data && !profile && <p className="error-text">There is no profile with id {id}. It may have been deleted.</p>}
      {profile && (
        <>
          <h1>{saved ?? profile.name}</h1>
          <ProfileForm key={profile.id} initial={profile} onSaved={(p) => setSaved(p.name)} />
        </>
      )}
      {!list.data && !list.error && <p className="muted">Loading…</p>}
    </div>
  );
}

function days(p: ProfileView): string {
  const on = WEEKDAYS.filter((d) => p.weekdays[d]?.book);
  return on.length === 7 ? 'every day' : on.length === 0 ? 'no days' : on.map((d) => WEEKDAY_SHORT[d]).join(', ');
}

function ProfileList() {
  const list = useCall('profiles.list', {}, { refreshOn: ['profiles-changed'] });
  return (
    <div>
      <header className="view-head">
        <h1>Profiles</h1>
        <a className="button button--primary" href={href('profiles', 'new')}>
          New profile
        </a>
      </header>
      {list.error && <p className="error-text">Could not load profiles: {list.error.message}</p>}
      {list.data?.length === 0 && (
        <section className="card empty">
          <h2>No profiles yet</h2>
          <p>One profile per person and venue: where to book, what, and on which days.</p>
        </section>
      )}
      <ul className="list">
        {list.data?.map((p) => <ProfileRow key={p.id} p={p} onDeleted={list.reload} />)}
      </ul>
    </div>
  );
}

function ProfileRow({ p, onDeleted }: { p: ProfileView; onDeleted: () => void }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  async function remove() {
    setError(undefined);
    try {
      await api.call('profiles.delete', { id: p.id });
      onDeleted();
    } catch (e) {
      setError((e as Error).message);
      setConfirming(false);
    }
  }
  let host = p.venue.startUrl;
  try {
    host = new URL(p.venue.startUrl).host;
  } catch {
    /* keep the raw text */
  }
  return (
    <li className="card profile-row" data-profile={p.id}>
      <div>
        <h2>
          <a href={href('profiles', p.id)}>{p.name}</a> {!p.enabled && <span className="badge badge--neutral">Off</span>}
        </h2>
        <p className="muted">
          {host} · books {days(p)}, {p.venue.daysAhead} days ahead · tries at {listTimes(p.attemptTimes)} ({p.venue.timeZone})
        </p>
        <p className="muted">
          Login:{' '}
          {p.secretNames.map((n) => (
            <span key={n}>
              {n} {p.secretsSaved[n] ? 'saved ✓' : 'not saved'}
              {'  '}
            </span>
          ))}
        </p>
        {error && <p className="error-text">Could not delete: {error}</p>}
      </div>
      <div className="profile-card__actions">
        {confirming ? (
          <>
            <span>Delete {p.name} and its saved login?</span>
            <button type="button" className="button button--danger" onClick={remove}>
              Yes, delete
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
              Keep
            </button>
          </>
        ) : (
          <>
            <a className="button" href={href('profiles', p.id)}>
              Edit
            </a>
            <a className="button button--quiet" href={`${href('profiles', 'new')}?from=${encodeURIComponent(p.id)}`} aria-label={`Duplicate ${p.name}`}>
              Duplicate
            </a>
            <button type="button" className="button button--quiet button--danger" onClick={() => setConfirming(true)} aria-label={`Delete ${p.name}`}>
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}
