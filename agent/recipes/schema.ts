// Learned recipes: the versioned data model (zod), its parameter templates, and how a template renders for a new date.
// A recipe is the way to book at one venue, written down so it can be replayed without the model.
import { format } from 'date-fns';
import { z } from 'zod';
import type { Assert, Equal } from '../core/type-equal';
import type { BookingWant, LocatorSpec, PageSignature, Postcondition, Recipe, RecipeCheck, RecipeStep, RequestSignature } from '../types';

export type { LocatorSpec, PageSignature, Postcondition, Recipe, RecipeCheck, RecipeStep, RequestSignature } from '../types';

export const RECIPE_VERSION = 1;

/**
 * Every way a page may print the target date. The names are part of the stored format: add new
 * ones, never rename or change one (a stored recipe would render differently).
 */
export const DATE_FORMATS = {
  iso: 'yyyy-MM-dd',
  compact: 'yyyyMMdd',
  dmy: 'dd/MM/yyyy',
  dmyShort: 'd/M/yyyy',
  mdy: 'MM/dd/yyyy',
  mdyShort: 'M/d/yyyy',
  dmyDot: 'dd.MM.yyyy',
  dmyDotShort: 'd.M.yyyy',
  dmyDash: 'dd-MM-yyyy',
  mdyDash: 'MM-dd-yyyy',
  dmy2: 'dd/MM/yy',
  mdy2: 'MM/dd/yy',
  long: 'EEEE d MMMM yyyy',
  longComma: 'EEEE, d MMMM yyyy',
  longOrdinal: 'EEEE do MMMM yyyy',
  usLong: 'EEEE, MMMM d, yyyy',
  dayMonth: 'EEEE d MMMM',
  dayMonthComma: 'EEEE, d MMMM',
  dayMonthOrdinal: 'EEEE do MMMM',
  usDayMonth: 'EEEE, MMMM d',
  dMonthYear: 'd MMMM yyyy',
  monthDYear: 'MMMM d, yyyy',
  dMonth: 'd MMMM',
  doMonth: 'do MMMM',
  monthD: 'MMMM d',
  short: 'EEE d MMM',
  shortYear: 'EEE d MMM yyyy',
  shortComma: 'EEE, d MMM',
  usShort: 'EEE, MMM d',
  usShortYear: 'EEE, MMM d, yyyy',
  dMon: 'd MMM',
  dMonYear: 'd MMM yyyy',
  monD: 'MMM d',
  monDYear: 'MMM d, yyyy',
  /** The bare day of the month, as in a calendar grid's cells; only detected where a whole cell says it. */
  dayOfMonth: 'd',
  /** A day table's heading in US order (LibreBooking: "Tuesday, 12/08/2026"). */
  weekdayMdy: 'EEEE, MM/dd/yyyy',
  weekdayDmy: 'EEEE, dd/MM/yyyy',
  /** react-day-picker's day names ("Tuesday, December 8th, 2026"). */
  usLongOrdinal: 'EEEE, MMMM do, yyyy',
} as const satisfies Record<string, string>;
export type DateFormat = keyof typeof DATE_FORMATS;

/** Renderings of the wanted time (HH:mm). Same rule: append only. */
export const TIME_FORMATS = {
  hm: 'HH:mm',
  hmShort: 'H:mm',
  hmDot: 'HH.mm',
  hmCompact: 'HHmm',
  h12: 'h:mm a',
  h12lower: 'h:mm aaa',
  h12tight: 'h:mmaaa',
  h12hour: 'h a',
  h12hourTight: 'haaa',
} as const satisfies Record<string, string>;
export type TimeFormat = keyof typeof TIME_FORMATS;

/** Values a recipe may depend on besides secrets: the target date, the wanted time and lane. */
export const BOOKING_PARAMS = ['date', 'time', 'lane'] as const;
export type BookingParam = (typeof BOOKING_PARAMS)[number];

const TOKEN = /\{\{\s*([\w.-]+)(?::([\w]+))?\s*\}\}/g;

export interface TemplateToken { name: string; format?: string }

export function templateTokens(t: string): TemplateToken[] {
  return [...t.matchAll(TOKEN)].map((m) => ({ name: m[1]!, ...(m[2] ? { format: m[2] } : {}) }));
}

/** Whether a template depends on the booking's date, time or lane (not on secrets). */
export function usesBookingParams(t: string | undefined): boolean {
  return !!t && templateTokens(t).some((x) => (BOOKING_PARAMS as readonly string[]).includes(x.name));
}

function calendarDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // Local-time midnight of the calendar day: only calendar fields are formatted, so the zone cannot shift them.
  return new Date(y, m - 1, d);
}

function clockTime(hm: string): Date {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return new Date(2000, 0, 1, h, m);
}

export function formatDate(iso: string, f: DateFormat): string {
  return format(calendarDate(iso), DATE_FORMATS[f]);
}

export function formatTime(hm: string, f: TimeFormat): string {
  return format(clockTime(hm), TIME_FORMATS[f]);
}

export class TemplateError extends Error {}

/**
 * Fills {{date:fmt}}, {{time:fmt}} and {{lane}} from the want; other tokens (secret names) stay as
 * they are, to be substituted only at the moment of typing, on the venue's own origin.
 */
export function renderTemplate(t: string, want: BookingWant): string {
  return t.replace(TOKEN, (whole, name: string, fmt: string | undefined) => {
    switch (name) {
      case 'date': {
        const f = (fmt ?? 'iso') as DateFormat;
        if (!(f in DATE_FORMATS)) throw new TemplateError(`unknown date format "${f}"`);
        return formatDate(want.date, f);
      }
      case 'time': {
        if (!want.time) throw new TemplateError('the recipe needs a time, and the booking names none');
        const f = (fmt ?? 'hm') as TimeFormat;
        if (!(f in TIME_FORMATS)) throw new TemplateError(`unknown time format "${f}"`);
        return formatTime(want.time, f);
      }
      case 'lane':
        if (!want.lane) throw new TemplateError('the recipe needs a lane, and the booking names none');
        return want.lane;
      default:
        return whole;
    }
  });
}

// ---- the stored shape ------------------------------------------------------------------------

const template = z.string().max(2000);

/** Ways to find an element again, most durable first; names and texts are templates. */
export const LocatorSpecSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('role'), role: z.string().regex(/^[a-z]+$/), name: template.optional(), exact: z.boolean().default(true) }),
  z.object({ by: z.literal('label'), text: template, exact: z.boolean().default(true) }),
  z.object({ by: z.literal('text'), text: template, exact: z.boolean().default(true) }),
  z.object({ by: z.literal('placeholder'), text: template, exact: z.boolean().default(true) }),
  z.object({ by: z.literal('testId'), id: z.string().max(200) }),
  z.object({ by: z.literal('css'), selector: z.string().max(500) }),
  /** Playwright locator code as `locator.normalize()` prints it; parsed (never evaluated) at replay. */
  z.object({ by: z.literal('code'), code: z.string().max(1000) }),
  /** The cell at a row header and a column header (templates), in the grid headed `within`; `inner`: the control in it. */
  z.object({
    by: z.literal('cell'), row: template.min(1), column: template.min(1), within: template.optional(),
    inner: z.object({ role: z.string().regex(/^[a-z]+$/), name: template.optional() }).optional(),
  }),
  /** An element told apart by the smallest container showing every one of `texts`. */
  z.object({ by: z.literal('scoped'), texts: z.array(template.min(1)).min(1).max(4), role: z.string().regex(/^[a-z]+$/), name: template.optional() }),
]);
export type _LocatorSpecSchemaMatches = Assert<Equal<z.output<typeof LocatorSpecSchema>, LocatorSpec>>;

/** What must hold after a step, so replay notices a step that "worked" but led somewhere else. */
export const PostconditionSchema = z.discriminatedUnion('kind', [
  /** Path with `*` for one id-like segment; query keys listed must equal their rendered templates. */
  z.object({ kind: z.literal('url'), path: z.string().max(1000), query: z.record(z.string(), template).default({}) }),
  z.object({ kind: z.literal('visible'), locator: LocatorSpecSchema }),
  /** The page no longer shows this element (a dialog closed, a form was sent). */
  z.object({ kind: z.literal('hidden'), locator: LocatorSpecSchema }),
  z.object({ kind: z.literal('checked'), checked: z.boolean() }),
  z.object({ kind: z.literal('value'), value: template }),
]);
export type _PostconditionSchemaMatches = Assert<Equal<z.output<typeof PostconditionSchema>, Postcondition>>;

export const RECIPE_ACTIONS = ['click', 'fill', 'select', 'check', 'press', 'navigate'] as const;
export const RECIPE_KEYS = ['Enter', 'Tab', 'Escape', 'ArrowDown', 'ArrowUp', 'Space'] as const;

export const RequestSignatureSchema = z.object({
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** The path, `*` for one id-like segment. */
  path: z.string().regex(/^\//, 'must start with /').max(500),
});
export type _RequestSignatureSchemaMatches = Assert<Equal<z.output<typeof RequestSignatureSchema>, RequestSignature>>;

export const PageSignatureSchema = z.object({ title: template.optional(), heading: template.optional() });
export type _PageSignatureSchemaMatches = Assert<Equal<z.output<typeof PageSignatureSchema>, PageSignature>>;

export const RecipeCheckSchema = z.object({
  ok: z.boolean(),
  at: z.string().max(40),
  message: z.string().max(1000),
  held: z.array(z.string().max(300)).max(20).optional(),
});
export type _RecipeCheckSchemaMatches = Assert<Equal<z.output<typeof RecipeCheckSchema>, RecipeCheck>>;

export const RecipeStepSchema = z
  .object({
    action: z.enum(RECIPE_ACTIONS),
    /** Human description with templates, e.g. `button "Book Lane {{lane}} at {{time:hm}}"`. */
    describe: z.string().max(500).optional(),
    locators: z.array(LocatorSpecSchema).max(8).default([]),
    value: template.optional(),
    key: z.enum(RECIPE_KEYS).optional(),
    checked: z.boolean().optional(),
    url: template.optional(),
    /** 'login' steps run only when the page asks for a login; the harness logs in by itself first. */
    phase: z.enum(['login', 'book']).default('book'),
    /** The step that sends the booking: never run before the window opens, nor in a dry run. */
    commit: z.boolean().default(false),
    post: z.array(PostconditionSchema).max(6).default([]),
    /** State-changing requests the step sent when it was recorded. */
    sends: z.array(RequestSignatureSchema).max(10).optional(),
    /** The page the step began on, as recorded. */
    page: PageSignatureSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const need = (ok: boolean, what: string) => { if (!ok) ctx.addIssue({ code: 'custom', message: `${s.action} needs ${what}` }); };
    if (s.action === 'navigate') need(!!s.url, 'a url');
    else if (s.action !== 'press') need(s.locators.length > 0, 'at least one locator');
    if (s.action === 'fill' || s.action === 'select') need(s.value !== undefined, 'a value');
    if (s.action === 'press') need(!!s.key, 'a key');
  });
export type _RecipeStepSchemaMatches = Assert<Equal<z.output<typeof RecipeStepSchema>, RecipeStep>>;

export const RecipeSchema = z.object({
  version: z.literal(RECIPE_VERSION),
  /** The venue origin the recipe was learned on; replay refuses another. */
  origin: z.string().refine((o) => { try { return /^https?:$/.test(new URL(o).protocol); } catch { return false; } }, 'must be an http(s) origin'),
  /** Where replay begins when the browser is not already parked; a template. */
  startUrl: template,
  source: z.enum(['model', 'teach', 'healed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The booking it was learned from (no secrets): what the parameters stood for. */
  learnedFor: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), time: z.string().optional(), lane: z.string().optional() }),
  /** Parameters and secret names the steps use. */
  params: z.array(z.string().max(60)).max(20),
  steps: z.array(RecipeStepSchema).min(1).max(80),
  /** What the page shows once the booking is made. */
  done: z.array(PostconditionSchema).max(6).default([]),
  /** How many times the model repaired it. */
  heals: z.number().int().nonnegative().default(0),
  /** 'draft': its dry run failed; kept for the user to fix, never used to book. Absent: ready. */
  status: z.enum(['draft', 'ready']).optional(),
  /** How the commit step was found. */
  commitFrom: z.enum(['network', 'user', 'last-step']).optional(),
  lastCheck: RecipeCheckSchema.optional(),
});
export type _RecipeSchemaMatches = Assert<Equal<z.output<typeof RecipeSchema>, Recipe>>;

/** Validates a stored recipe (the service keeps it opaque); the error names the first bad field. */
export function parseRecipe(input: unknown): { ok: true; recipe: Recipe } | { ok: false; error: string } {
  if (input && typeof input === 'object' && 'version' in input && (input as { version: unknown }).version !== RECIPE_VERSION) {
    return { ok: false, error: `recipe version ${String((input as { version: unknown }).version)} is not supported (this Lanebot reads version ${RECIPE_VERSION})` };
  }
  const r = RecipeSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `invalid recipe at ${i.path.join('.') || '(root)'}: ${i.message}` };
  }
  for (const s of r.data.steps) {
    for (const t of [...stepTemplates(s), ...(s.page?.title !== undefined ? [s.page.title] : []), ...(s.page?.heading !== undefined ? [s.page.heading] : [])]) {
      for (const tok of templateTokens(t)) {
        if (tok.name === 'date' && tok.format && !(tok.format in DATE_FORMATS)) return { ok: false, error: `invalid recipe: unknown date format "${tok.format}"` };
        if (tok.name === 'time' && tok.format && !(tok.format in TIME_FORMATS)) return { ok: false, error: `invalid recipe: unknown time format "${tok.format}"` };
      }
    }
  }
  return { ok: true, recipe: r.data };
}

function locatorTemplates(l: LocatorSpec): string[] {
  switch (l.by) {
    case 'role': return l.name ? [l.name] : [];
    case 'label': case 'text': case 'placeholder': return [l.text];
    case 'code': return [l.code];
    case 'css': return [l.selector];
    case 'cell': return [l.row, l.column, ...(l.within !== undefined ? [l.within] : []), ...(l.inner?.name !== undefined ? [l.inner.name] : [])];
    case 'scoped': return [...l.texts, ...(l.name !== undefined ? [l.name] : [])];
    default: return [];
  }
}

function postTemplates(p: Postcondition): string[] {
  switch (p.kind) {
    case 'url': return [p.path, ...Object.values(p.query)];
    case 'visible': case 'hidden': return locatorTemplates(p.locator);
    case 'value': return [p.value];
    default: return [];
  }
}

/** Every template string of a step: its locators, value, URL and postconditions. */
export function stepTemplates(s: RecipeStep): string[] {
  return [
    ...s.locators.flatMap(locatorTemplates),
    ...(s.value !== undefined ? [s.value] : []),
    ...(s.url ? [s.url] : []),
    ...(s.describe ? [s.describe] : []),
    ...s.post.flatMap(postTemplates),
  ];
}

/** Does the step depend on the booking's date/time/lane (in what it acts on or what it expects)? */
export function stepUsesBookingParams(s: RecipeStep): boolean {
  return stepTemplates(s).some(usesBookingParams);
}

/** Parameter and secret names a recipe refers to. */
export function recipeParams(steps: RecipeStep[], done: Postcondition[] = []): string[] {
  const names = new Set<string>();
  for (const t of [...steps.flatMap(stepTemplates), ...done.flatMap(postTemplates)]) for (const tok of templateTokens(t)) names.add(tok.name);
  return [...names].sort();
}
