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

/** The source a report was made from: the commit, and whether the tree held uncommitted changes. */
export interface SourceStamp {
  commit: string;
  clean: boolean;
  /** How many paths differed from the commit (tracked changes and untracked files). */
  changed: number;
}

export function sourceStamp(cwd: string): SourceStamp {
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git(['rev-parse', 'HEAD']).trim();
    const changed = git(['status', '--porcelain', '--untracked-files=normal']).split('\n').filter(Boolean).length;
    return { commit, clean: changed === 0, changed };
  } catch {
    return { commit: 'unknown (not a git checkout)', clean: false, changed: 0 };
  }
}

/** "Commit: `abc…` (clean tree)" — or says the figures came from uncommitted code. */
export function sourceLine(s: SourceStamp): string {
  return `Commit: \`${s.commit}\` (${s.clean ? 'clean tree' : `tree NOT clean: ${s.changed} uncommitted path(s), so the figures may not match this commit`})`;
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpu} · ${m.cores} cores · ${m.ramGb} GB RAM · Node ${m.node} · ${m.chromium} · ${m.os} · load average at start ${m.load.join(' / ')} (1/5/15 min)`;
}
