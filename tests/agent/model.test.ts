// The model client through the real `ollama` package: Ollama down, model missing, slow model, request shape, abort.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSession, probeOllama, SYSTEM_PROMPT_TOKENS, warmModel, type SessionOptions } from '../../agent/index';
import { down, fixed, slow } from '../fake-ollama/behaviours';
import { startFakeOllama as startNamed } from '../fake-ollama/index';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { removeDir, tempDir } from './helpers';
import { startSite, type Site } from './site';

let site: Site;
let fake: FakeOllama;
let closedHost: string;
let dir: string;

beforeAll(async () => {
  // Real pages carry markup the model never needs: styles, wrappers, attributes.
  site = await startSite({ '/': `<style>body{font:15px system-ui;margin:0}.card{border:1px solid #ddd;border-radius:8px;padding:12px}</style>
    <div class="page"><div class="card" data-testid="card-1"><h1 class="title">Lanes</h1><button type="button" class="btn btn-primary">Book</button></div></div>` });
  fake = await startFakeOllama({ behaviour: fixed({ action: 'done', summary: 'ok' }) });
  // A port that was just listening and is now closed: connection refused, like a stopped Ollama.
  const gone = await startFakeOllama({ behaviour: down });
  closedHost = gone.host;
  await gone.close();
  dir = await tempDir('model');
});
afterAll(async () => {
  await site?.close();
  await fake?.close();
  await removeDir(dir);
});

function options(over: Partial<SessionOptions['model']> = {}, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    venue: { startUrl: site.url, allowedOrigins: [], timeZone: 'Europe/London' },
    secrets: { names: [], resolve: async () => undefined },
    model: { host: fake.host, model: 'qwen2.5:7b', timeoutMs: 5_000, numCtx: 8192, keepAlive: '30m', ...over },
    browser: { executablePath: '/usr/bin/chromium' },
    artifactsDir: dir,
    ...extra,
  };
}

async function bookOnce(opts: SessionOptions) {
  const session = await openSession(opts);
  try {
    return await session.book({ instructions: 'Book a lane.', want: { date: '2026-12-01' } });
  } finally {
    await session.close();
  }
}

it('probeOllama reports a running Ollama, a missing model, a stopped one and an unhealthy one in plain words', async () => {
  fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
  const ok = await probeOllama({ host: fake.host, model: 'qwen2.5:7b', timeoutMs: 2000 });
  expect(ok).toMatchObject({ reachable: true, modelPulled: true, version: '0.12.6', models: ['qwen2.5:7b'] });

  const missing = await probeOllama({ host: fake.host, model: 'llama3.2', timeoutMs: 2000 });
  expect(missing).toMatchObject({ reachable: true, modelPulled: false });
  expect(missing.message).toContain('run `ollama pull llama3.2`');

  const stopped = await probeOllama({ host: closedHost, model: 'qwen2.5:7b', timeoutMs: 2000 });
  expect(stopped).toMatchObject({ reachable: false, modelPulled: false, models: [] });
  expect(stopped.message).toBe(`Ollama is not running at ${closedHost} — start it with \`ollama serve\` (or fix the model host in Settings).`);

  fake.setBehaviour(down);
  const sick = await probeOllama({ host: fake.host, model: 'qwen2.5:7b', timeoutMs: 2000 });
  expect(sick.reachable).toBe(false);
  expect(sick.message).toMatch(/answered with an error \(503/);
  fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
});

it('Ollama not running → transient ollama-down with how to start it', async () => {
  const r = await bookOnce(options({ host: closedHost }));
  expect(r.claimedDone).toBe(false);
  expect(r.failure).toEqual({ kind: 'transient', code: 'ollama-down', message: `Ollama is not running at ${closedHost} — start it with \`ollama serve\` (or fix the model host in Settings).` });
});

it('Ollama answering 503 → transient ollama-down', async () => {
  fake.setBehaviour(down);
  try {
    const r = await bookOnce(options());
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'ollama-down' });
  } finally {
    fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
  }
});

it('model not pulled → transient model-missing naming the pull command', async () => {
  const r = await bookOnce(options({ model: 'mistral:7b' }));
  expect(r.failure).toEqual({ kind: 'transient', code: 'model-missing', message: 'Model mistral:7b is not pulled: run `ollama pull mistral:7b`.' });
});

it('a model slower than the timeout → transient model-timeout, without waiting for it', async () => {
  fake.setBehaviour(slow(8_000));
  try {
    const t0 = Date.now();
    const r = await bookOnce(options({ timeoutMs: 400 }));
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'model-timeout' });
    expect(r.failure!.message).toMatch(/^The model qwen2\.5:7b did not answer within 0\.4 s/);
    expect(Date.now() - t0).toBeLessThan(6_000);
  } finally {
    fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
  }
});

it('cancelling the session signal ends a waiting model call as aborted and closes the browser', async () => {
  fake.setBehaviour(slow(8_000));
  const ac = new AbortController();
  const session = await openSession(options({ timeoutMs: 20_000 }, { signal: ac.signal }));
  try {
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 600);
    const r = await session.book({ instructions: 'Book a lane.', want: { date: '2026-12-01' } });
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  } finally {
    await session.close();
    fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
  }
});

it('every chat call carries the JSON-schema format, num_ctx, keep_alive and a short system prompt; warmModel loads with keep_alive', async () => {
  fake.requests.length = 0;
  const r = await bookOnce(options());
  expect(r.claimedDone).toBe(true);
  const chat = fake.chats()[0]!;
  expect(chat).toMatchObject({ model: 'qwen2.5:7b', stream: false, keep_alive: '30m', options: { num_ctx: 8192, temperature: 0 } });
  expect(chat.format).toMatchObject({ oneOf: expect.any(Array) });
  expect((chat as unknown as { tools?: unknown }).tools).toBeUndefined();
  expect(chat.messages[0]!.role).toBe('system');
  expect(SYSTEM_PROMPT_TOKENS).toBeLessThan(800);
  expect(chat.messages[1]!.content).toContain('GOAL: Book a lane.');
  expect(chat.messages[1]!.content).toMatch(/<snapshot>\n[\s\S]*button "Book" \[ref=e\d+\][\s\S]*<\/snapshot>/);
  expect(r.usage).toMatchObject({ calls: 1, promptTokens: expect.any(Number), evalTokens: expect.any(Number) });
  expect(r.usage.promptTokens).toBeGreaterThan(SYSTEM_PROMPT_TOKENS);

  fake.requests.length = 0;
  await warmModel(options().model);
  expect(fake.requests.map((q) => q.path)).toEqual(['/api/generate']);
  expect(fake.requests[0]!.body).toMatchObject({ model: 'qwen2.5:7b', prompt: '', keep_alive: '30m' });
});

it('bench figures: per-step HTML, raw and compact snapshot sizes, model calls and harness time', async () => {
  fake.setBehaviour(fixed({ action: 'done', summary: 'ok' }));
  const session = await openSession(options({}, { measure: true }));
  try {
    const r = await session.book({ instructions: 'Book a lane.', want: { date: '2026-12-01' } });
    const sizes = r.steps[0]!.sizes!;
    expect(sizes.htmlTokens).toBeGreaterThan(sizes.rawTokens);
    expect(sizes.rawTokens).toBeGreaterThanOrEqual(sizes.compactTokens);
    expect(r.usage.snapshotTokens).toEqual([sizes.compactTokens]);
    expect(r.harnessMs).toBeGreaterThan(0);
    // Both are whole milliseconds rounded separately: the step may read 1 ms less than the model call inside it.
    expect(r.steps[0]!.durationMs).toBeGreaterThanOrEqual(r.steps[0]!.modelMs! - 1);
  } finally {
    await session.close();
  }
});

it('the fake can be started by behaviour name; "missing-model" lists no models', async () => {
  const named = await startNamed({ behaviour: 'missing-model' });
  try {
    const p = await probeOllama({ host: named.host, model: 'qwen2.5:7b', timeoutMs: 2000 });
    expect(p).toMatchObject({ reachable: true, modelPulled: false, models: [] });
  } finally {
    await named.close();
  }
});
