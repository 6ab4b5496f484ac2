// The payment guard, enforced where nothing can talk it round: the network. Every state-changing request the session's
// browser is about to send is held while the page it comes from is judged; from a payment step it goes out only when
// the profile allows paying from the account's credit, the amount is within the cap, and the control that sent it is
// the credit one. A card number never leaves, whoever typed it. This covers the model, a replayed recipe and anything
// else alike; a stopped payment is remembered on the context (needs-you.ts) so the attempt ends "needs you".
//
// A form that navigates cannot be read while its request is held (the frame waits for the navigation the guard is
// holding), so each page is read when it loads and again when a control is clicked, before its request leaves.
import type { BrowserContext, Page, Route } from 'playwright-core';
import { carriesCardNumber, classifyPayment, isCreditControl, paymentDecision } from '../page/payment';
import type { PageFacts } from '../page/human-check';
import { readPageFacts } from './checks';
import { stopFor } from './needs-you';
import type { PaymentPolicy } from '../types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BINDING = '__lanebotControl';

/** In the page: tells Node which control was clicked (or submitted a form), before its request leaves. */
const CONTROL_SCRIPT = `(() => {
  const tell = (el) => {
    if (!el || typeof window.${BINDING} !== 'function') return;
    const t = el.tagName === 'INPUT' ? (el.value || el.getAttribute('aria-label') || '') : (el.getAttribute('aria-label') || el.innerText || '');
    try { window.${BINDING}(String(t).replace(/\\s+/g, ' ').trim().slice(0, 200)); } catch (e) { /* the page may be closing */ }
  };
  document.addEventListener('click', (e) => tell(e.target && e.target.closest && e.target.closest('button, input[type="submit"], input[type="button"], a, [role="button"]')), true);
  document.addEventListener('submit', (e) => tell(e.submitter || (e.target && e.target.querySelector && e.target.querySelector('button, input[type="submit"]'))), true);
})();`;

export interface PaymentGuardOptions {
  payment?: PaymentPolicy;
  log(line: string): void;
}

function pageOf(route: Route): Page | undefined {
  try {
    return route.request().frame().page();
  } catch {
    // A request without a frame (a service worker's) is not ours to judge; confinement blocks those anyway.
    return undefined;
  }
}

interface Known { url: string; facts: Promise<PageFacts | undefined> }

/** Installs the guard on a context (after its confinement, so it is asked first and falls back to it). */
export async function guardPayments(context: BrowserContext, o: PaymentGuardOptions): Promise<void> {
  const known = new WeakMap<Page, Known>();
  const control = new WeakMap<Page, string>();
  // The last complete reading of each page (its address with it), for a request that cannot wait for a new one.
  const settled = new WeakMap<Page, { url: string; facts: PageFacts }>();
  const read = (page: Page) => {
    // A read that cannot finish (the page already navigating) keeps what the page showed when it loaded.
    const before = known.get(page);
    const previous = before && before.url === page.url() ? before.facts : Promise.resolve(undefined);
    const url = page.url();
    const facts = readPageFacts(page).then((f) => (f && (f.text || f.buttons.length) ? f : previous), () => previous);
    void facts.then((f) => { if (f) settled.set(page, { url, facts: f }); });
    const k: Known = { url, facts };
    known.set(page, k);
    return k;
  };
  /**
   * A submitting form's page cannot answer a read until its navigation, which this guard is holding: the page's last
   * complete reading (from its load, for this address) stands in at once — a booking form must not wait at the
   * opening. Only a page clicked before its first reading finished waits for that reading.
   */
  const navigationFacts = async (page: Page, k: Known | undefined): Promise<PageFacts | undefined> => {
    const s = settled.get(page);
    if (s && s.url === page.url()) return s.facts;
    return k?.facts;
  };
  const watch = (page: Page) => {
    page.on('load', () => { if (!page.isClosed()) read(page); });
  };
  for (const p of context.pages()) watch(p);
  context.on('page', watch);
  await context.exposeBinding(BINDING, ({ page }, text: unknown) => {
    if (!page) return;
    control.set(page, String(text ?? ''));
    read(page);
  });
  await context.addInitScript({ content: CONTROL_SCRIPT });

  await context.route(
    () => true,
    async (route: Route) => {
      const req = route.request();
      if (SAFE_METHODS.has(req.method())) return route.fallback();
      const page = pageOf(route);
      if (!page || page.isClosed()) return route.fallback();
      const body = req.postData() ?? '';
      // A navigating form cannot be read now: what was read on its click (or its load) stands for it.
      const k = known.get(page);
      const facts = req.isNavigationRequest() ? await navigationFacts(page, k) : await read(page).facts;
      const step = facts ? classifyPayment(facts) : undefined;
      const block = async (reason: string) => {
        o.log(`payment guard: held back a ${req.method()} request (${reason})`);
        stopFor(page, { kind: 'payment', what: 'a payment step', message: step ? `${reason} (${step.evidence}).` : `${reason}.` });
        await route.abort('blockedbyclient').catch(() => {});
      };
      if (carriesCardNumber(body)) return block('Lanebot never sends card details; it stopped before paying');
      if (!step) return route.fallback();
      const d = paymentDecision(step, o.payment);
      if (!d.allowed) return block(d.reason);
      const clicked = control.get(page) ?? facts?.active ?? '';
      if (!isCreditControl(clicked)) return block('Lanebot pays only from your account credit, and this request did not come from the credit option, so it stopped before paying');
      o.log(`payment guard: ${d.reason}`);
      return route.fallback();
    },
  );
}
