// Unit: parsing and trimming AI aria snapshots (pure functions on fixture strings).
import { describe, expect, it } from 'vitest';
import { estimateTokens, indexRefs, parseSnapshot, trimSnapshot } from '../../agent/page/snapshot';

const LOGIN = `- generic [active] [ref=e1]:
  - banner [ref=e3]:
    - link "Riverside Leisure Centre Pool · Gym · Courts" [ref=e4] [cursor=pointer]:
      - /url: /
      - generic [ref=e9]:
        - text: Riverside Leisure Centre
        - generic [ref=e10]: Pool · Gym · Courts
  - main [ref=e13]:
    - heading "Member login" [level=1] [ref=e15]
    - paragraph [ref=e16]: Sign in to book lanes.
    - generic [ref=e17]:
      - generic [ref=e18]:
        - generic [ref=e19]: Username
        - textbox "Username" [ref=e20]: alex
      - checkbox "Remember me" [checked] [ref=e21]
      - combobox "Centre" [ref=e22]:
        - option "North"
        - option "South" [selected]
      - button "Log in" [disabled] [ref=e24] [cursor=pointer]
  - dialog "Confirm your booking" [ref=e30]:
    - paragraph [ref=e31]: Lane 3 at 07:00.
    - button "Confirm" [ref=e32]
  - iframe [ref=e40]:
    - button "Inside frame" [ref=f1e2]
    - 'button "Cancel booking: Lane 3 at 07:00" [ref=f1e3] [cursor=pointer]': Cancel`;

function grid(rows: number): string {
  const lines = ['- table "Lanes" [ref=e1]:', '  - rowgroup [ref=e2]:'];
  for (let i = 0; i < rows; i++) {
    const t = `${String(6 + (i % 16)).padStart(2, '0')}:${i < 16 ? '00' : '30'}`;
    lines.push(`    - row "${t} Book Book" [ref=r${i}]:`, `      - rowheader "${t}" [ref=h${i}]`);
    for (const lane of [1, 2, 3]) lines.push(`      - cell [ref=c${i}${lane}]:`, `        - button "Book Lane ${lane} at ${t}" [ref=e${100 + i * 3 + lane}] [cursor=pointer]: Book`);
  }
  return lines.join('\n');
}

describe('parseSnapshot', () => {
  it('reads roles, names, states, refs, inline values, frames and YAML-quoted keys', () => {
    const refs = indexRefs(parseSnapshot(LOGIN));
    expect(refs.get('e20')).toEqual({ role: 'textbox', name: 'Username' });
    expect(refs.get('e24')).toEqual({ role: 'button', name: 'Log in' });
    expect(refs.get('f1e2')).toEqual({ role: 'button', name: 'Inside frame' });
    expect(refs.get('f1e3')).toEqual({ role: 'button', name: 'Cancel booking: Lane 3 at 07:00' });
    const tree = parseSnapshot(LOGIN);
    expect(tree[0]!.attrs['active']).toBe(true);
    expect(tree[0]!.children[0]!.children[0]!.url).toBe('/');
  });
});

describe('trimSnapshot', () => {
  it('keeps controls with their state and value, headings, dialogs and frames; drops wrappers, urls and echo text', () => {
    const { text } = trimSnapshot(LOGIN);
    expect(text).toContain('textbox "Username" [ref=e20]: alex');
    expect(text).toContain('checkbox "Remember me" [checked] [ref=e21]');
    expect(text).toContain('option "South" [selected]');
    expect(text).toContain('button "Log in" [disabled] [ref=e24]');
    expect(text).toContain('heading "Member login" [level=1]');
    expect(text).toMatch(/dialog "Confirm your booking":\n\s+- Lane 3 at 07:00\.\n\s+- button "Confirm" \[ref=e32\]/);
    expect(text).toContain('button "Inside frame" [ref=f1e2]');
    expect(text).toContain('button "Cancel booking: Lane 3 at 07:00" [ref=f1e3]');
    // Noise that costs tokens and says nothing new:
    expect(text).not.toContain('/url');
    expect(text).not.toContain('cursor=pointer');
    expect(text).not.toContain('[ref=e13]'); // refs of non-interactive nodes
    expect(text).not.toMatch(/^\s*- Username$/m); // the label echoes the textbox name
    expect(text).not.toContain('generic');
  });

  it('puts a row of leaves on one line', () => {
    const { text } = trimSnapshot(grid(2));
    expect(text).toContain('- row: 06:00 | button "Book Lane 1 at 06:00" [ref=e101] | button "Book Lane 2 at 06:00" [ref=e102] | button "Book Lane 3 at 06:00" [ref=e103]');
    expect(text).not.toContain(': Book'); // the visible "Book" is already in the accessible name
  });

  it('within budget, nothing is cut', () => {
    const r = trimSnapshot(grid(20), { maxTokens: 5000 });
    expect(r.cuts).toEqual([]);
    expect(r.text.match(/- row:/g)).toHaveLength(20);
    expect(r.tokens).toBe(estimateTokens(r.text));
    expect(r.rawTokens).toBe(estimateTokens(grid(20)));
    expect(r.tokens).toBeLessThan(r.rawTokens);
  });

  it('over budget, long lists keep their first rows plus the rows matching the keywords, and say how many were cut', () => {
    const r = trimSnapshot(grid(32), { maxTokens: 400, keywords: ['07:30', 'Lane 3 at 07:30'] });
    expect(r.tokens).toBeLessThanOrEqual(400);
    expect(r.text).toContain('button "Book Lane 3 at 07:30"');
    expect(r.text).toMatch(/… \d+ more rows cut/);
    const kept = r.text.match(/- row:/g)!.length;
    const cutNumbers = [...r.text.matchAll(/… (\d+) more rows cut/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(kept + cutNumbers).toBe(32);
    expect(r.cuts.join(' ')).toMatch(/list rows\/items cut/);
  });

  it('as a last resort cuts lines at the end and says so, never exceeding the budget', () => {
    const huge = Array.from({ length: 400 }, (_, i) => `- button "Action number ${i} with a fairly long accessible name" [ref=e${i}]`).join('\n');
    const r = trimSnapshot(huge, { maxTokens: 300 });
    expect(r.tokens).toBeLessThanOrEqual(300);
    expect(r.text).toMatch(/… \d+ more (?:lines|items) cut/);
  });
});

/** A LibreBooking-like schedule: one table per day, a header row of plain cells, role-less empty slot cells. */
function dayTable(date: string, refBase: number): string {
  const times = ['6:00 AM', '7:00 AM', '8:00 AM'];
  const lines = ['- table [ref=t' + refBase + ']:', '  - rowgroup:', '    - row:', `      - cell "${date}" [ref=h${refBase}]`];
  for (const t of times) lines.push(`      - cell "${t}" [ref=h${refBase}${t.length}]`);
  for (const lane of [1, 2, 3]) {
    lines.push('    - row:', `      - cell [ref=c${refBase}${lane}0]:`, `        - link "Lane ${lane}" [ref=l${refBase}${lane}] [cursor=pointer]`);
    times.forEach((_, i) => lines.push(`      - cell [ref=c${refBase}${lane}${i + 1}]`));
  }
  return lines.join('\n');
}
const BOOKED = [dayTable('Monday, 11/30/2026', 1), dayTable('Tuesday, 12/01/2026', 2)].join('\n');
const WANT = { date: '2026-12-01', time: '07:00', lane: '3' };

describe('trimSnapshot: table cells and the wanted booking', () => {
  it('keeps refs for the empty slot cells at the wanted time on the wanted date, each with its row and column header', () => {
    const { text } = trimSnapshot(BOOKED, { want: WANT });
    expect(text).toContain('cell [ref=c232] (Tuesday, 12/01/2026: Lane 3 × 7:00 AM)');
    expect(text).toContain('cell [ref=c212] (Tuesday, 12/01/2026: Lane 1 × 7:00 AM)');
    // Not the other times, not the other day's table.
    expect(text).not.toContain('c231');
    expect(text).not.toMatch(/\[ref=c1\d+\]/);
    // Without a wanted booking, role-less cells stay out (as before).
    expect(trimSnapshot(BOOKED).text).not.toMatch(/cell \[ref=/);
  });

  it('annotates identical controls in a grid with their row and column headers (MRBS), not controls that say it already', () => {
    const raw = [
      '- table [ref=e1]:', '  - rowgroup:', '    - row:', '      - columnheader "Time"',
      '      - columnheader "Lane 1":', '        - link "Lane 1" [ref=e2] [cursor=pointer]', '      - columnheader "Lane 2":', '        - link "Lane 2" [ref=e3] [cursor=pointer]',
      '    - row:', '      - rowheader "07:00":', '        - link "07:00" [ref=e4] [cursor=pointer]',
      '      - cell:', '        - link "Create a new booking" [ref=e5] [cursor=pointer]', '      - cell:', '        - button "Bahn 2 um 07:00 Uhr buchen" [ref=e6]',
    ].join('\n');
    const { text } = trimSnapshot(raw, { want: WANT });
    expect(text).toContain('link "Create a new booking" [ref=e5] (07:00 × Lane 1)');
    expect(text).toContain('button "Bahn 2 um 07:00 Uhr buchen" [ref=e6]');
    expect(text).not.toMatch(/\[ref=e6\] \(/);
  });

  it('gives events in a resource grid (FullCalendar) their column header, the header row having no corner cell', () => {
    const raw = [
      '- grid [ref=g1]:', '  - rowgroup:', '    - row:', '      - columnheader "Ligne 1"', '      - columnheader "Ligne 2"',
      '  - rowgroup:', '    - generic:', '      - table [aria-hidden] [ref=t9]:', '        - row:', '          - cell:', '            - generic: 07:00', '          - cell [ref=t10]',
      '      - row:',
      '        - gridcell "07:00 - 08:00 Libre" [ref=c1]:', '          - generic [ref=v1] [cursor=pointer]:', '            - generic: 07:00 - 08:00', '            - generic: Libre',
      '        - gridcell "07:00 - 08:00 Complet" [ref=c2]:', '          - generic [ref=v2] [cursor=pointer]:', '            - generic: 07:00 - 08:00', '            - generic: Complet',
    ].join('\n');
    const { text } = trimSnapshot(raw, { want: WANT });
    expect(text).toMatch(/clickable \[ref=v1\] \(Ligne 1\)/);
    expect(text).toMatch(/clickable \[ref=v2\] \(Ligne 2\)/);
    expect(text).not.toContain('t10'); // the hidden time axis is no slot
  });

  it('keeps a date-picker day named with the wanted date as something to click', () => {
    const raw = ['- generic [ref=p1]:', '  - generic "Dezember 1, 2026" [ref=d1]: "1"', '  - generic "Dezember 2, 2026" [ref=d2]: "2"'].join('\n');
    const { text } = trimSnapshot(raw, { want: WANT });
    expect(text).toContain('clickable "Dezember 1, 2026" [ref=d1]');
    expect(text).not.toContain('[ref=d2]');
  });

  it('under a tight budget, still keeps the controls that name the wanted booking, wherever they are', () => {
    const week = Array.from({ length: 7 }, (_, i) => dayTable(`${['Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Monday', 'Tuesday'][i]}, ${i < 5 ? `11/${25 + i}` : i === 5 ? '11/30' : '12/01'}/2026`, i + 1)).join('\n');
    const r = trimSnapshot(week, { maxTokens: 150, want: WANT });
    expect(r.tokens).toBeLessThanOrEqual(150);
    expect(r.text).toContain('[ref=c732] (Tuesday, 12/01/2026: Lane 3 × 7:00 AM)');
  });
});
