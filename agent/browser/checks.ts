// Reads a page's structure for the checks only a person can pass (page/human-check.ts) and for a payment step
// (page/payment.ts): the attributes of frames, widgets and inputs in every frame the browser shows, read in the
// page (never by the model). A frame whose request confinement blocked still shows its src attribute here.
import type { Frame, Locator, Page } from 'playwright-core';
import { classifyHumanCheck, isCardInput, type HumanCheck, type PageFacts } from '../page/human-check';
import { classifyPayment, type PaymentStep } from '../page/payment';

const SCAN_TIMEOUT_MS = 3_000;

/**
 * Runs in the page (a string: the Node layers have no DOM types): plain DOM reads, no side effects. Its result is
 * a PageFacts.
 */
const READ_FACTS = `(() => {
  const visible = (el) => {
    const r = el.getClientRects ? el.getClientRects() : null;
    return !!r && r.length > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const labelOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return aria;
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    return ((el.labels && el.labels[0] && el.labels[0].textContent) || '').trim();
  };
  const clean = (t) => String(t || '').replace(/\\s+/g, ' ').trim();
  const frames = [...document.querySelectorAll('iframe, frame')].map((f) => f.getAttribute('src') || '').filter(Boolean);
  const scripts = [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src') || '');
  const widgetEls = [...document.querySelectorAll('[data-sitekey], .g-recaptcha, .h-captcha, .cf-turnstile, .frc-captcha, [class*="captcha" i], [id*="captcha" i]')];
  const widgets = widgetEls.map((e) => clean((e.getAttribute('class') || '') + (e.id ? ' #' + e.id : ''))).filter(Boolean);
  const inputs = [...document.querySelectorAll('input, textarea')]
    .filter((el) => visible(el) && !/^(?:hidden|checkbox|radio|submit|button|image|file|range|color)$/i.test(el.type || ''))
    .slice(0, 60)
    .map((i) => ({
      autocomplete: i.getAttribute('autocomplete') || '',
      name: i.getAttribute('name') || '',
      id: i.id || '',
      type: (i.getAttribute('type') || 'text').toLowerCase(),
      inputmode: i.getAttribute('inputmode') || '',
      maxlength: i.maxLength > 0 ? i.maxLength : 0,
      label: labelOf(i).slice(0, 120),
      placeholder: i.getAttribute('placeholder') || '',
    }));
  const buttons = [...document.querySelectorAll('button, input[type="submit"], input[type="button"], [role="button"], a[href]')]
    .filter(visible)
    .slice(0, 200)
    .map((b) => clean(b.tagName === 'INPUT' ? b.value : (b.getAttribute('aria-label') || b.innerText || '')))
    .filter((t) => t.length > 0 && t.length < 200);
  return {
    frames, scripts, widgets,
    sitekey: !!document.querySelector('[data-sitekey]'),
    text: ((document.body && document.body.innerText) || '').slice(0, 6000),
    title: document.title || '',
    inputs, buttons,
    active: (() => {
      const a = document.activeElement;
      if (!a || a === document.body) return '';
      return clean(a.tagName === 'INPUT' ? (a.value || a.getAttribute('aria-label') || '') : (a.getAttribute('aria-label') || a.innerText || '')).slice(0, 200);
    })(),
  };
})()`;

/** The little of a DOM element that tells a card field (typed here: the Node layers have no DOM types). */
interface FieldLike {
  id: string;
  getAttribute(name: string): string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
}

async function factsOf(frame: Frame): Promise<PageFacts | undefined> {
  const url = frame.url();
  if (!/^https?:|^about:blank$/.test(url)) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      frame.evaluate(READ_FACTS) as Promise<PageFacts>,
      new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), SCAN_TIMEOUT_MS); timer.unref?.(); }),
    ]);
  } catch {
    // A frame that navigates or detaches while read says nothing.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The facts of the page and every frame the browser could open (a blocked frame counts by its src attribute). */
export async function readPageFacts(page: Page): Promise<PageFacts> {
  const out: PageFacts = { frames: [], scripts: [], widgets: [], sitekey: false, text: '', title: '', inputs: [], buttons: [] };
  if (page.isClosed()) return out;
  const all = await Promise.all(page.frames().map(factsOf));
  all.forEach((f, i) => {
    if (!f) return;
    out.frames.push(...f.frames);
    out.scripts.push(...f.scripts);
    out.widgets.push(...f.widgets);
    out.sitekey ||= f.sitekey;
    if (i === 0) out.title = f.title;
    out.text = out.text ? `${out.text}\n${f.text}` : f.text;
    out.inputs.push(...f.inputs);
    out.buttons.push(...f.buttons);
    if (f.active) out.active = f.active;
  });
  // The frames themselves are facts too (even the ones whose document never loaded).
  for (const fr of page.frames().slice(1)) if (fr.url() && !out.frames.includes(fr.url())) out.frames.push(fr.url());
  out.text = out.text.slice(0, 8000);
  return out;
}

export interface PageChecks {
  check?: HumanCheck;
  payment?: PaymentStep;
}

/** What on this page needs a person (a check) or the profile's payment rule (a payment step). */
export async function scanPage(page: Page): Promise<PageChecks> {
  const f = await readPageFacts(page);
  const check = classifyHumanCheck(f);
  const payment = classifyPayment(f);
  return { ...(check ? { check } : {}), ...(payment ? { payment } : {}) };
}

/** Whether an element is a payment card's field: Lanebot never types into one, whoever asks. */
export async function isCardField(loc: Locator, timeoutMs = 2_000): Promise<boolean> {
  // Runs in the page (Playwright sends the function's source, so it uses nothing from this module).
  const facts = await loc
    .evaluate((node) => {
      const el = node as unknown as FieldLike;
      return {
        autocomplete: el.getAttribute('autocomplete') || '',
        name: el.getAttribute('name') || '',
        id: el.id || '',
        label: el.getAttribute('aria-label') || ((el.labels && el.labels[0] && el.labels[0].textContent) || ''),
        placeholder: el.getAttribute('placeholder') || '',
      };
    }, undefined, { timeout: timeoutMs })
    .catch(() => undefined);
  return !!facts && isCardInput(facts);
}
