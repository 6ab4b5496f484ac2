// The machine a report was measured on: figures mean little without it (shared 2-core CI boxes and
// laptops differ several-fold), so every generated report carries this line.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  chromium: string;
  os: string;
  /** 1, 5 and 15 minute load averages when measured: a shared machine makes timings noisy. */
  load: [number, number, number];
}

export function chromiumVersion(path = '/usr/bin/chromium'): string {
  try {
    // Debian's wrapper script chatters on stderr; only stdout carries the version.
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (e) {
    return `unknown (${(e as Error).message.split('\n')[0]})`;
  }
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    ramGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium: chromiumVersion(),
    os: `${process.platform} ${process.arch}`,
    load: loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number],
  };
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpu} · ${m.cores} cores · ${m.ramGb} GB RAM · Node ${m.node} · ${m.chromium} · ${m.os} · load average at start ${m.load.join(' / ')} (1/5/15 min)`;
}
