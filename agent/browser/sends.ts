// What the browser sent: the state-changing requests (POST, PUT, PATCH, DELETE) the venue accepted while a booking
// ran. This is the network's own evidence that a booking may have been made, whatever the model or a recipe
// claims; a request carrying a secret is a login, not a booking, and is not counted.
import type { BrowserContext, Request } from 'playwright-core';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SendCounter {
  /** Accepted state-changing requests so far (answers still on their way are awaited by settle()). */
  count(): number;
  /** Waits briefly for answers still in flight, then stops counting. */
  dispose(): Promise<number>;
}

function carriesSecret(body: string, secrets: string[]): boolean {
  if (!body) return false;
  return secrets.some((v) => v && (body.includes(v) || body.includes(encodeURIComponent(v)) || body.includes(JSON.stringify(v).slice(1, -1))));
}

export function countSends(context: BrowserContext, secrets: string[]): SendCounter {
  let accepted = 0;
  const pending = new Set<Promise<void>>();
  const onFinished = (req: Request) => {
    if (SAFE_METHODS.has(req.method())) return;
    const p = (async () => {
      const res = await req.response().catch(() => null);
      if (!res || res.status() >= 400) return;
      if (carriesSecret(req.postData() ?? '', secrets)) return;
      accepted++;
    })();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  context.on('requestfinished', onFinished);
  return {
    count: () => accepted,
    async dispose() {
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 1_000).unref())]);
      context.off('requestfinished', onFinished);
      return accepted;
    },
  };
}
