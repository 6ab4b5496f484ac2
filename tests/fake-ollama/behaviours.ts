// Scripted model behaviours for the fake Ollama: each reads the last user message (goal + snapshot) and answers.
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
