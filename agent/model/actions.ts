// The model's action vocabulary: one zod schema, used both to constrain Ollama's output (`format`) and to validate it.
import { z } from 'zod';
import type { Assert, Equal } from '../core/type-equal';
import type { AgentAction } from '../types';

export type { AgentAction } from '../types';

const ref = z.string().regex(/^(?:f\d+)?e\d+$/, 'a ref from the snapshot, like e12').describe('ref from the snapshot, like e12');
const note = z.string().max(200).optional().describe('very short reason');

export const ActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('click'), ref, note }),
  z.object({ action: z.literal('fill'), ref, value: z.string().max(500).describe('text to type; use {{name}} for secrets'), note }),
  z.object({ action: z.literal('select'), ref, value: z.string().max(200).describe('option label'), note }),
  z.object({ action: z.literal('press'), ref: ref.optional(), key: z.enum(['Enter', 'Tab', 'Escape', 'ArrowDown', 'ArrowUp', 'Space']), note }),
  z.object({ action: z.literal('check'), ref, checked: z.boolean().optional(), note }),
  z.object({ action: z.literal('navigate'), url: z.string().max(500), note }),
  z.object({ action: z.literal('scroll'), direction: z.enum(['down', 'up']), ref: ref.optional(), note }),
  z.object({ action: z.literal('wait'), seconds: z.number().min(0).max(5).optional(), note }),
  z.object({ action: z.literal('done'), summary: z.string().max(300), note }),
  z.object({ action: z.literal('fail'), reason: z.string().max(300), note }),
]);

/** The schema describes exactly the AgentAction type of agent/types.ts. */
export type _ActionSchemaIsAgentAction = Assert<Equal<z.output<typeof ActionSchema>, AgentAction>>;
export type ActionName = AgentAction['action'];
export const ACTION_NAMES: ActionName[] = ['click', 'fill', 'select', 'press', 'check', 'navigate', 'scroll', 'wait', 'done', 'fail'];

/** JSON schema for Ollama's `format`: the grammar-constrained decoder only emits objects of these shapes. */
export const ACTION_JSON_SCHEMA: Record<string, unknown> = stripMeta(z.toJSONSchema(ActionSchema, { target: 'draft-7' }));

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
  switch (a.action) {
    case 'click': return `click ${a.ref}`;
    case 'fill': return `fill ${a.ref} with "${a.value}"`;
    case 'select': return `select "${a.value}" in ${a.ref}`;
    case 'press': return `press ${a.key}${a.ref ? ` in ${a.ref}` : ''}`;
    case 'check': return `${a.checked === false ? 'uncheck' : 'check'} ${a.ref}`;
    case 'navigate': return `navigate to ${a.url}`;
    case 'scroll': return `scroll ${a.direction}${a.ref ? ` to ${a.ref}` : ''}`;
    case 'wait': return `wait ${a.seconds ?? 1}s`;
    case 'done': return `done: ${a.summary}`;
    case 'fail': return `fail: ${a.reason}`;
  }
}

function stripMeta(s: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _drop, ...rest } = s;
  return rest;
}
