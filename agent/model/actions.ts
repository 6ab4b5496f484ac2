// The model's action vocabulary as ONE table: for each action its schema (which constrains Ollama's output
// through `format` and validates it), its example line in the system prompt, its one-line description for
// logs and history, and how it is performed on the page. Adding an action is one entry here.
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import { isAllowedUrl, placeholdersIn, substituteSecrets } from '../browser/confine';
import { isPasswordSecret } from '../core/secret-names';
import type { Assert, Equal } from '../core/type-equal';
import type { AgentAction } from '../types';

export type { AgentAction } from '../types';
export type ActionName = AgentAction['action'];
type ActionOf<K extends ActionName> = Extract<AgentAction, { action: K }>;

const ref = z.string().regex(/^(?:f\d+)?e\d+$/, 'a ref from the snapshot, like e12').describe('ref from the snapshot, like e12');
const note = z.string().max(200).optional().describe('very short reason');
const KEYS = ['Enter', 'Tab', 'Escape', 'ArrowDown', 'ArrowUp', 'Space'] as const;

/** What performing an action may use: the page, the element its ref names (when it has one), and the rules for secrets. */
export interface PerformContext {
  page: Page;
  /** The element the action's ref resolved to, with its human description. */
  loc?: Locator;
  target?: string;
  allowed: Set<string>;
  secrets: Map<string, string>;
  timeout: number;
}

export interface Performed {
  ok: boolean;
  message: string;
  /** Secret names typed by this action (to spot a login submit). */
  usedSecrets?: string[];
}

interface ActionDef<K extends ActionName> {
  schema: z.ZodType<ActionOf<K>>;
  /** The action's line in the system prompt. */
  example: string;
  describe(a: ActionOf<K>): string;
  perform(a: ActionOf<K>, c: PerformContext): Promise<Performed>;
}

const ok = (message: string, usedSecrets?: string[]): Performed => ({ ok: true, message, ...(usedSecrets ? { usedSecrets } : {}) });
const fail = (message: string): Performed => ({ ok: false, message });

/** URL of the document that holds the element: a field inside a foreign iframe must not get secrets. */
async function frameUrlOf(loc: Locator, timeout: number): Promise<string> {
  const handle = await loc.elementHandle({ timeout });
  try {
    return (await handle?.ownerFrame())?.url() ?? 'about:unknown';
  } finally {
    await handle?.dispose();
  }
}

function safeOrigin(url: string): string {
  try { return new URL(url).origin; } catch { return 'that address'; }
}

export const ACTIONS: { [K in ActionName]: ActionDef<K> } = {
  click: {
    schema: z.object({ action: z.literal('click'), ref, note }),
    example: '{"action":"click","ref":"e12"}',
    describe: (a) => `click ${a.ref}`,
    async perform(_a, c) {
      await c.loc!.click({ timeout: c.timeout });
      return ok(`clicked ${c.target}`);
    },
  },
  fill: {
    schema: z.object({ action: z.literal('fill'), ref, value: z.string().max(500).describe('text to type; use {{name}} for secrets'), note }),
    example: '{"action":"fill","ref":"e5","value":"text"}',
    describe: (a) => `fill ${a.ref} with "${a.value}"`,
    async perform(a, c) {
      const names = placeholdersIn(a.value);
      if (names.some(isPasswordSecret)) {
        const type = (await c.loc!.getAttribute('type', { timeout: c.timeout }).catch(() => null)) ?? '';
        if (type.toLowerCase() !== 'password') return fail(`{{${names.find(isPasswordSecret)}}} may only be typed into a password field.`);
      }
      const frameUrl = names.length ? await frameUrlOf(c.loc!, c.timeout) : c.page.url();
      const sub = substituteSecrets(a.value, frameUrl, c.allowed, c.secrets);
      if (!sub.ok) return fail(sub.error);
      await c.loc!.fill(sub.value, { timeout: c.timeout });
      return ok(`filled ${c.target}`, sub.used);
    },
  },
  select: {
    schema: z.object({ action: z.literal('select'), ref, value: z.string().max(200).describe('option label'), note }),
    example: '{"action":"select","ref":"e7","value":"option label"}',
    describe: (a) => `select "${a.value}" in ${a.ref}`,
    async perform(a, c) {
      if (placeholdersIn(a.value).length) return fail('Secrets cannot be used in a select.');
      try {
        await c.loc!.selectOption({ label: a.value }, { timeout: c.timeout });
      } catch {
        await c.loc!.selectOption(a.value, { timeout: c.timeout });
      }
      return ok(`selected "${a.value}" in ${c.target}`);
    },
  },
  press: {
    schema: z.object({ action: z.literal('press'), ref: ref.optional(), key: z.enum(KEYS), note }),
    example: '{"action":"press","ref":"e5","key":"Enter"}',
    describe: (a) => `press ${a.key}${a.ref ? ` in ${a.ref}` : ''}`,
    async perform(a, c) {
      const key = a.key === 'Space' ? ' ' : a.key;
      if (c.loc) await c.loc.press(key, { timeout: c.timeout });
      else await c.page.keyboard.press(key);
      return ok(`pressed ${a.key}`);
    },
  },
  check: {
    schema: z.object({ action: z.literal('check'), ref, checked: z.boolean().optional(), note }),
    example: '{"action":"check","ref":"e9","checked":true}',
    describe: (a) => `${a.checked === false ? 'uncheck' : 'check'} ${a.ref}`,
    async perform(a, c) {
      await c.loc!.setChecked(a.checked ?? true, { timeout: c.timeout });
      return ok(`${a.checked === false ? 'unchecked' : 'checked'} ${c.target}`);
    },
  },
  navigate: {
    schema: z.object({ action: z.literal('navigate'), url: z.string().max(500), note }),
    example: '{"action":"navigate","url":"/path"} (venue site only)',
    describe: (a) => `navigate to ${a.url}`,
    async perform(a, c) {
      if (placeholdersIn(a.url).length) return fail('Secrets cannot be put in a URL.');
      let url: string;
      try {
        url = new URL(a.url, c.page.url()).toString();
      } catch {
        return fail(`"${a.url}" is not a valid URL.`);
      }
      if (!isAllowedUrl(url, c.allowed) || !/^https?:/.test(url)) {
        return fail(`Navigation to ${safeOrigin(url)} is blocked: only ${[...c.allowed].join(', ')} may be visited.`);
      }
      await c.page.goto(url, { timeout: c.timeout, waitUntil: 'domcontentloaded' });
      return ok(`opened ${new URL(url).pathname}`);
    },
  },
  scroll: {
    schema: z.object({ action: z.literal('scroll'), direction: z.enum(['down', 'up']), ref: ref.optional(), note }),
    example: '{"action":"scroll","direction":"down"}',
    describe: (a) => `scroll ${a.direction}${a.ref ? ` to ${a.ref}` : ''}`,
    async perform(a, c) {
      if (c.loc) await c.loc.scrollIntoViewIfNeeded({ timeout: c.timeout });
      else await c.page.mouse.wheel(0, a.direction === 'down' ? 700 : -700);
      return ok(`scrolled ${a.direction}`);
    },
  },
  wait: {
    schema: z.object({ action: z.literal('wait'), seconds: z.number().min(0).max(5).optional(), note }),
    example: '{"action":"wait","seconds":2}',
    describe: (a) => `wait ${a.seconds ?? 1}s`,
    async perform(a, c) {
      await c.page.waitForTimeout(Math.min(5, Math.max(0, a.seconds ?? 1)) * 1000);
      return ok('waited');
    },
  },
  done: {
    schema: z.object({ action: z.literal('done'), summary: z.string().max(300), note }),
    example: '{"action":"done","summary":"what was booked"}',
    describe: (a) => `done: ${a.summary}`,
    perform: async () => ok('done'),
  },
  fail: {
    schema: z.object({ action: z.literal('fail'), reason: z.string().max(300), note }),
    example: '{"action":"fail","reason":"why it cannot be done"}',
    describe: (a) => `fail: ${a.reason}`,
    perform: async () => ok('fail'),
  },
};

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

const schemas = ACTION_NAMES.map((k) => ACTIONS[k].schema) as unknown as [z.ZodObject<{ action: z.ZodLiteral<ActionName> }>, ...z.ZodObject<{ action: z.ZodLiteral<ActionName> }>[]];
export const ActionSchema = z.discriminatedUnion('action', schemas) as unknown as z.ZodType<AgentAction>;

// Each entry's schema is typed as its AgentAction member above; the union here must then be all of AgentAction.
export type _ActionTableCoversAgentAction = Assert<Equal<ActionOf<ActionName>, AgentAction>>;

/** JSON schema for Ollama's `format`: the grammar-constrained decoder only emits objects of these shapes. */
export const ACTION_JSON_SCHEMA: Record<string, unknown> = stripMeta(z.toJSONSchema(ActionSchema, { target: 'draft-7' }));

/** The action lines of the system prompt, in the table's order. */
export const ACTION_EXAMPLES: string = ACTION_NAMES.map((k) => `- ${ACTIONS[k].example}`).join('\n');

export type ParsedAction = { ok: true; action: AgentAction } | { ok: false; error: string };

/** Parses model output text; the error is phrased for the model's corrective retry. */
export function parseAction(text: string): ParsedAction {
  let json: unknown;
  try {
    json = JSON.parse(extractJson(text));
  } catch {
    return { ok: false, error: 'Your reply was not valid JSON.' };
  }
  const r = ActionSchema.safeParse(json);
  if (r.success) return { ok: true, action: r.data };
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'action'}: ${i.message}`);
  return { ok: false, error: `Your reply did not match the action schema (${issues.join('; ')}).` };
}

/** Tolerates a model wrapping its JSON in prose or code fences (possible when `format` is ignored). */
function extractJson(text: string): string {
  const t = text.trim();
  if (t.startsWith('{')) return t;
  const start = t.indexOf('{');
  const end = t.lastIndexOf('}');
  return start >= 0 && end > start ? t.slice(start, end + 1) : t;
}

/** One-line human form of an action, for history lines and logs. */
export function describeAction(a: AgentAction): string {
  return (ACTIONS[a.action] as ActionDef<ActionName>).describe(a);
}

/** Performs an action through its table entry. */
export function performWith(a: AgentAction, c: PerformContext): Promise<Performed> {
  return (ACTIONS[a.action] as ActionDef<ActionName>).perform(a, c);
}

function stripMeta(s: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _drop, ...rest } = s;
  return rest;
}
