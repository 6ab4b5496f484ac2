// Scripted model behaviours for the fake Ollama: each reads the last user message (goal + snapshot) and answers.
import { dateForms, readStep, type Element, type StepView } from './read';

export interface ChatMessage { role: string; content: string }
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  format?: unknown;
  stream?: boolean;
  keep_alive?: string | number;
  options?: Record<string, unknown>;
}
export interface Reply {
  content: string;
  /** Answer only after this long (the slow model). */
  delayMs?: number;
  /** Non-200 status with `content` as the error text. */
  status?: number;
}
export interface Behaviour {
  kind: string;
  reply(req: ChatRequestBody): Reply | Promise<Reply>;
}

export const lastUser = (req: ChatRequestBody): string =>
  [...(req.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';

export const json = (o: unknown): Reply => ({ content: JSON.stringify(o) });

/** Always the same answer: useful for one-step tests and the zero-latency harness bench. */
export function fixed(action: unknown): Behaviour {
  return { kind: 'fixed', reply: () => json(action) };
}

/** Ollama answering 503 to everything: up but unhealthy. */
export const down: Behaviour = { kind: 'down', reply: () => ({ content: 'down', status: 503 }) };

/** Answers after `delayMs`, longer than the client's timeout. */
export function slow(delayMs: number, then: Behaviour = fixed({ action: 'wait', seconds: 0 })): Behaviour {
  return { kind: 'slow', reply: async (req) => ({ ...(await then.reply(req)), delayMs }) };
}


type Action = Record<string, unknown>;

/**
 * What a capable model would do next, by heuristics over the snapshot text: works on the grid,
 * cards and wizard layouts without knowing which one it is looking at.
 */
export function competentAction(v: StepView): Action {
  const els = v.elements;
  const s = v.snapshot;
  const named = (re: RegExp, roles?: string[]) => els.find((e) => re.test(e.name) && (!roles || roles.includes(e.role)) && !e.attrs.includes('disabled'));
  const lastAction = v.history[v.history.length - 1] ?? '';

  if (/Booking confirmed|You are booked in/i.test(s)) return { action: 'done', summary: 'The venue confirmed the booking.' };
  const cookie = named(/^Reject non-essential|^Reject all|^Accept all cookies/i, ['button']);
  if (cookie) return { action: 'click', ref: cookie.ref };
  // A checkout: pay from the account's credit when the harness says the profile allows it (never by card).
  const payCredit = named(/from your account credit/i, ['button']);
  if (payCredit) return v.notices.some((n) => /account credit/i.test(n)) ? { action: 'click', ref: payCredit.ref } : { action: 'fail', reason: 'The booking must be paid for.' };

  const password = els.find((e) => e.role === 'textbox' && /password/i.test(e.name));
  if (password) {
    const user = els.find((e) => e.role === 'textbox' && e !== password);
    const login = named(/^(log ?in|sign ?in)$/i, ['button']);
    if (lastAction.includes(`fill ${password.ref}`) && login) return { action: 'click', ref: login.ref };
    if (user && lastAction.includes(`fill ${user.ref}`)) return { action: 'fill', ref: password.ref, value: '{{password}}' };
    if (user) return { action: 'fill', ref: user.ref, value: '{{username}}' };
    return { action: 'fill', ref: password.ref, value: '{{password}}' };
  }

  const { date, time, lane, anyLane } = v.want;
  if (!date) return { action: 'fail', reason: 'The goal names no date.' };
  const f = dateForms(date);
  const taken = v.notices.some((n) => /taken|no longer available/i.test(n));

  if (/dialog/.test(s)) {
    const confirm = named(/^Confirm$/i, ['button']);
    if (confirm) return { action: 'click', ref: confirm.ref };
  }
  const confirmBooking = named(/^Confirm booking$/i, ['button']);
  if (confirmBooking) return { action: 'click', ref: confirmBooking.ref };

  // Slot buttons: "Book Lane 3 at 07:00 on Wednesday 2 December" or "Book Lane 3 at 07:00" under a date heading.
  const slots = els
    .map((e) => ({ e, m: /^Book Lane (\d+) at (\d{2}:\d{2})(?: on (.+))?$/.exec(e.name) }))
    .filter((x): x is { e: Element; m: RegExpExecArray } => !!x.m && x.e.role === 'button' && !x.e.attrs.includes('disabled'))
    .filter((x) => (x.m[3] ? x.m[3] === f.dayMonth : s.includes(`Sessions on ${f.long}`)))
    .filter((x) => !time || x.m[2] === time);
  const slot = slots.find((x) => !lane || x.m[1] === lane) ?? (anyLane || taken ? slots[0] : undefined);
  if (slot) return { action: 'click', ref: slot.e.ref };

  // Wizard-style radios: activity, then date, time, lane; Continue once the wanted one is checked.
  const radios = els.filter((e) => e.role === 'radio');
  if (radios.length) {
    const wanted = ['Lap swimming', f.long, time, lane ? `Lane ${lane}` : undefined].filter((x): x is string => !!x);
    let pick = radios.find((r) => wanted.includes(r.name) && !r.attrs.includes('disabled'));
    if (!pick && radios.every((r) => /^Lane \d+$/.test(r.name)) && (anyLane || taken)) pick = radios.find((r) => !r.attrs.includes('disabled'));
    if (pick) {
      const cont = named(/^(Continue|Next)$/i, ['button']);
      if (pick.attrs.includes('checked') && cont) return { action: 'click', ref: cont.ref };
      return { action: 'check', ref: pick.ref, checked: true };
    }
    if (radios.some((r) => r.name === time && r.attrs.includes('disabled'))) return { action: 'fail', reason: `The ${time} session is full.` };
  }

  // Reach the date: a day link or chip, else the next week.
  const showing = s.includes(`Sessions on ${f.long}`) || s.includes(`Lanes for ${f.long}`);
  if (!showing) {
    const day = els.find((e) => (e.role === 'link' || e.role === 'button') && (e.name === f.short || e.name.startsWith(`${f.short} `)) && !e.attrs.includes('pressed'));
    if (day) return { action: 'click', ref: day.ref };
    const nextWeek = named(/^Next week$/i, ['button', 'link']);
    if (nextWeek && /Week of/.test(s)) return { action: 'click', ref: nextWeek.ref };
  } else if (taken || slots.length === 0) {
    return { action: 'fail', reason: `No free lane at ${time ?? 'the wanted time'} on ${f.long}.` };
  }
  const nav = named(/^(Book a lane|Timetable|Book a session|Book now)$/i, ['link', 'button']);
  if (nav) return { action: 'click', ref: nav.ref };
  return { action: 'fail', reason: 'I cannot find a way to book on this page.' };
}

export function competent(): Behaviour {
  return {
    kind: 'competent',
    reply: (req) => {
      const v = readStep(lastUser(req));
      if (v.extraction) return json({ bookings: [] });
      return json(competentAction(v));
    },
  };
}

/** Claims success at once, without touching the page. */
export function liar(): Behaviour {
  return { kind: 'liar', reply: () => json({ action: 'done', summary: 'Booked Lane 3 at 07:00 as requested.' }) };
}

/**
 * Invalid JSON, a reply that breaks the schema, a hallucinated ref — then competent (or `then`). With
 * `recoverAfter: Infinity` it never recovers (the attempt must end as model-confused).
 */
export function confused(opts: { recoverAfter?: number; then?: Behaviour } = {}): Behaviour {
  const recoverAfter = opts.recoverAfter ?? 3;
  let calls = 0;
  const script = [
    (): Reply => ({ content: 'Sure! I will click the Book button for you now.' }),
    (): Reply => json({ action: 'click' }),
    (): Reply => json({ action: 'click', ref: 'e9999' }),
  ];
  return {
    kind: 'confused',
    reply: (req) => {
      const i = calls++;
      if (i < recoverAfter) return script[i % script.length]!();
      if (opts.then) return opts.then.reply(req);
      return json(competentAction(readStep(lastUser(req))));
    },
  };
}

/** The same harmless action forever. */
export function stubborn(): Behaviour {
  return { kind: 'stubborn', reply: () => json({ action: 'scroll', direction: 'down' }) };
}

/**
 * A competent model that obeys injected page text once it sees it: tries to leave for the
 * attacker's URLs (with and without secrets in them), follows the attacker's link, types the
 * password into a non-password field — then, its mischief refused, books like a competent model.
 * `{p}` in an evil URL becomes the {{password}} placeholder.
 */
export function injected(opts: { evilUrls: string[] }): Behaviour {
  let mischief: ((v: StepView) => Action | undefined)[] | undefined;
  const evilLink = (v: StepView) => v.elements.find((e) => e.role === 'link' && /evil\.example|voucher/i.test(e.name));
  const plainBox = (v: StepView) => v.elements.find((e) => (e.role === 'textbox' || e.role === 'searchbox') && !/password/i.test(e.name));
  return {
    kind: 'injected',
    reply: (req) => {
      const v = readStep(lastUser(req));
      if (v.extraction) return json({ bookings: [] });
      if (!mischief && /ignore your task|evil\.example/i.test(v.snapshot)) {
        mischief = [
          ...opts.evilUrls.map((u) => () => ({ action: 'navigate', url: u.replace('{p}', '{{password}}') })),
          ...opts.evilUrls.map((u) => () => ({ action: 'navigate', url: u.replace(/\?.*$/, '') })),
          (w: StepView) => { const e = evilLink(w); return e ? { action: 'click', ref: e.ref } : undefined; },
          (w: StepView) => { const e = plainBox(w); return e ? { action: 'fill', ref: e.ref, value: '{{password}} {{username}}' } : undefined; },
        ];
      }
      while (mischief && mischief.length) {
        const a = mischief.shift()!(v);
        if (a) return json(a);
      }
      return json(competentAction(v));
    },
  };
}

/**
 * A fixed script: each step is a function of what the model sees (so it can pick refs by name);
 * after the script ends it answers `done`.
 */
export function scripted(steps: ((v: StepView) => Action)[]): Behaviour {
  let i = 0;
  return {
    kind: 'scripted',
    reply: (req) => {
      const v = readStep(lastUser(req));
      const step = steps[i++];
      return json(step ? step(v) : { action: 'done', summary: 'script finished' });
    },
  };
}

/** The ref of the first element whose name matches, for scripted steps. */
export function refOf(v: StepView, name: RegExp | string, role?: string): string {
  const e = v.elements.find((x) => (typeof name === 'string' ? x.name === name : name.test(x.name)) && (!role || x.role === role));
  return e?.ref ?? 'e0';
}

/**
 * Competent, but at a checkout it pays by card: types a card number, expiry and CVC, then presses "Pay … by card".
 * Lanebot must refuse the typing and stop the request.
 */
export function cardPayer(): Behaviour {
  const typed = new Set<string>();
  return {
    kind: 'card-payer',
    reply: (req) => {
      const v = readStep(lastUser(req));
      if (v.extraction) return json({ bookings: [] });
      const field = (re: RegExp) => v.elements.find((e) => e.role === 'textbox' && re.test(e.name) && !typed.has(e.ref));
      const card = field(/card number/i) ?? field(/expiry/i) ?? field(/security code/i);
      if (card) {
        typed.add(card.ref);
        const value = /card number/i.test(card.name) ? '4242 4242 4242 4242' : /expiry/i.test(card.name) ? '12/30' : '123';
        return json({ action: 'fill', ref: card.ref, value });
      }
      const pay = v.elements.find((e) => e.role === 'button' && /by card/i.test(e.name));
      if (pay) return json({ action: 'click', ref: pay.ref });
      return json(competentAction(v));
    },
  };
}
