// One process owns the data folder. A lock file holds the owner's pid; a lock left by a process
// that no longer exists (kill -9, power loss) is taken over rather than blocking Lanebot forever.
import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';

export class OwnerLockError extends Error {
  constructor(readonly pid: number, readonly path: string) {
    super(`Another Lanebot (pid ${pid}) is already using this data folder (${path}). Quit it first, or open it instead.`);
    this.name = 'OwnerLockError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds: a lock file with our own pid is ours only if we took it (else it is a stale one whose pid was reused). */
const heldHere = new Set<string>();

export function acquireOwnerLock(path: string): () => void {
  const key = resolve(path);
  if (heldHere.has(key)) throw new OwnerLockError(process.pid, path);
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(key);
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
