// One process owns the data folder. A lock file holds the owner's pid; a lock left by a process
// that no longer exists (kill -9, power loss) is taken over rather than blocking Lanebot forever.
// A process that has exited but not yet been reaped (a zombie) no longer exists either.
import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';

export class OwnerLockError extends Error {
  constructor(readonly pid: number, readonly path: string) {
    super(`Another Lanebot (pid ${pid}) is already using this data folder (${path}). Quit it first, or open it instead.`);
    this.name = 'OwnerLockError';
  }
}

/** The process state letter from /proc/<pid>/stat (Linux), e.g. 'R', 'S', 'Z'; undefined elsewhere. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": comm may itself hold spaces or parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 1).trim().split(' ')[0];
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // kill(pid, 0) succeeds on a zombie: it has exited, it owns nothing.
  const state = processState(pid);
  return state !== 'Z' && state !== 'X';
}

/** Locks this process holds: a lock file with our own pid is ours only if we took it (else it is a stale one whose pid was reused). */
const heldHere = new Set<string>();

// Whatever way this process ends (a failed start that throws, process.exit), its locks go with it.
let exitHook = false;
function releaseAllOnExit() {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const key of heldHere) {
      try {
        if (readFileSync(key, 'utf8').trim() === String(process.pid)) unlinkSync(key);
      } catch {
        /* already gone */
      }
    }
  });
}

export function acquireOwnerLock(path: string): () => void {
  const key = resolve(path);
  if (heldHere.has(key)) throw new OwnerLockError(process.pid, path);
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(key);
      releaseAllOnExit();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(key);
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) throw new OwnerLockError(pid, path);
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}

/** The pid holding the lock, if a live process does. */
export function lockOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isFinite(pid) && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
