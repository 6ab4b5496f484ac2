// The placeholders a profile's instructions may use, and their rendering for a target date.
// Single braces are dates (filled in here); double braces are secrets, left for the agent to
// substitute at the last moment so their values never reach the model.
import { format, parseISO } from 'date-fns';

export interface PlaceholderDoc {
  name: string;
  meaning: string;
  example: string;
}

const FORMATS: Record<string, { pattern: string; meaning: string }> = {
  date: { pattern: 'EEEE d MMMM yyyy', meaning: 'the target date in words' },
  weekday: { pattern: 'EEEE', meaning: 'weekday of the target date' },
  day: { pattern: 'd', meaning: 'day of the month' },
  dd: { pattern: 'dd', meaning: 'day of the month, two digits' },
  month: { pattern: 'MMMM', meaning: 'month name' },
  mon: { pattern: 'MMM', meaning: 'short month name' },
  mm: { pattern: 'MM', meaning: 'month number, two digits' },
  year: { pattern: 'yyyy', meaning: 'four-digit year' },
  iso: { pattern: 'yyyy-MM-dd', meaning: 'ISO date' },
  dmy: { pattern: 'dd/MM/yyyy', meaning: 'day/month/year' },
  mdy: { pattern: 'MM/dd/yyyy', meaning: 'month/day/year' },
};

export const PLACEHOLDER_NAMES = Object.keys(FORMATS);

export function placeholderDocs(exampleTarget = '2026-12-05'): PlaceholderDoc[] {
  const d = parseISO(exampleTarget);
  return Object.entries(FORMATS).map(([name, f]) => ({ name: `{${name}}`, meaning: f.meaning, example: format(d, f.pattern) }));
}

// {name} not preceded or followed by another brace: {{secret}} stays untouched.
const SINGLE = /(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g;
const SECRET = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** Unknown single-brace placeholders, for a validation error that names them. */
export function unknownPlaceholders(text: string): string[] {
  const bad = new Set<string>();
  for (const m of text.matchAll(SINGLE)) if (!(m[1]! in FORMATS)) bad.add(`{${m[1]}}`);
  return [...bad];
}

export function secretPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(SECRET)].map((m) => m[1]!))];
}

/** Renders date placeholders for `targetDate` (yyyy-MM-dd). Unknown ones are an error. */
export function renderInstructions(text: string, targetDate: string): string {
  const unknown = unknownPlaceholders(text);
  if (unknown.length) throw new Error(`Unknown placeholder ${unknown.join(', ')} — use one of ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ')}`);
  const d = parseISO(targetDate);
  return text.replace(SINGLE, (_, name: string) => format(d, FORMATS[name]!.pattern));
}
