// A fake Ollama HTTP server on 127.0.0.1:0 speaking the real API, so tests exercise the real `ollama` client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Behaviour, ChatRequestBody, Reply } from './behaviours';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** Raw body text as received: what tests scan for secret values. */
  raw: string;
  at: number;
}

export interface FakeOllamaOptions {
  behaviour: Behaviour;
  /** Models `/api/tags` lists; default ['qwen2.5:7b']. */
  models?: string[];
  version?: string;
}

export interface FakeOllama {
  host: string;
  requests: RecordedRequest[];
  /** Only the /api/chat requests, parsed. */
  chats(): ChatRequestBody[];
  setBehaviour(b: Behaviour): void;
  setModels(models: string[]): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['qwen2.5:7b'];

function modelKnown(models: string[], name: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return models.some((m) => norm(m) === norm(name));
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeOllama(opts: FakeOllamaOptions): Promise<FakeOllama> {
  let behaviour = opts.behaviour;
  let models = opts.models ?? DEFAULT_MODELS;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const pending = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try { body = raw ? JSON.parse(raw) : undefined; } catch { body = undefined; }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body, raw, at: Date.now() });
      void handle(path, body as Record<string, unknown> | undefined, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, { error: String(e) });
      });
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  async function handle(path: string, body: Record<string, unknown> | undefined, res: http.ServerResponse): Promise<void> {
    if (behaviour.kind === 'down') {
      // A process that is up but unhealthy: what Ollama answers while it restarts or runs out of memory.
      send(res, 503, { error: 'server busy, please try again later' });
      return;
    }
    if (path === '/api/version') return send(res, 200, { version: opts.version ?? '0.12.6' });
    if (path === '/api/tags') {
      return send(res, 200, {
        models: models.map((name) => ({ name, model: name, modified_at: new Date(0).toISOString(), size: 4_683_087_332, digest: 'fake', details: { format: 'gguf', family: 'qwen2', parameter_size: '7.6B', quantization_level: 'Q4_K_M' } })),
      });
    }
    const model = typeof body?.['model'] === 'string' ? (body['model'] as string) : '';
    if (path === '/api/show') {
      if (!modelKnown(models, model)) return send(res, 404, { error: `model '${model}' not found` });
      return send(res, 200, { modelfile: '', parameters: '', template: '', details: { family: 'qwen2' }, model_info: {}, capabilities: ['completion'] });
    }
    if (path === '/api/generate') {
      if (!modelKnown(models, model)) return send(res, 404, { error: `model '${model}' not found, try pulling it first` });
      return send(res, 200, { model, created_at: new Date().toISOString(), response: '', done: true, done_reason: 'load' });
    }
    if (path === '/api/chat') {
      if (!modelKnown(models, model)) return send(res, 404, { error: `model "${model}" not found, try pulling it first` });
      const chat = body as unknown as ChatRequestBody;
      const reply: Reply = await behaviour.reply(chat);
      if (reply.delayMs) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => { pending.delete(t); resolve(); }, reply.delayMs);
          pending.add(t);
          res.on('close', () => { clearTimeout(t); pending.delete(t); resolve(); });
        });
        if (res.destroyed) return;
      }
      if (reply.status && reply.status !== 200) return send(res, reply.status, { error: reply.content });
      const promptChars = (chat.messages ?? []).reduce((n, m) => n + (m.content?.length ?? 0), 0);
      return send(res, 200, {
        model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: reply.content },
        done: true,
        done_reason: 'stop',
        total_duration: (reply.delayMs ?? 0) * 1e6,
        load_duration: 0,
        prompt_eval_count: Math.ceil(promptChars / 4),
        prompt_eval_duration: 0,
        eval_count: Math.ceil(reply.content.length / 4),
        eval_duration: 0,
      });
    }
    send(res, 404, { error: `unknown endpoint ${path}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    host: `http://127.0.0.1:${port}`,
    requests,
    chats: () => requests.filter((r) => r.path === '/api/chat' && r.body).map((r) => r.body as ChatRequestBody),
    setBehaviour(b) { behaviour = b; },
    setModels(m) { models = m; },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of pending) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
