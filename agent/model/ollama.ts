// The Ollama client: every call timed out and cancellable, errors classified into user-readable failures.
import { Ollama, type ChatResponse, type Message } from 'ollama';
import { AgentError } from '../core/failure';
import type { ModelConfig } from '../types';

export const DEFAULT_HOST = 'http://127.0.0.1:11434';

export function normalizeHost(host: string | undefined): string {
  const h = (host ?? '').trim() || DEFAULT_HOST;
  return (/^https?:\/\//i.test(h) ? h : `http://${h}`).replace(/\/+$/, '');
}

/**
 * The client ignores OLLAMA_HOST and has no timeout of its own, so each request gets a signal that
 * fires on the per-call timeout or on the caller's signal, whichever comes first.
 */
export function createOllama(host: string, timeoutMs: number, signal?: AbortSignal): Ollama {
  const timedFetch: typeof fetch = (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (init?.signal) signals.push(init.signal);
    if (signal) signals.push(signal);
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
  return new Ollama({ host: normalizeHost(host), fetch: timedFetch });
}

/** Turns a thrown client/fetch error into a classified AgentError with a message that says what to do. */
export function classifyModelError(e: unknown, cfg: { host: string; model: string; timeoutMs: number }, signal?: AbortSignal): AgentError {
  const host = normalizeHost(cfg.host);
  if (signal?.aborted) return new AgentError('aborted', 'The attempt was cancelled.');
  const err = e as { name?: string; message?: string; status_code?: number; cause?: { code?: string } };
  const msg = String(err?.message ?? e);
  if (err?.name === 'TimeoutError' || /timeout|timed out/i.test(msg) || (err?.name === 'AbortError' && !signal?.aborted)) {
    return new AgentError('model-timeout', `The model ${cfg.model} did not answer within ${seconds(cfg.timeoutMs)} (Ollama at ${host}). A smaller model, a shorter page or a longer timeout may help.`);
  }
  if (typeof err?.status_code === 'number') {
    if (err.status_code === 404 && /not found|pull/i.test(msg)) {
      return new AgentError('model-missing', `Model ${cfg.model} is not pulled: run \`ollama pull ${cfg.model}\`.`);
    }
    if (err.status_code >= 500) {
      return new AgentError('ollama-down', `Ollama at ${host} answered with an error (${err.status_code}: ${msg.slice(0, 160)}). It may be overloaded or restarting.`);
    }
    return new AgentError('model-error', `Ollama at ${host} rejected the request (${err.status_code}: ${msg.slice(0, 160)}).`);
  }
  const code = err?.cause?.code ?? '';
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|UND_ERR_SOCKET|fetch failed|other side closed/i.test(`${code} ${msg}`)) {
    return new AgentError('ollama-down', `Ollama is not running at ${host} — start it with \`ollama serve\` (or fix the model host in Settings).`);
  }
  return new AgentError('model-error', `Ollama at ${host} failed: ${msg.slice(0, 200)}`);
}

export interface ProbeResult { reachable: boolean; version?: string; models: string[]; modelPulled: boolean; message: string }

/** Names match with or without the implicit ':latest' tag. */
export function modelMatches(have: string, want: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return norm(have) === norm(want);
}

/** Is Ollama up, and is the configured model pulled? Never throws. */
export async function probeOllama(cfg: Pick<ModelConfig, 'host' | 'model' | 'timeoutMs'>): Promise<ProbeResult> {
  const host = normalizeHost(cfg.host);
  const timeoutMs = Math.min(cfg.timeoutMs || 5000, 10_000);
  const client = createOllama(host, timeoutMs);
  let version: string | undefined;
  try {
    version = (await client.version()).version;
  } catch (e) {
    const err = classifyModelError(e, { ...cfg, timeoutMs });
    const message = err.code === 'model-timeout' ? `Ollama at ${host} did not answer within ${seconds(timeoutMs)}.` : err.message;
    return { reachable: false, models: [], modelPulled: false, message };
  }
  try {
    const models = (await client.list()).models.map((m) => m.name);
    const modelPulled = models.some((m) => modelMatches(m, cfg.model));
    const message = modelPulled
      ? `Ollama ${version} is running at ${host} and has ${cfg.model}.`
      : `Ollama ${version} is running at ${host}, but model ${cfg.model} is not pulled: run \`ollama pull ${cfg.model}\`.`;
    return { reachable: true, version, models, modelPulled, message };
  } catch (e) {
    return { reachable: true, version, models: [], modelPulled: false, message: classifyModelError(e, { ...cfg, timeoutMs }).message };
  }
}

export interface ChatOutcome { content: string; ms: number; promptTokens: number; evalTokens: number }

/** One non-streaming chat call constrained by a JSON schema. */
export async function chatJson(
  cfg: ModelConfig,
  messages: Message[],
  format: Record<string, unknown>,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ChatOutcome> {
  const timeoutMs = Math.max(1, Math.min(opts.timeoutMs ?? cfg.timeoutMs, cfg.timeoutMs));
  const client = createOllama(cfg.host, timeoutMs, opts.signal);
  const started = performance.now();
  let res: ChatResponse;
  try {
    res = await client.chat({
      model: cfg.model,
      messages,
      format,
      stream: false,
      keep_alive: cfg.keepAlive,
      // Deterministic decoding: the same page should give the same action.
      options: { num_ctx: cfg.numCtx, temperature: 0 },
    });
  } catch (e) {
    throw classifyModelError(e, { ...cfg, timeoutMs }, opts.signal);
  }
  return {
    content: res.message?.content ?? '',
    ms: performance.now() - started,
    promptTokens: res.prompt_eval_count ?? 0,
    evalTokens: res.eval_count ?? 0,
  };
}

/** Loads the model into memory ahead of the booking window (empty generate = load), keeping it for keepAlive. */
export async function warmModel(cfg: ModelConfig, signal?: AbortSignal): Promise<void> {
  const client = createOllama(cfg.host, cfg.timeoutMs, signal);
  try {
    await client.generate({ model: cfg.model, prompt: '', keep_alive: cfg.keepAlive, stream: false });
  } catch (e) {
    throw classifyModelError(e, cfg, signal);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
