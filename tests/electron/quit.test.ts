// Quitting with an attempt in flight: the first quit is held while the service waits for, then
// safely aborts, the attempt; a second Quit meanwhile does not cut it short; then the app quits.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { setupQuit } from '../../electron/shell/quit';
import { FakeService } from './fakes';

class FakeApp extends EventEmitter {
  quits = 0;
  exited = false;
  quit() {
    this.quits++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

describe('setupQuit', () => {
  it('waits for service.shutdown (abort after the timeout) before really quitting', async () => {
    const app = new FakeApp();
    const service = new FakeService();
    let release!: (r: { waited: string[]; aborted: string[] }) => void;
    service.shutdown = (opts) => {
      service.calls.push({ method: 'shutdown', args: [opts] });
      return new Promise((r) => (release = r));
    };
    let cleaned = 0;
    const q = setupQuit({ app, service, timeoutMs: 12_000, beforeShutdown: () => cleaned++ });
    app.quit();
    expect(app.exited).toBe(false);
    expect(q.shuttingDown()).toBe(true);
    app.quit(); // impatient second Quit
    expect(app.exited).toBe(false);
    expect(service.callsTo('shutdown')).toEqual([{ method: 'shutdown', args: [{ abortRunning: true, timeoutMs: 12_000 }] }]);
    expect(cleaned).toBe(1);
    release({ waited: [], aborted: ['a1'] });
    await q.done();
    expect(app.exited).toBe(true);
  });

  it('still quits when the service fails to shut down cleanly', async () => {
    const app = new FakeApp();
    const service = new FakeService();
    service.shutdown = async () => {
      throw new Error('disk full');
    };
    const logged: string[] = [];
    const q = setupQuit({ app, service, log: (m) => logged.push(m) });
    app.quit();
    await q.done();
    expect(app.exited).toBe(true);
    expect(logged).toContain('service shutdown failed');
  });
});
