// Bench: how quickly `lanebot serve` is ready, and what it costs while idle with three profiles
// scheduled (RSS and CPU from /proc, sampled over the idle period).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../../electron/service/index';
import type { Probes } from '../../electron/service/core';

const CLK_TCK = 100; // Linux USER_HZ

function procStat(pid: number): { cpuTicks: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuTicks, rssBytes: rssKb * 1024 };
}

async function seedHome(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'lanebot-bench-'));
  const probes: Probes = {
    ollama: async () => ({ reachable: false, models: [], modelPulled: false, message: '' }),
    browser: async () => ({ ok: true, message: '' }),
    checkBrowser: async () => ({ ok: false, message: 'not used by the footprint bench' }),
  };
  const svc = await createService({ home, port: { open: async () => { throw new Error('unused'); } }, probes, schedule: false });
  const on = { book: true };
  for (const name of ['Alex', 'Sam', 'Kim']) {
    await svc.handle('profiles.save', {
      profile: {
        name,
        venue: { startUrl: 'http://127.0.0.1:9/', allowedOrigins: ['http://127.0.0.1:9'], timeZone: 'Europe/London', daysAhead: 7, opensAt: '00:00' },
        instructions: 'Book lane 3 at 07:00 on {date}',
        weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
      },
    });
  }
  await svc.shutdown({ abortRunning: true, timeoutMs: 0 });
  return home;
}

export interface FootprintResult {
  readyMs: number;
  idleSeconds: number;
  rssMb: number;
  peakRssMb: number;
  cpuPercent: number;
}

export async function measureServiceFootprint(idleSeconds = 60): Promise<FootprintResult> {
  // Measure what `npm start` runs: the bundled service. bin/lanebot.mjs falls back to tsx (about 50 MB
  // more) when the bundle is older than the sources, which would measure the loader, not Lanebot.
  execFileSync(process.execPath, ['scripts/build-service.mjs'], { stdio: 'ignore' });
  const home = await seedHome();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/lanebot.mjs', 'serve'], { env: { ...process.env, LANEBOT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve not ready in 60 s: ${out}`)), 60_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Open: ')) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
      child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${out}`)));
    });
    // Let start-up work settle before measuring "idle".
    await new Promise((r) => setTimeout(r, 3000));
    const start = procStat(child.pid!);
    const startWall = performance.now();
    let peak = start.rssBytes;
    let last = start;
    for (let s = 0; s < idleSeconds; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      last = procStat(child.pid!);
      peak = Math.max(peak, last.rssBytes);
    }
    const wallS = (performance.now() - startWall) / 1000;
    const cpuS = (last.cpuTicks - start.cpuTicks) / CLK_TCK;
    return { readyMs, idleSeconds, rssMb: last.rssBytes / 2 ** 20, peakRssMb: peak / 2 ** 20, cpuPercent: (100 * cpuS) / wallS };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureServiceFootprint(Number(process.argv[2] ?? 10));
  console.log(r);
}
