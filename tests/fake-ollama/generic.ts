// The "generic" scripted model: it knows no layout, no site name and no URL. It reads the goal (date, time,
// lane, secret placeholders) and the compact snapshot, and picks its one action per step only by matching:
// log in where it sees a password field, dismiss a cookie banner, click the control whose text (or place
// in a table) names the wanted date, time and lane, move towards the wanted date (a day in a date picker,
// next week, next month, next day), confirm in the dialog or form that opens, and answer done once the page
// newly says the booking was made (or the chosen slot now reads differently). Its words are plain English,
// German and French, as a small multilingual model's would be; nothing is keyed to one site's wording.
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { lanesIn, looksLikeDate, mentionsDate, timesIn } from '../../agent/page/want-forms';
import { json, lastUser, type Behaviour } from './behaviours';
import { readStep, type StepView } from './read';

type Action = Record<string, unknown>;

/** One line of the compact snapshot as a tree node. */
export interface GNode {
  role: string;
  name: string;
  ref?: string;
  attrs: string[];
  /** Where it sits in a table, as the snapshot annotates it: "(Lane 3 × 7:00 AM)". */
  ctx?: string;
  text: string;
  children: GNode[];
  parent?: GNode;
}

const ROLES = new Set([
  'button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton',
  'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'treeitem', 'option', 'clickable', 'cell', 'gridcell', 'row',
  'rowheader', 'columnheader', 'listitem', 'list', 'heading', 'dialog', 'alertdialog', 'alert', 'status', 'form', 'table',
  'grid', 'navigation', 'main', 'article', 'region', 'group', 'banner', 'contentinfo', 'iframe', 'radiogroup', 'tablist',
  'menu', 'paragraph', 'img', 'complementary', 'search', 'separator', 'text', 'strong', 'emphasis', 'code', 'time', 'figure',
]);
const HEAD = /^([a-z]+)(?: "((?:[^"\\]|\\.)*)")?((?: \[[^\]]+\])*)(?: \((.*?)\))?(?::(?: (.*))?)?$/;

function parseHead(body: string): GNode {
  const h = HEAD.exec(body.trim());
  if (!h || !ROLES.has(h[1]!)) return { role: 'text', name: '', attrs: [], text: body.trim(), children: [] };
  const attrs = [...(h[3] ?? '').matchAll(/\[([^\]]+)\]/g)].map((a) => a[1]!);
  const ref = attrs.find((a) => a.startsWith('ref='))?.slice(4);
  return {
    role: h[1]!,
    name: h[2] !== undefined ? (JSON.parse(`"${h[2]}"`) as string) : '',
    ...(ref ? { ref } : {}),
    attrs: attrs.filter((a) => !a.startsWith('ref=')),
    ...(h[4] ? { ctx: h[4] } : {}),
    text: (h[5] ?? '').trim(),
    children: [],
  };
}

/** The compact snapshot as a tree; rows written on one line ("row: 07:00 | button … | …") get their parts as children. */
export function parseCompact(snapshot: string): GNode[] {
  const root: GNode = { role: 'root', name: '', attrs: [], text: '', children: [] };
  const stack: { indent: number; node: GNode }[] = [{ indent: -1, node: root }];
  for (const line of snapshot.split('\n')) {
    const m = /^(\s*)- (.*)$/.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    let node: GNode;
    const row = /^(row|listitem)((?: "(?:[^"\\]|\\.)*")?): (.*\|.*|[^|]*)$/.exec(m[2]!);
    if (row && !/\[ref=/.test(m[2]!.split(':')[0]!)) {
      node = { role: row[1]!, name: row[2] ? (JSON.parse(row[2].trim()) as string) : '', attrs: [], text: '', children: [] };
      for (const part of row[3]!.split(' | ')) {
        const c = parseHead(part);
        c.parent = node;
        node.children.push(c);
      }
    } else {
      node = parseHead(m[2]!);
    }
    node.parent = parent;
    parent.children.push(node);
    stack.push({ indent, node });
  }
  return root.children;
}

function walk(nodes: GNode[], out: GNode[] = []): GNode[] {
  for (const n of nodes) {
    out.push(n);
    walk(n.children, out);
  }
  return out;
}

const textOf = (n: GNode): string => [n.name, n.ctx, n.text, ...n.children.map(textOf)].filter(Boolean).join(' · ');
const refsIn = (n: GNode): number => (n.ref ? 1 : 0) + n.children.reduce((k, c) => k + refsIn(c), 0);
const STOP = new Set(['dialog', 'alertdialog', 'main', 'form', 'table', 'grid', 'navigation', 'banner', 'list', 'root']);

/** The element with what surrounds it: the biggest block around it that holds no other control (a session card). */
export function contextOf(el: GNode): string {
  let unit = el;
  for (let p = el.parent; p && !STOP.has(p.role) && refsIn(p) === 1; p = p.parent) unit = p;
  return textOf(unit);
}

const ACTIONABLE = new Set(['button', 'link', 'clickable', 'cell', 'gridcell', 'menuitem', 'tab', 'option', 'treeitem']);
const disabled = (n: GNode) => n.attrs.includes('disabled');
const CONFIRM = /^(confirm|book|create|save|submit|reserve|verbindlich|buchen|bestätigen|jetzt buchen|confirmer|réserver|valider|ok$)/i;
const NEXT_STEP = /^(continue|next|weiter|fortfahren|suivant|continuer)$/i;
const CANCEL = /cancel|abbrechen|annuler|close|schließen|fermer|delete|löschen|supprimer|back|zurück|retour/i;
const SUCCESS = /\b(?:confirmed|booked|created|success(?:ful)?)\b|erfolgreich|gebucht|bestätigt|confirmée|réservée|enregistrée|thank you|vielen dank|merci/i;
const FAILURE = /not possible|nicht möglich|impossible|failed|failure|fehlgeschlagen|error|fehler|erreur|taken|conflict|refus|already|bereits|déjà|no longer|nicht mehr|unavailable/i;
const ALREADY = /you already have|already booked|haben[^.]*bereits|bereits eine buchung|vous avez déjà|déjà une réservation|per day|pro tag|par jour/i;
const UNAVAILABLE = /\b(?:full|taken|started|past|unavailable)\b|complet|belegt|ausgebucht|indisponible|réservé|nicht buchbar/i;
const OFFER = /book|reserv|buchen|create|new|free|frei|libre|available|verfügbar|disponible|select|wählen|choisir|\bopen\b/i;
const COOKIE_BUTTON = /^(reject|accept|agree|allow|only necessary|refuser|accepter|tout refuser|ablehnen|akzeptieren|zustimmen|alle ablehnen)/i;
const PASSWORD = /password|passwort|kennwort|mot de passe/i;
const LOGIN_WORDS = /log ?in|sign ?in|anmelden|einloggen|connexion|se connecter/i;
const BOOKING_NAV = /book|reserv|buchen|buchung|réserv|schedule|timetable|planning|calendar|kalender|termin|créneau/i;
const NOT_BOOKING_NAV = /my |mein|mes |account|konto|compte|dashboard|log ?out|sign ?out|abmelden|déconnexion|help|hilfe|aide|cancel|profile|preferences|password|history/i;
const NEXT_WORD = /next|nächst|suivant|after|forward|vorwärts|weiter|›|»|❯|→/i;
const WEEK_WORD = /week|woche|semaine/i;
const MONTH_WORD = /month|monat|mois/i;

export interface GenericMemory {
  /** The slot clicked (its place in the table, its name and surroundings), once one was. */
  chosen?: { ctx?: string; name: string; text: string };
  /** 'chosen': a slot was clicked (a dialog or form may follow); 'confirmed': its confirm button too. */
  stage: 'looking' | 'chosen' | 'confirmed';
  /** Waited once for an answer after confirming. */
  waited: boolean;
  /** Slots the venue refused, by their surroundings. */
  refused: string[];
  pickerTried: boolean;
  /** What the page announced at the previous step (dialogs, alerts, status, headings). */
  announced: Set<string>;
}

export const freshMemory = (): GenericMemory => ({ stage: 'looking', waited: false, refused: [], pickerTried: false, announced: new Set() });

interface Want { date: string; time?: string; lane?: string; anyLane: boolean }

/** Dates near the wanted one that a text names (the page's current date, for moving towards the wanted one). */
function shownDate(texts: string[], want: string): string | undefined {
  const base = parseISO(want);
  for (const t of texts) {
    if (!looksLikeDate(t)) continue;
    for (let k = 0; k <= 45; k++) {
      for (const d of k ? [addDays(base, -k), addDays(base, k)] : [base]) {
        const iso = format(d, 'yyyy-MM-dd');
        if (mentionsDate(t, iso)) return iso;
      }
    }
  }
  return undefined;
}

const ANNOUNCING = new Set(['dialog', 'alertdialog', 'alert', 'status']);

/** What the page announces: text in dialogs, alerts and status regions, and headings. */
function announcements(nodes: GNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    let inside = n.role === 'heading';
    for (let p: GNode | undefined = n; p && !inside; p = p.parent) inside = ANNOUNCING.has(p.role);
    if (!inside || n.ref) continue;
    const t = [n.name, n.text].filter(Boolean).join(' ').trim();
    if (t) out.push(t);
  }
  return out;
}

function inside(n: GNode, roles: string[]): boolean {
  for (let p = n.parent; p; p = p.parent) if (roles.includes(p.role)) return true;
  return false;
}

const LOGOUT = /log ?out|sign ?out|abmelden|déconnexion|se déconnecter/i;

/** The next action, by matching alone. `mem` carries what a model keeps in mind across one attempt. */
export function genericAction(v: StepView, mem: GenericMemory): Action {
  const want: Want = { date: v.want.date ?? '', ...(v.want.time ? { time: v.want.time } : {}), ...(v.want.lane ? { lane: v.want.lane } : {}), anyLane: v.want.anyLane };
  const nodes = walk(parseCompact(v.snapshot));
  const said = announcements(nodes);
  const fresh = said.filter((t) => !mem.announced.has(t));
  mem.announced = new Set(said);
  const last = v.history[v.history.length - 1] ?? '';
  const live = (n: GNode) => !!n.ref && !disabled(n);
  const click = (n: GNode): Action => ({ action: 'click', ref: n.ref });
  if (!want.date) return { action: 'fail', reason: 'The goal names no date.' };

  // 1. The answer to a booking just made: what newly appeared says it, or the chosen slot now reads differently.
  if (mem.stage !== 'looking') {
    const failed = fresh.find((l) => FAILURE.test(l));
    const ok = fresh.find((l) => SUCCESS.test(l) && !/\bnot\b|nicht|\bpas\b/i.test(l));
    if (failed && !ok) {
      if (mem.chosen) mem.refused.push(mem.chosen.text);
      mem.chosen = undefined;
      mem.stage = 'looking';
      // "You already have a booking" ends it: another lane would be refused the same way (or be a second booking).
      if (!want.anyLane || fresh.some((l) => ALREADY.test(l))) return { action: 'fail', reason: `The venue refused: ${failed.slice(0, 120)}` };
    } else if (ok) {
      return { action: 'done', summary: `Booked ${want.lane ? `lane ${want.lane} ` : ''}at ${want.time ?? ''} on ${want.date}: ${ok.slice(0, 100)}` };
    } else if (mem.chosen?.ctx) {
      const same = nodes.filter((n) => n.ctx === mem.chosen!.ctx && n.ref);
      if (same.length && !same.some((n) => n.name === mem.chosen!.name)) return { action: 'done', summary: `The ${mem.chosen.ctx} slot now shows the booking.` };
    }
    if (mem.stage === 'confirmed' && !mem.waited) {
      mem.waited = true;
      return { action: 'wait', seconds: 1 };
    }
  }

  // Nothing to act on yet (a page still loading): wait, a few times at most.
  if (!nodes.some((n) => n.ref) && v.history.slice(-3).filter((h) => /^\d+\. wait/.test(h)).length < 3) return { action: 'wait', seconds: 1 };

  // 2. A cookie banner in the way.
  if (/cookie/i.test(v.snapshot)) {
    const b = nodes.find((n) => n.role === 'button' && live(n) && COOKIE_BUTTON.test(n.name));
    if (b) return click(b);
  }

  // 3. A login form: the user's field, the password, the button; or the button that leads to it.
  const password = nodes.find((n) => n.role === 'textbox' && live(n) && PASSWORD.test(n.name));
  const pw = v.secrets.find((x) => /pass/i.test(x)) ?? '{{password}}';
  const un = v.secrets.find((x) => x !== pw && /user|email|login|member|name|card|id/i.test(x)) ?? '{{username}}';
  if (password) {
    const boxes = nodes.filter((n) => n.role === 'textbox' && live(n));
    const user = boxes.slice(0, boxes.indexOf(password)).pop();
    if (user && !v.history.some((h) => h.includes(`fill ${user.ref} `) && / → ok/.test(h))) return { action: 'fill', ref: user.ref, value: un };
    if (!v.history.some((h) => h.includes(`fill ${password.ref} `) && / → ok/.test(h))) return { action: 'fill', ref: password.ref, value: pw };
    const after = nodes.slice(nodes.indexOf(password));
    const submit = after.find((n) => n.role === 'button' && live(n) && LOGIN_WORDS.test(n.name)) ?? after.find((n) => n.role === 'button' && live(n));
    if (submit) return click(submit);
  }
  // A login button was just pressed and the form is not there yet: give the page a moment.
  const helped = v.notices.some((n) => /logged in for you/i.test(n));
  if (!helped && /→ ok: clicked (?:button|link) "[^"]*(?:log ?in|sign ?in|anmelden|connexion|se connecter)/i.test(last)) return { action: 'wait', seconds: 1 };
  const loggedOut = v.secrets.length > 0 && !nodes.some((n) => n.ref && LOGOUT.test(n.name));
  const loginButton = loggedOut ? nodes.find((n) => (n.role === 'button' || n.role === 'link') && live(n) && LOGIN_WORDS.test(n.name) && n.name.length < 20) : undefined;
  if (loginButton && !v.history.some((h) => h.includes(`clicked ${loginButton.role} "${loginButton.name}"`))) return click(loginButton);

  // What date the page shows, and the slots on it.
  const current = nodes.filter((n) => ['heading', 'status', 'textbox'].includes(n.role) || n.attrs.some((x) => /^(selected|pressed|checked)/.test(x)));
  const showsWanted = current.some((n) => mentionsDate(textOf(n), want.date));
  const slots = slotsOn(nodes, want, mem, showsWanted);

  // 4. A dialog or form is open for the slot just chosen: set the start time if it is wrong, then confirm.
  if (mem.stage === 'chosen') {
    const dialogs = nodes.filter((n) => n.role === 'dialog' || n.role === 'alertdialog');
    const scope = dialogs.length ? walk([dialogs[dialogs.length - 1]!]) : nodes;
    const timeSelects = scope.filter((n) => n.role === 'combobox' && live(n) && n.children.some((o) => o.role === 'option' && timesIn(o.name).length));
    if (want.time && timeSelects.length && !timeSelects.some((x) => x.children.some((o) => o.attrs.includes('selected') && timesIn(o.name)[0] === want.time))) {
      const sel = timeSelects[0]!;
      const o = sel.children.find((c) => c.role === 'option' && timesIn(c.name)[0] === want.time);
      if (o) return { action: 'select', ref: sel.ref, value: o.name };
    }
    const buttons = scope.filter((n) => n.role === 'button' && live(n) && !CANCEL.test(n.name) && !inside(n, ['navigation', 'banner']));
    const confirm = buttons.find((n) => CONFIRM.test(n.name)) ?? buttons.find((n) => NEXT_STEP.test(n.name));
    if (confirm && (dialogs.length || !slots.length)) {
      if (!NEXT_STEP.test(confirm.name)) mem.stage = 'confirmed';
      return click(confirm);
    }
  }

  // 5. The wanted slot: time (and date) must match; the wanted lane first, another only when the goal allows.
  const pick = slots.find((x) => x.lane) ?? (want.anyLane || !want.lane ? slots[0] : undefined);
  if (pick && mem.stage !== 'confirmed') {
    mem.chosen = { ...(pick.node.ctx ? { ctx: pick.node.ctx } : {}), name: pick.node.name, text: pick.text };
    mem.stage = 'chosen';
    return click(pick.node);
  }

  // 6. A form of choices (a wizard): the radio that names the date, time or lane; Continue once it is checked.
  const radios = nodes.filter((n) => n.role === 'radio');
  if (radios.length) {
    const enabled = radios.filter(live);
    const named = (r: GNode) => mentionsDate(r.name, want.date) || (!!want.time && timesIn(r.name)[0] === want.time) || (!!want.lane && lanesIn(r.name).includes(want.lane));
    const lanePage = radios.every((r) => lanesIn(r.name).length > 0);
    let choice = enabled.find(named);
    if (!choice && (!lanePage || want.anyLane)) choice = enabled.length === 1 || lanePage ? enabled[0] : undefined;
    if (choice) {
      if (!choice.attrs.includes('checked')) return { action: 'check', ref: choice.ref, checked: true };
      const next = nodes.find((n) => n.role === 'button' && live(n) && NEXT_STEP.test(n.name));
      if (next) {
        if (lanePage) {
          mem.chosen = { name: choice.name, text: choice.name };
          mem.stage = 'chosen';
        }
        return click(next);
      }
    }
    if (!choice && radios.some((r) => want.time && timesIn(r.name)[0] === want.time && disabled(r))) return { action: 'fail', reason: `The ${want.time} session is full.` };
  }

  // 7. Towards the wanted date: a control named with it, else next week / month / the date picker / next day.
  if (!showsWanted && !slots.length) {
    const day = nodes.find((n) => ACTIONABLE.has(n.role) && live(n) && mentionsDate(n.name, want.date) && !timesIn(n.name).length && !n.attrs.some((x) => /^(pressed|selected)/.test(x)));
    if (day) return click(day);
    const shown = shownDate(current.map(textOf), want.date);
    const ahead = shown ? differenceInCalendarDays(parseISO(want.date), parseISO(shown)) : undefined;
    const controls = nodes.filter((n) => ['button', 'link', 'clickable'].includes(n.role) && live(n) && NEXT_WORD.test(n.name));
    const monthSelect = nodes.find((n) => n.role === 'combobox' && live(n) && MONTH_WORD.test(n.name));
    const wantedMonth = monthSelect?.children.find((o) => o.role === 'option' && sameMonthName(o.name, want.date) && !o.attrs.includes('selected'));
    if (monthSelect && wantedMonth) return { action: 'select', ref: monthSelect.ref, value: wantedMonth.name };
    const month = controls.find((n) => MONTH_WORD.test(n.name));
    if (month && nodes.some((n) => n.role === 'grid')) return click(month);
    const week = controls.find((n) => WEEK_WORD.test(n.name));
    if (week && (ahead === undefined || ahead >= 7)) return click(week);
    const picker = nodes.find((n) => n.role === 'textbox' && live(n) && looksLikeDate(textOf(n)) && !mentionsDate(textOf(n), want.date));
    if (picker && !mem.pickerTried) {
      mem.pickerTried = true;
      return click(picker);
    }
    const nextDay = controls.find((n) => !WEEK_WORD.test(n.name) && !MONTH_WORD.test(n.name));
    if (nextDay && (ahead === undefined || ahead > 0)) return click(nextDay);
    if (week) return click(week);
  } else if (showsWanted && want.time && !slots.length && mem.stage === 'looking') {
    const listed = nodes.some((n) => ACTIONABLE.has(n.role) && timesIn(contextOf(n))[0] === want.time);
    if (listed || mem.refused.length) return { action: 'fail', reason: `No free lane at ${want.time} on ${want.date}.` };
  }

  // 8. The way to the booking pages.
  const clickedNames = v.history.map((h) => /→ ok: clicked \w+ "(.*)"$/.exec(h)?.[1]).filter(Boolean);
  const navs = nodes.filter((n) => ['link', 'button', 'menuitem', 'tab'].includes(n.role) && live(n) && n.name.length <= 30 && BOOKING_NAV.test(n.name) && !NOT_BOOKING_NAV.test(n.name));
  const nav = navs.find((n) => !clickedNames.includes(n.name));
  if (nav) return click(nav);
  return { action: 'fail', reason: 'I cannot find a way to book on this page.' };
}

function sameMonthName(option: string, date: string): boolean {
  const d = parseISO(date);
  return ['en-GB', 'de', 'fr'].some((l) => new Intl.DateTimeFormat(l, { month: 'long' }).format(d).toLowerCase() === option.trim().toLowerCase());
}

interface Slot { node: GNode; text: string; lane: boolean }

/** Controls on the page that are the wanted time on the wanted date, lane matches first. */
export function slotsOn(nodes: GNode[], want: Want, mem: GenericMemory, showsWanted: boolean): Slot[] {
  if (!want.time) return [];
  const out: Slot[] = [];
  for (const n of nodes) {
    if (!ACTIONABLE.has(n.role) || !n.ref || disabled(n)) continue;
    const text = contextOf(n);
    if (timesIn(`${n.name} ${n.ctx ?? ''} ${text}`)[0] !== want.time) continue;
    const onDate = mentionsDate(text, want.date) || (!looksLikeDate(text) && showsWanted);
    if (!onDate) continue;
    if (UNAVAILABLE.test(text) || mem.refused.includes(text)) continue;
    // An offer to book says so (or is an empty slot cell); a name in the slot is someone's booking.
    const emptyCell = (n.role === 'cell' || n.role === 'gridcell') && !n.name && !n.text && !n.children.length;
    if (!emptyCell && !OFFER.test(`${n.name} ${text}`)) continue;
    out.push({ node: n, text, lane: !!want.lane && lanesIn(text).includes(want.lane) });
  }
  return out.sort((a, b) => Number(b.lane) - Number(a.lane));
}

/** The behaviour: one GenericMemory per attempt (a new attempt starts with no recent actions). */
export function generic(): Behaviour {
  let mem = freshMemory();
  return {
    kind: 'generic',
    reply: (req) => {
      const v = readStep(lastUser(req));
      if (v.extraction) return json({ bookings: [] });
      if (!v.history.length) mem = freshMemory();
      return json(genericAction(v, mem));
    },
  };
}
