// How the scripted fake models read a step prompt: the goal, recent actions, notices and the snapshot's elements.
export interface Element { role: string; name: string; ref: string; attrs: string[]; value?: string }

export interface StepView {
  goal: string;
  want: { date?: string; time?: string; lane?: string; anyLane: boolean };
  history: string[];
  notices: string[];
  snapshot: string;
  elements: Element[];
  /** True for the bookings-extraction prompt of verify() rather than a booking step. */
  extraction: boolean;
  /** The secret placeholders the prompt offers, as written: "{{username}}". */
  secrets: string[];
}

const EL = /\b(button|link|radio|checkbox|textbox|searchbox|combobox|option|tab|menuitem|clickable|spinbutton|switch) "((?:[^"\\]|\\.)*)"((?: \[[^\]]+\])*)(?::\s*([^|\n]*))?/g;

export function elements(snapshot: string): Element[] {
  const out: Element[] = [];
  for (const m of snapshot.matchAll(EL)) {
    const attrs = [...(m[3] ?? '').matchAll(/\[([^\]]+)\]/g)].map((a) => a[1]!);
    const ref = attrs.find((a) => a.startsWith('ref='))?.slice(4);
    if (!ref) continue;
    out.push({ role: m[1]!, name: JSON.parse(`"${m[2]!}"`) as string, ref, attrs: attrs.filter((a) => !a.startsWith('ref=')), ...(m[4] ? { value: m[4].trim() } : {}) });
  }
  return out;
}

function section(text: string, start: string, end: RegExp): string {
  const i = text.indexOf(start);
  if (i < 0) return '';
  const rest = text.slice(i + start.length);
  const j = rest.search(end);
  return j < 0 ? rest : rest.slice(0, j);
}

export function readStep(userMessage: string): StepView {
  const goal = /^GOAL: (.*)$/m.exec(userMessage)?.[1] ?? '';
  const snapshot = section(userMessage, '<snapshot>\n', /\n<\/snapshot>/);
  const history = section(userMessage, 'RECENT ACTIONS:', /\n\n/).split('\n').map((l) => l.trim()).filter((l) => /^\d+\./.test(l));
  const notices = section(userMessage, 'NOTICES FROM THE BROWSER:\n', /\n\n/).split('\n').map((l) => l.replace(/^- /, '').trim()).filter(Boolean);
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(goal)?.[1] ?? spelledDate(goal);
  const time = /\b(\d{2}:\d{2})\b/.exec(goal)?.[1];
  const lane = /\blane (\d+)\b/i.exec(goal)?.[1];
  return {
    goal,
    want: { date, time, lane, anyLane: /any lane|otherwise|fallback/i.test(goal) },
    history,
    notices,
    snapshot,
    elements: elements(snapshot),
    extraction: /List every booking/.test(userMessage),
    secrets: (/^Secrets available as placeholders: (.*)$/m.exec(userMessage)?.[1] ?? '').match(/\{\{\w+\}\}/g) ?? [],
  };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The ways a page may print a date: "Wednesday 2 December 2026", "Wednesday 2 December", "Wed 2 Dec". */
export function dateForms(iso: string): { long: string; dayMonth: string; short: string } {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const wd = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  const month = MONTHS[m - 1]!;
  return { long: `${wd} ${d} ${month} ${y}`, dayMonth: `${wd} ${d} ${month}`, short: `${wd.slice(0, 3)} ${d} ${month.slice(0, 3)}` };
}

/** "Tuesday 1 December 2026" → 2026-12-01, for goals rendered without an ISO date. */
function spelledDate(text: string): string | undefined {
  const m = /\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b/.exec(text);
  if (!m) return undefined;
  return `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}
