// The payment guard, enforced where nothing can talk it round: the network. Every state-changing request the session's
// browser is about to send is held while the page it comes from is read; from a payment step it goes out only when
// the profile allows paying from the account's credit, the amount is within the cap, and the control that sent it is
// the credit one. A card number never leaves, whoever typed it. This covers the model, a replayed recipe and anything
// else alike; a stopped payment is remembered on the context (needs-you.ts) so the attempt ends "needs you".
import type { BrowserContext, Page, Route } from 'playwright-core';
import { carriesCardNumber, classifyPayment, isCreditControl, paymentDecision } from '../page/payment';
import { readPageFacts } from './checks';
import { stopFor } from './needs-you';
import type { PaymentPolicy } from '../types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/** Installs the guard on a context (after its confinement, so it is asked first and falls back to it). */
export async function guardPayments(context: BrowserContext, o: PaymentGuardOptions): Promise<void> {
  await context.route(
    () => true,
    async (route: Route) => {
      const req = route.request();
      if (SAFE_METHODS.has(req.method())) return route.fallback();
      const page = pageOf(route);
      if (!page || page.isClosed()) return route.fallback();
      const body = req.postData() ?? '';
      const facts = await readPageFacts(page).catch(() => undefined);
      const step = facts ? classifyPayment(facts) : undefined;
      const block = async (reason: string) => {
        o.log(`payment guard: held back a ${req.method()} request (${reason})`);
        if (step) stopFor(page, { kind: 'payment', what: 'a payment step', message: `${reason} (${step.evidence}).` });
        else stopFor(page, { kind: 'payment', what: 'a payment step', message: reason });
        await route.abort('blockedbyclient').catch(() => {});
      };
      if (carriesCardNumber(body)) return block('Lanebot never sends card details; it stopped before paying');
      if (!step) return route.fallback();
      const d = paymentDecision(step, o.payment);
      if (!d.allowed) return block(d.reason);
      if (!isCreditControl(facts?.active ?? '')) return block('Lanebot pays only from your account credit, and this request did not come from the credit option, so it stopped before paying');
      o.log(`payment guard: ${d.reason}`);
      return route.fallback();
    },
  );
}
