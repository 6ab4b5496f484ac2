// `npm run eval`: the model path with no recipe on the demo venue's layouts, against an Ollama at a URL. Here the
// fake Ollama (the real HTTP API, counting prompt_eval_count / eval_count) stands in: the competent behaviour books
// grid and cards, a liar books nothing and must read "booked no" (ground truth), and an unreachable host or a
// model that is not pulled gives one line and a non-zero exit.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { competent, liar } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['scripts/eval.ts', ...args], { cwd: ROOT, timeout: 150_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ behaviour: competent(), models: ['qwen2.5:7b'] });
});
afterAll(async () => {
  await fake?.close();
});

describe('npm run eval', { timeout: 180_000 }, () => {
  it('prints, per layout, booked and verified (venue ground truth), model calls, tokens per step and time', async () => {
    fake.setBehaviour(competent());
    fake.requests.length = 0;
    const r = await runEval(['--ollama', fake.host, '--model', 'qwen2.5:7b', '--layouts', 'grid,cards']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const grid = lines.find((l) => l.startsWith('grid'))!;
    const cards = lines.find((l) => l.startsWith('cards'))!;
    for (const l of [grid, cards]) expect(l).toMatch(/booked yes\s+verified yes\s+calls +\d+\s+tokens\/step +\d+ in \+ +\d+ out\s+\d+\.\d s/);
    // The calls and tokens it prints are the ones the server answered with.
    const chats = fake.requests.filter((q) => q.path === '/api/chat').length;
    const printed = [grid, cards].map((l) => Number(/calls +(\d+)/.exec(l)![1]));
    expect(printed.reduce((a, b) => a + b, 0)).toBe(chats);
    expect(Number(/tokens\/step +(\d+) in/.exec(grid)![1])).toBeGreaterThan(100);
    expect(lines.at(-1)).toMatch(/^qwen2\.5:7b: booked and verified on 2 of 2 layout\(s\)/);
  });

  it('a model that only claims success reads "booked no" and is not counted', async () => {
    fake.setBehaviour(liar());
    const r = await runEval(['--ollama', fake.host, '--model', 'qwen2.5:7b', '--layouts', 'grid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^grid +booked no +verified no .*— the model said it was done, but the venue holds no such booking$/m);
    expect(r.stdout).toMatch(/booked and verified on 0 of 1 layout/);
  });

  it('without a reachable Ollama, or with the model not pulled, says so in one line and exits non-zero', async () => {
    const down = await runEval(['--ollama', 'http://127.0.0.1:9', '--model', 'qwen2.5:7b']);
    expect(down.code).not.toBe(0);
    expect(down.stdout.trim().split('\n')).toHaveLength(1);
    expect(down.stdout).toMatch(/^eval: no model to evaluate — .*(Ollama|127\.0\.0\.1:9)/);
    const missing = await runEval(['--ollama', fake.host, '--model', 'llama3.1:70b']);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout.trim().split('\n')).toHaveLength(1);
    expect(missing.stdout).toMatch(/not pulled/);
  });
});
