// Finding a profile from what a person types on the command line: its id, its slug (the id
// without its random tail) or its name, ignoring case, accents, spaces and the kind of dash —
// "alex – lap swim", "Alex - Lap Swim" and "alex-lap-swim" all find "Alex – Lap swim".
import { printable } from './terminal-text';

export interface NamedProfile {
  id: string;
  name: string;
}

/** Lower-case ASCII words joined by single dashes; '' when nothing Latin is left. */
export function lookupKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The slug part of an id made by profiles.save: "alex-lap-swim-3f2a1c" → "alex-lap-swim". */
const slugOf = (id: string) => id.replace(/-[0-9a-f]{6}$/, '');

// Names and the query are printed to a terminal: controls and bidi characters are shown as escapes.
const listing = (ps: NamedProfile[]) => ps.map((p) => `"${printable(p.name)}" (${printable(p.id)})`).join(', ');

export class ProfileLookupError extends Error {}

export function findProfile<P extends NamedProfile>(profiles: P[], query: string): P {
  const q = query.trim();
  const exact = profiles.find((p) => p.id === q);
  if (exact) return exact;
  const key = lookupKey(q);
  // A name without Latin letters (e.g. "水泳") has no key: compare it as typed, ignoring case and spaces.
  const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const matches = key
    ? profiles.filter((p) => lookupKey(p.name) === key || p.id === key || slugOf(p.id) === key)
    : profiles.filter((p) => plain(p.name) === plain(q));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new ProfileLookupError(`"${printable(query)}" matches several profiles: ${listing(matches)}. Use the id.`);
  throw new ProfileLookupError(
    profiles.length ? `No profile "${printable(query)}". Profiles (name and id): ${listing(profiles)}.` : `No profile "${printable(query)}": there are no profiles yet. Add one in the UI (npx lanebot serve).`,
  );
}
