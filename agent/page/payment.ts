// A payment step, read off a page's structure: card fields (autocomplete cc-number/cc-exp/cc-csc, card-number
// names), a payment provider's frame (Stripe, PayPal, Adyen …), or a price to pay with a "Pay"/"Checkout" button.
// And the profile's rule for it: Lanebot stops before paying unless the profile allows paying with the account's
// credit up to a cap; it never pays by card. Pure, so it is tested without a browser.
import { isCardInput, type PageFacts } from './human-check';

export interface PaymentStep {
  /** Card fields or a payment provider's frame are on the page. */
  card: boolean;
  /** The provider whose frame is there (Stripe, PayPal …). */
  provider?: string;
  /** The amount to pay, when the page says it (the credit option's, else the pay button's). */
  price?: number;
  /** A way to pay from the account's credit/balance (never a card): its button and figures. */
  credit?: { button: string; price?: number; balance?: number };
  /** What gave it away, in words. */
  evidence: string;
}

export interface PaymentPolicy {
  /** Paying with the account's credit (not a card) is allowed … */
  allowCredit: boolean;
  /** … up to this much per booking. */
  capPerBooking: number;
}

const PROVIDERS: { re: RegExp; name: string }[] = [
  { re: /(?:js|checkout|m)\.stripe\.(?:com|network)|stripe\.com\/v\d/i, name: 'Stripe' },
  { re: /paypal\.com|paypalobjects\.com/i, name: 'PayPal' },
  { re: /adyen\.com|adyenpayments\.com/i, name: 'Adyen' },
  { re: /braintreegateway\.com|braintree-api\.com/i, name: 'Braintree' },
  { re: /checkout\.com|frames\.checkout/i, name: 'Checkout.com' },
  { re: /mollie\.com/i, name: 'Mollie' },
  { re: /klarna(?:cdn)?\.(?:com|net)/i, name: 'Klarna' },
  { re: /squareup(?:sandbox)?\.com|squarecdn\.com/i, name: 'Square' },
  { re: /worldpay\.com|sumup\.com|payone\.com|six-payment|saferpay\.com|wallee\.com|payzen|lyra\.com|globalpayments/i, name: 'a payment provider' },
];

/** Buttons that pay. */
const PAY_BUTTON = /^(?:pay\b|pay now|checkout|check out|proceed to (?:checkout|payment)|continue to payment|complete (?:purchase|payment|order)|confirm (?:and|&) pay|buy\b|purchase|place order|zahlungspflichtig|jetzt (?:bezahlen|kaufen)|bezahlen|zur kasse|kaufen|payer|proc[ée]der au paiement|r[ée]gler|acheter|valider (?:et|le) paiement|pagar|comprar|betalen|afrekenen)/i;

/** An account's own money: credit, balance, wallet (en/de/fr, a few es/nl). */
const CREDIT_WORDS = /\b(?:credit|credits|balance|wallet|account funds|prepaid|guthaben|konto(?:stand|guthaben)?|wertkarte|cr[ée]dit|solde|porte-monnaie|cagnotte|saldo|tegoed)\b/i;
const CARD_WORDS = /\b(?:card|cards|visa|mastercard|amex|karte|kreditkarte|carte|tarjeta|kaart)\b/i;

const AMOUNT = /(?:[€£$]|\b(?:EUR|GBP|USD|CHF|CAD|AUD)\s?)?\s?(\d{1,5}(?:[.,]\d{2}))\b|\b(\d{1,5})\s?(?:€|£|\$|EUR|GBP|CHF|credits?)\b|[€£$]\s?(\d{1,5})\b/i;

export function parseAmount(s: string): number | undefined {
  const m = AMOUNT.exec(s);
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!raw) return undefined;
  const n = Number(raw.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

function balanceIn(s: string): number | undefined {
  const m = /(?:balance|guthaben|kontostand|solde|saldo|tegoed)[^\d]{0,20}(\d{1,6}(?:[.,]\d{2})?)/i.exec(s);
  return m ? Number(m[1]!.replace(',', '.')) : undefined;
}

/** The payment step on this page, or undefined. */
export function classifyPayment(f: PageFacts): PaymentStep | undefined {
  const cardField = f.inputs.find(isCardInput);
  const provider = f.frames.map((src) => PROVIDERS.find((p) => p.re.test(src))?.name).find((x): x is string => !!x);
  const payButtons = f.buttons.filter((b) => PAY_BUTTON.test(b.trim()));
  const creditButton = payButtons.find((b) => CREDIT_WORDS.test(b) && !CARD_WORDS.test(b));
  const pricedPay = payButtons.map(parseAmount).find((n): n is number => n !== undefined);
  const pagePrice = /(?:total|price|amount|to pay|due|preis|betrag|summe|zu zahlen|prix|montant|[àa] payer)\b[^\d\n]{0,20}(\d{1,5}(?:[.,]\d{2})?)/i.exec(f.text);
  const card = !!cardField || !!provider;
  if (!card && !(payButtons.length && (pricedPay !== undefined || pagePrice))) return undefined;
  const creditPrice = creditButton ? parseAmount(creditButton) : undefined;
  const price = creditPrice ?? pricedPay ?? (pagePrice ? Number(pagePrice[1]!.replace(',', '.')) : undefined);
  const evidence = cardField
    ? `card fields (${cardField.autocomplete || cardField.label || cardField.name || 'card number'})`
    : provider
      ? `a ${provider} payment frame`
      : `a "${payButtons[0]!.slice(0, 60)}" button`;
  return {
    card,
    ...(provider ? { provider } : {}),
    ...(price !== undefined ? { price } : {}),
    ...(creditButton ? { credit: { button: creditButton.slice(0, 120), ...(creditPrice !== undefined ? { price: creditPrice } : {}), ...(balanceIn(creditButton) ?? balanceIn(f.text)) !== undefined ? { balance: (balanceIn(creditButton) ?? balanceIn(f.text))! } : {} } } : {}),
    evidence,
  };
}

/** Whether the profile lets Lanebot pay this step from the account's credit; why, in words the user reads. */
export function paymentDecision(step: PaymentStep, policy: PaymentPolicy | undefined): { allowed: boolean; reason: string } {
  const amount = step.price !== undefined ? step.price.toFixed(2) : undefined;
  const asks = `The venue asks for payment${amount ? ` (${amount})` : ''}`;
  if (!policy?.allowCredit) return { allowed: false, reason: `${asks}; this profile does not let Lanebot pay, so it stopped before paying.` };
  if (!step.credit) return { allowed: false, reason: `${asks}, and offers no way to pay from your account credit; Lanebot never enters card details, so it stopped before paying.` };
  const price = step.credit.price ?? step.price;
  if (price === undefined) return { allowed: false, reason: `${asks}, but Lanebot could not read the amount, so it stopped before paying.` };
  if (price > policy.capPerBooking) return { allowed: false, reason: `The booking costs ${price.toFixed(2)}, more than this profile's cap of ${policy.capPerBooking.toFixed(2)} per booking, so Lanebot stopped before paying.` };
  if (step.credit.balance !== undefined && step.credit.balance < price) return { allowed: false, reason: `The booking costs ${price.toFixed(2)} and your account credit is ${step.credit.balance.toFixed(2)}, so Lanebot stopped before paying.` };
  return { allowed: true, reason: `Paying ${price.toFixed(2)} from your account credit (this profile allows up to ${policy.capPerBooking.toFixed(2)}).` };
}

/** A control that pays from the account's own credit (never a card): what may be clicked when the rule allows paying. */
export function isCreditControl(text: string): boolean {
  return CREDIT_WORDS.test(text) && !CARD_WORDS.test(text);
}

/** A payment card number (13–19 digits passing the Luhn check) anywhere in a request body. */
export function carriesCardNumber(body: string): boolean {
  let text = body;
  try { text = decodeURIComponent(body.replace(/\+/g, ' ')); } catch { /* not URL-encoded */ }
  for (const m of text.matchAll(/(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}
