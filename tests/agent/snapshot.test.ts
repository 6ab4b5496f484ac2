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
