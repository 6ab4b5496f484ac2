// Quitting with a booking in flight: the first quit request is held back while the service waits
// briefly for the attempt to finish and then aborts it safely (the attempt record says which);
// only then does the app really quit. A second Quit while waiting is ignored, not a hard exit,
// so an attempt is never cut off mid-write.
import type { ShellService } from './service-port';

export interface QuitApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitDeps {
  app: QuitApp;
  service: Pick<ShellService, 'shutdown'>;
  /** How long an attempt may take to finish on its own before it is aborted. */
  timeoutMs?: number;
  /** Runs once before the service shuts down (hide the tray, stop timers). */
  beforeShutdown?: () => void;
  log?: (message: string, e?: unknown) => void;
}

export function setupQuit(deps: QuitDeps): { shuttingDown(): boolean; done(): Promise<void> } {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  let finished: Promise<void> = Promise.resolve();
  deps.app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    finished = (async () => {
      try {
        deps.beforeShutdown?.();
      } catch (e) {
        deps.log?.('cleanup before quit failed', e);
      }
      try {
        const r = await deps.service.shutdown({ abortRunning: true, timeoutMs: deps.timeoutMs ?? 15_000 });
        if (r.waited.length || r.aborted.length) {
          deps.log?.(`Quit: waited for ${r.waited.join(', ') || 'none'}; aborted ${r.aborted.join(', ') || 'none'}`);
        }
      } catch (e) {
        deps.log?.('service shutdown failed', e);
      } finally {
        state = 'stopped';
        deps.app.quit();
      }
    })();
  });
  return { shuttingDown: () => state !== 'running', done: () => finished };
}
