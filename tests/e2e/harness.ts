// Everything the UI end-to-end test runs against: the real headless service (store, runner,
// agent, HTTP + SSE) with a freshly built UI, the demo venue, the fake Ollama, and Chromium.
// Composed here from the service's parts the same way `lanebot serve` does, with the model
// host pointed at the fake Ollama and the night schedule off (Book now drives the attempts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createService, type LanebotService } from '../../electron/service/index';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import { FileSecretStore } from '../../electron/service/store/secrets';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the renderer into a private folder so a parallel `npm run build` cannot swap files under the test. */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export interface E2eService {
  service: LanebotService;
  http: HttpServer;
  home: string;
  close(): Promise<void>;
}

export async function startE2eService(o: { rendererDir: string; ollamaHost: string }): Promise<E2eService> {
  const home = await mkdtemp(join(tmpdir(), 'lanebot-e2e-home-'));
  const secrets = new FileSecretStore(home);
  const service = await createService({
    home,
    secrets,
    port: agentBookingPort({ secrets, home, modelHost: o.ollamaHost }),
    probes: agentProbes,
    transport: 'http',
    schedule: false,
  });
  const http = await startHttpServer(service, { port: 0, rendererDir: o.rendererDir });
  return {
    service,
    http,
    home,
    async close() {
      await service.shutdown({ abortRunning: true, timeoutMs: 5_000 }).catch(() => undefined);
      await http.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Reads the service's event stream from Node (as the UI does), keeping every byte for scanning. */
export function captureEvents(origin: string, token: string): { text: () => string; stop: () => void } {
  const ctl = new AbortController();
  let text = '';
  void (async () => {
    try {
      const res = await fetch(`${origin}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: ctl.signal });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += dec.decode(value, { stream: true });
      }
    } catch {
      /* aborted at the end of the test */
    }
  })();
  return { text: () => text, stop: () => ctl.abort() };
}
