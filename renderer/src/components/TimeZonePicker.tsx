// A searchable time zone picker over the zones this browser knows (Intl.supportedValuesOf): type any
// part of a name ("new york", "berlin", "kolkata"), pick with the mouse or the arrow keys and Enter.
// An ARIA combobox: the list is announced, and the value stays a plain IANA name the schema checks.
import { useMemo, useState, type InputHTMLAttributes } from 'react';

const MAX_SHOWN = 40;

// Browsers list some zones by their old names (Asia/Calcutta, Europe/Kiev); people search for today's.
const CURRENT_NAMES = ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Yangon', 'America/Nuuk', 'Atlantic/Faroe', 'Pacific/Kanton'];

function accepted(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function timeZones(): string[] {
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    /* an old engine: the current names and UTC below still work */
  }
  const extra = [...CURRENT_NAMES, 'UTC'].filter((z) => !all.includes(z) && accepted(z));
  return [...all, ...extra].sort();
}

const words = (s: string) => s.toLowerCase().replace(/[_/]+/g, ' ').split(/\s+/).filter(Boolean);

/** Zones whose name contains every typed word, best (name starts with the query) first. */
export function searchZones(zones: string[], query: string): string[] {
  const q = words(query);
  if (!q.length) return zones;
  const hits = zones.filter((z) => {
    const w = words(z).join(' ');
    return q.every((part) => w.includes(part));
  });
  const typed = q.join(' ');
  const rank = (z: string) => (words(z.split('/').at(-1) ?? z).join(' ').startsWith(typed) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** "UTC+01:00"-style offset of a zone right now, for telling similar names apart. */
function offset(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName');
    return part?.value.replace(/^GMT/, 'UTC') || '';
  } catch {
    return '';
  }
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'> & { id: string };

export function TimeZonePicker({ value, onChange, onCommit, inputProps }: { value: string; onChange: (zone: string) => void; onCommit?: (zone: string) => void; inputProps: InputProps }) {
  const zones = useMemo(timeZones, []);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = `${inputProps.id}-list`;
  const matches = useMemo(() => (open ? searchZones(zones, zones.includes(value) ? '' : value).slice(0, MAX_SHOWN) : []), [open, zones, value]);

  function choose(zone: string) {
    onChange(zone);
    setOpen(false);
    onCommit?.(zone);
  }

  return (
    <div className="combo">
      <input
        {...inputProps}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        value={value}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={(e) => {
          setOpen(false);
          onCommit?.(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && open && matches[active]) {
            e.preventDefault();
            choose(matches[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && matches.length > 0 && (
        <ul className="combo__list" id={listId} role="listbox" aria-label="Time zones">
          {matches.map((z, i) => (
            <li
              key={z}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'combo__option combo__option--active' : 'combo__option'}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(z);
              }}
            >
              <span>{z.replace(/_/g, ' ')}</span> <span className="muted">{offset(z)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
