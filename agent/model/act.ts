// Executes one model action on the page: resolves its ref from the latest snapshot (never guessed), then performs
// it through the action table (model/actions.ts). No action evaluates JavaScript.
import type { Locator, Page } from 'playwright-core';
import type { PageSnapshot } from '../page/snapshot';
import { performWith, type AgentAction } from './actions';
import { isCardField } from '../browser/checks';

export interface ActContext {
  page: Page;
  snapshot: PageSnapshot;
  allowed: Set<string>;
  secrets: Map<string, string>;
  actionTimeoutMs: number;
}

export interface ActResult {
  ok: boolean;
  message: string;
  target?: string;
  locator?: string;
  /** Secret names typed by this action (to spot a login submit). */
  usedSecrets?: string[];
}

async function durable(loc: Locator): Promise<string | undefined> {
  try {
    return String(await loc.normalize());
  } catch {
    return undefined;
  }
}

export async function performAction(action: AgentAction, ctx: ActContext): Promise<ActResult> {
  const { page, snapshot } = ctx;
  const timeout = ctx.actionTimeoutMs;
  const refOf = (a: AgentAction): string | undefined => ('ref' in a ? a.ref : undefined);
  const ref = refOf(action);
  let loc: Locator | undefined;
  let target: string | undefined;
  let locator: string | undefined;
  if (ref) {
    const info = snapshot.refs.get(ref);
    if (!info) {
      return { ok: false, message: `There is no element ${ref} on this page. Use only refs from the current snapshot.` };
    }
    target = `${info.role}${info.name ? ` "${info.name}"` : ''}`;
    loc = page.getByRef(ref);
    // Lanebot never types card details, whatever the model asks (the payment guard also stops them on the network).
    if ((action.action === 'fill' || action.action === 'select') && (await isCardField(loc))) {
      return { ok: false, message: 'Lanebot never types into payment card fields. Pay only from account credit when the page offers it, or answer fail.', target };
    }
    locator = await durable(loc);
  }
  const done = await performWith(action, { page, ...(loc ? { loc } : {}), ...(target ? { target } : {}), allowed: ctx.allowed, secrets: ctx.secrets, timeout });
  return { ok: done.ok, message: done.message, target, locator, ...(done.usedSecrets ? { usedSecrets: done.usedSecrets } : {}) };
}
