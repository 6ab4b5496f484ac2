// Executes one model action on the page. No action evaluates JavaScript; refs must come from the latest snapshot.
import type { Locator, Page } from 'playwright-core';
import { isPasswordSecret } from '../core/secret-names';
import type { AgentAction } from './actions';
import { isAllowedUrl, placeholdersIn, substituteSecrets } from '../browser/confine';
import type { PageSnapshot } from '../page/snapshot';

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

/** URL of the document that holds the element: a field inside a foreign iframe must not get secrets. */
async function frameUrlOf(loc: Locator, timeout: number): Promise<string> {
  const handle = await loc.elementHandle({ timeout });
  try {
    const frame = await handle?.ownerFrame();
    return frame?.url() ?? 'about:unknown';
  } finally {
    await handle?.dispose();
  }
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
    locator = await durable(loc);
  }
  const fail = (message: string): ActResult => ({ ok: false, message, target, locator });
  const okr = (message: string, usedSecrets?: string[]): ActResult => ({ ok: true, message, target, locator, usedSecrets });

  switch (action.action) {
    case 'click': {
      await loc!.click({ timeout });
      return okr(`clicked ${target}`);
    }
    case 'fill': {
      const names = placeholdersIn(action.value);
      if (names.some(isPasswordSecret)) {
        const type = (await loc!.getAttribute('type', { timeout }).catch(() => null)) ?? '';
        if (type.toLowerCase() !== 'password') {
          return fail(`{{${names.find(isPasswordSecret)}}} may only be typed into a password field.`);
        }
      }
      const frameUrl = names.length ? await frameUrlOf(loc!, timeout) : page.url();
      const sub = substituteSecrets(action.value, frameUrl, ctx.allowed, ctx.secrets);
      if (!sub.ok) return fail(sub.error);
      await loc!.fill(sub.value, { timeout });
      return okr(`filled ${target}`, sub.used);
    }
    case 'select': {
      if (placeholdersIn(action.value).length) return fail('Secrets cannot be used in a select.');
      try {
        await loc!.selectOption({ label: action.value }, { timeout });
      } catch {
        await loc!.selectOption(action.value, { timeout });
      }
      return okr(`selected "${action.value}" in ${target}`);
    }
    case 'press': {
      if (loc) await loc.press(action.key === 'Space' ? ' ' : action.key, { timeout });
      else await page.keyboard.press(action.key === 'Space' ? ' ' : action.key);
      return okr(`pressed ${action.key}`);
    }
    case 'check': {
      await loc!.setChecked(action.checked ?? true, { timeout });
      return okr(`${action.checked === false ? 'unchecked' : 'checked'} ${target}`);
    }
    case 'navigate': {
      if (placeholdersIn(action.url).length) return fail('Secrets cannot be put in a URL.');
      let url: string;
      try {
        url = new URL(action.url, page.url()).toString();
      } catch {
        return fail(`"${action.url}" is not a valid URL.`);
      }
      if (!isAllowedUrl(url, ctx.allowed) || !/^https?:/.test(url)) {
        return fail(`Navigation to ${safeOrigin(url)} is blocked: only ${[...ctx.allowed].join(', ')} may be visited.`);
      }
      await page.goto(url, { timeout, waitUntil: 'domcontentloaded' });
      return okr(`opened ${new URL(url).pathname}`);
    }
    case 'scroll': {
      if (loc) await loc.scrollIntoViewIfNeeded({ timeout });
      else await page.mouse.wheel(0, action.direction === 'down' ? 700 : -700);
      return okr(`scrolled ${action.direction}`);
    }
    case 'wait': {
      await page.waitForTimeout(Math.min(5, Math.max(0, action.seconds ?? 1)) * 1000);
      return okr('waited');
    }
    case 'done':
    case 'fail':
      return okr(action.action);
  }
}

function safeOrigin(url: string): string {
  try { return new URL(url).origin; } catch { return 'that address'; }
}
