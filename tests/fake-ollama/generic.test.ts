// Unit: the generic fake model's choices on compact-snapshot fixtures shaped like the venue sites — it must
// choose by matching the goal's date, time and lane alone (no site names, no URLs), and read outcomes.
import { describe, expect, it } from 'vitest';
import { freshMemory, genericAction, parseCompact, type GenericMemory } from './generic';
import { readStep } from './read';

const GOAL = 'Book Lane 3 at 07:00 on Tuesday 1 December 2026 (2026-12-01); otherwise any lane at 07:00.';

function step(snapshot: string, history: string[] = [], goal = GOAL): string {
  return [
    `GOAL: ${goal}`,
    'Secrets available as placeholders: {{username}}, {{password}}',
    'Steps left: 20',
    '',
    'RECENT ACTIONS:',
    history.length ? history.map((h, i) => `${i + 1}. ${h}`).join('\n') : '(none yet)',
    '',
    'CURRENT PAGE: "x" /x',
    '<snapshot>',
    snapshot,
    '</snapshot>',
  ].join('\n');
}
const act = (snapshot: string, mem: GenericMemory = freshMemory(), history: string[] = [], goal?: string) => genericAction(readStep(step(snapshot, history, goal)), mem);

const BOOKED_WEEK = `- group:
  - link "Next week »" [ref=e30]
  - table:
    - row: Monday, 11/30/2026 | 6:00 AM | 7:00 AM
    - row: link "Lane 3" [ref=e40] | cell [ref=e41] (Monday, 11/30/2026: Lane 3 × 7:00 AM)
  - table:
    - row: Tuesday, 12/01/2026 | 6:00 AM | 7:00 AM
    - row: link "Lane 2" [ref=e50] | cell [ref=e51] (Tuesday, 12/01/2026: Lane 2 × 7:00 AM)
    - row: link "Lane 3" [ref=e60] | cell [ref=e61] (Tuesday, 12/01/2026: Lane 3 × 7:00 AM)`;

describe('parseCompact', () => {
  it('reads roles, names, refs, states, table places and one-line rows', () => {
    const nodes = parseCompact(`- row: 07:00 | link "Create a new booking" [ref=e5] (07:00 × Lane 1) | button "Book" [disabled] [ref=e6]\n- cell [ref=e7] (Tuesday, 12/01/2026: Lane 3 × 7:00 AM)`);
    const row = nodes[0]!;
    expect(row.children.map((c) => [c.role, c.name, c.ref, c.ctx, c.attrs])).toEqual([
      ['text', '', undefined, undefined, []],
      ['link', 'Create a new booking', 'e5', '07:00 × Lane 1', []],
      ['button', 'Book', 'e6', undefined, ['disabled']],
    ]);
    expect(nodes[1]).toMatchObject({ role: 'cell', ref: 'e7', ctx: 'Tuesday, 12/01/2026: Lane 3 × 7:00 AM' });
  });
});

describe('genericAction', () => {
  it('logs in: the user field with {{username}}, then the password, then the button', () => {
    const login = `- textbox "Benutzername" [ref=e1]\n- textbox "Passwort" [ref=e2]\n- button "Anmelden" [ref=e3]`;
    expect(act(login)).toEqual({ action: 'fill', ref: 'e1', value: '{{username}}' });
    expect(act(login, freshMemory(), ['fill e1 with "{{username}}" → ok: filled textbox "Benutzername"'])).toEqual({ action: 'fill', ref: 'e2', value: '{{password}}' });
    expect(act(login, freshMemory(), ['fill e1 with "{{username}}" → ok: filled', 'fill e2 with "{{password}}" → ok: filled'])).toEqual({ action: 'click', ref: 'e3' });
  });

  it('dismisses a cookie banner first', () => {
    expect(act(`- dialog "We use cookies":\n  - button "Accept all cookies" [ref=e9]\n- link "Book" [ref=e2]`)).toEqual({ action: 'click', ref: 'e9' });
  });

  it('clicks the role-less slot cell whose place is the wanted lane and time on the wanted date, not the same lane the day before', () => {
    expect(act(BOOKED_WEEK)).toEqual({ action: 'click', ref: 'e61' });
  });

  it('takes another lane at the wanted time when the goal allows it and the wanted lane is not offered', () => {
    const noLane3 = BOOKED_WEEK.split('\n').filter((l) => !l.includes('e61')).join('\n');
    expect(act(noLane3)).toEqual({ action: 'click', ref: 'e51' });
    expect(act(noLane3, freshMemory(), [], 'Book Lane 3 at 07:00 on Tuesday 1 December 2026 (2026-12-01).')).not.toMatchObject({ ref: 'e51' });
  });

  it('finds identical links by their table place, and never clicks a slot holding someone’s booking', () => {
    const mrbs = `- heading "Tuesday 01 December 2026" [level=2]
- row: rowheader "07:00" | link "Create a new booking" [ref=e70] (07:00 × Lane 1) | link "Sam P." [ref=e71] (07:00 × Lane 3) | link "Create a new booking" [ref=e72] (07:00 × Lane 4)`;
    expect(act(mrbs)).toEqual({ action: 'click', ref: 'e70' });
  });

  it('reads a session card by what surrounds its bare "Book" button, on the date the page shows', () => {
    const cards = `- heading "Sessions on Tue 12/01/2026" [level=2]
- group:
  - group:
    - Lap Swim · Lane 3
    - 6:00 AM – 7:00 AM
    - button "Book" [ref=e10]
  - group:
    - Lap Swim · Lane 3
    - 7:00 AM – 8:00 AM
    - Full
    - button "Book" [disabled] [ref=e11]
  - group:
    - Lap Swim · Lane 4
    - 7:00 AM – 8:00 AM
    - 2 spaces left
    - button "Book" [ref=e12]`;
    expect(act(cards)).toEqual({ action: 'click', ref: 'e12' });
    // The same cards under another day's heading are not the wanted date.
    expect(act(cards.replace('12/01/2026', '11/24/2026'))).not.toMatchObject({ ref: 'e12' });
  });

  it('moves towards the wanted date: a day named with it, next week, the next month, the date picker', () => {
    expect(act(`- heading "Tuesday 24 November 2026"\n- button "Mon 30 Nov" [ref=e1]\n- button "Tue 1 Dec" [ref=e2]`)).toEqual({ action: 'click', ref: 'e2' });
    expect(act(`- group:\n  - link "« Previous week" [ref=e1]\n  - 11/24/2026 - 11/30/2026\n  - link "Next week »" [ref=e2]`)).toEqual({ action: 'click', ref: 'e2' });
    expect(act(`- button "Go to the Next Month" [ref=e25]\n- grid "November 2026":\n  - row: button "Monday, November 30th, 2026" [ref=e3]`)).toEqual({ action: 'click', ref: 'e25' });
    const picker = `- heading "Dienstag, 24. November 2026" [level=2]\n- link "Nächster Tag »" [ref=e9]\n- textbox "Datum wählen" [ref=e5]: 24.11.2026`;
    const mem = freshMemory();
    expect(act(picker, mem)).toEqual({ action: 'click', ref: 'e5' });
    expect(act(`${picker}\n- clickable "Dezember 1, 2026" [ref=e99]`, mem)).toEqual({ action: 'click', ref: 'e99' });
    // Without a picker, the next day.
    expect(act(`- heading "Dienstag, 24. November 2026" [level=2]\n- link "Nächster Tag »" [ref=e9]`)).toEqual({ action: 'click', ref: 'e9' });
  });

  it('confirms in the dialog that opens for the chosen slot (the first of two identical buttons), then reads the answer', () => {
    const mem = freshMemory();
    const page = `- heading "1 décembre 2026" [level=2]\n- clickable [ref=e1] (Ligne 3):\n  - 07:00 - 08:00\n  - Libre`;
    expect(act(page, mem)).toEqual({ action: 'click', ref: 'e1' });
    const dialog = `${page}\n- dialog "Réserver un créneau":\n  - combobox "Début" [ref=e5]:\n    - option "07:00" [selected]\n  - button "Annuler" [ref=e6]\n  - button "Confirmer la réservation" [ref=e7]\n  - button "Confirmer la réservation" [ref=e8]`;
    expect(act(dialog, mem)).toEqual({ action: 'click', ref: 'e7' });
    expect(act(`${page}\n- dialog:\n  - heading "Réservation confirmée" [level=2]\n  - button "Fermer" [ref=e9]`, mem)).toMatchObject({ action: 'done' });
  });

  it('sets the start time when the form shows another, and gives up honestly when the venue refuses', () => {
    const mem = freshMemory();
    const page = `- heading "Dienstag, 1. Dezember 2026"\n- button "Bahn 3 um 07:00 Uhr buchen" [ref=e1]`;
    expect(act(page, mem)).toEqual({ action: 'click', ref: 'e1' });
    expect(act(`${page}\n- dialog "Buchung":\n  - combobox "Beginn" [ref=e4]:\n    - option "06:00" [selected]\n    - option "07:00"\n  - button "Verbindlich buchen" [ref=e5]`, mem)).toEqual({ action: 'select', ref: 'e4', value: '07:00' });
    expect(act(`${page}\n- dialog "Buchung":\n  - combobox "Beginn" [ref=e4]:\n    - option "07:00" [selected]\n  - button "Verbindlich buchen" [ref=e5]`, mem)).toEqual({ action: 'click', ref: 'e5' });
    const refused = act(`${page}\n- dialog:\n  - heading "Buchung nicht möglich"\n  - button "Schließen" [ref=e9]`, mem, [], 'Book Lane 3 at 07:00 on Tuesday 1 December 2026.');
    expect(refused).toMatchObject({ action: 'fail' });
  });

  it('tries another lane after "taken", but stops at "you already have a booking" (another lane would be a second booking)', () => {
    const page = `- heading "Dienstag, 1. Dezember 2026"\n- row: 07:00 Uhr | button "Bahn 3 um 07:00 Uhr buchen" [ref=e1] | button "Bahn 4 um 07:00 Uhr buchen" [ref=e2]`;
    const answer = (text: string) => `${page}\n- dialog:\n  - heading "Buchung nicht möglich"\n  - ${text}\n  - button "Schließen" [ref=e9]`;
    const taken = freshMemory();
    act(page, taken);
    taken.stage = 'confirmed';
    expect(act(answer('Dieser Platz ist leider bereits vergeben.'), taken)).toEqual({ action: 'click', ref: 'e2' });
    const already = freshMemory();
    act(page, already);
    already.stage = 'confirmed';
    expect(act(answer('Sie haben für diesen Tag bereits eine Buchung.'), already)).toMatchObject({ action: 'fail' });
  });

  it('knows a silent booking by the chosen slot now showing something else', () => {
    const mem = freshMemory();
    const day = (cell: string) => `- heading "Tuesday 01 December 2026" [level=2]\n- row: rowheader "07:00" | ${cell}`;
    expect(act(day('link "Create a new booking" [ref=e74] (07:00 × Lane 3)'), mem)).toEqual({ action: 'click', ref: 'e74' });
    expect(act('- heading "Add Entry"\n- button "Save" [ref=e52]', mem)).toEqual({ action: 'click', ref: 'e52' });
    expect(act(day('link "Alex M." [ref=e90] (07:00 × Lane 3)'), mem)).toMatchObject({ action: 'done' });
  });
});
