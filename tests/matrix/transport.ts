// How a night talks to the service: in-process (service.handle) or through the headless HTTP
// transport with its token and server-sent events. Everything the HTTP side hands back is kept,
// because the secret scan reads every response body and every SSE frame.
import type { LanebotService } from '../../electron/service/index';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { RENDERER_DIR } from '../../electron/service/home';

export interface Transport {
  kind: 'direct' | 'http';
  call(method: string, body: unknown): Promise<unknown>;
  /** Raw text the transport returned (HTTP bodies and SSE frames); empty for direct calls. */
  readonly received: string[];
  close(): Promise<void>;
}

export function directTransport(service: LanebotService): Transport {
  return { kind: 'direct', call: (m, b) => service.handle(m, b), received: [], close: async () => {} };
}

const CALL_TIMEOUT_MS = 15_000;

export async function httpTransport(service: LanebotService): Promise<Transport> {
  const server: HttpServer = await startHttpServer(service, { rendererDir: RENDERER_DIR });
  const received: string[] = [];
  const auth = { authorization: `Bearer ${server.token}` };
  const sse = new AbortController();
  const events = await fetch(`${server.origin}/api/events`, { headers: auth, signal: sse.signal });
  if (!events.ok || !events.body) throw new Error(`SSE refused: HTTP ${events.status}`);
  // Read frames until the night closes the stream; each frame is scanned later.
  const reading = (async () => {
    const reader = events.body!.getReader();
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received.push(dec.decode(value, { stream: true }));
      }
    } catch {
      /* aborted at close */
    }
  })();
  return {
    kind: 'http',
    received,
    async call(method, body) {
      const r = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await r.text();
      received.push(text);
      const j = JSON.parse(text) as { error?: { message?: string } };
      if (!r.ok) throw new Error(`${method}: HTTP ${r.status} ${j.error?.message ?? ''}`);
      return j;
    },
    async close() {
      sse.abort();
      await reading;
      await server.close();
    },
  };
}
