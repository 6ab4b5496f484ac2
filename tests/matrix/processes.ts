// Processes a night starts and kills on purpose: the attempt's Chromium (found by its unique
// user-data-dir under the night's home) and a child process running the service (kill -9).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = resolve(HERE, '../..');

/** PIDs (other than ours) whose command line mentions `needle`: only processes this night started carry its temp path. */
export function pidsMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    if (pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'latin1').split('\0').some((a) => a.includes(needle))) out.push(pid);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** SIGKILLs every process whose command line mentions `needle`; returns how many there were. */
export function killMentioning(needle: string): number {
  const pids = pidsMentioning(needle);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return pids.length;
}

export interface ChildService {
  child: ChildProcess;
  /** Service events the child printed (JSON), in order. */
  events: unknown[];
  logs: string[];
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs tests/matrix/fixtures/service-child.ts: the real service on `home`, its clock starting at
 * `at`, firing one scheduled attempt for the profile. A guard kills it if the night forgets to.
 */
export function startChildService(o: { home: string; at: Date; profileId: string; slot: string; guardMs?: number }): ChildService {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures', 'service-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, MATRIX_CHILD: JSON.stringify({ home: o.home, at: o.at.toISOString(), profileId: o.profileId, slot: o.slot }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r: ChildService = { child, events: [], logs: [], stderr: '', exited: undefined as never };
  const guard = setTimeout(() => child.kill('SIGKILL'), o.guardMs ?? 120_000);
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('EVENT ')) r.events.push(JSON.parse(line.slice(6)));
      else r.logs.push(line.replace(/^LOG /, ''));
    }
  });
  child.stderr!.on('data', (c) => (r.stderr += String(c)));
  r.exited = new Promise((ok) =>
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      ok({ code, signal });
    }),
  );
  return r;
}
