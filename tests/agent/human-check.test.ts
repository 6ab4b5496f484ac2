// The page checks that need a person and the payment step, judged on page facts alone (no browser): structure
// first (a blocked captcha frame still has its src and its widget's class), then words in English, German, French.
import { describe, expect, it } from 'vitest';
import { classifyHumanCheck, isCardInput, type InputFacts, type PageFacts } from '../../agent/page/human-check';
import { carriesCardNumber, classifyPayment, paymentDecision } from '../../agent/page/payment';
import { withCodesRedacted } from '../../agent/core/totp-redact';
import { generateSync } from 'otplib';

const input = (o: Partial<InputFacts>): InputFacts => ({ autocomplete: '', name: '', id: '', type: 'text', inputmode: '', maxlength: 0, label: '', placeholder: '', ...o });
const facts = (o: Partial<PageFacts>): PageFacts => ({ frames: [], scripts: [], widgets: [], sitekey: false, text: '', title: '', inputs: [], buttons: [], ...o });

describe('human checks', () => {
  it.each([
    ['reCAPTCHA frame', { frames: ['https://www.google.com/recaptcha/api2/anchor?k=abc'] }, 'a reCAPTCHA'],
    ['reCAPTCHA enterprise frame on recaptcha.net', { frames: ['https://www.recaptcha.net/recaptcha/enterprise/anchor?k=x'] }, 'a reCAPTCHA'],
    ['hCaptcha frame', { frames: ['https://newassets.hcaptcha.com/captcha/v1/x/static/hcaptcha.html#frame=checkbox'] }, 'an hCaptcha'],
    ['Turnstile frame', { frames: ['https://challenges.cloudflare.com/cdn-cgi/challenge-platform/h/b/turnstile/if/ov2'] }, 'a Cloudflare Turnstile check'],
    ['reCAPTCHA widget class, no frame at all', { widgets: ['g-recaptcha'] }, 'a reCAPTCHA'],
    ['hCaptcha widget class', { widgets: ['h-captcha'] }, 'an hCaptcha'],
    ['Turnstile widget class', { widgets: ['cf-turnstile'] }, 'a Cloudflare Turnstile check'],
    ['an unknown widget with a site key', { sitekey: true }, 'a captcha'],
  ])('%s is a captcha', (_n, f, what) => {
    const c = classifyHumanCheck(facts(f as Partial<PageFacts>));
    expect(c?.kind).toBe('captcha');
    expect(c?.what).toBe(what);
  });

  it.each([
    ['en', 'Checking your browser before accessing pool.example.'],
    ['en', 'Verify you are human by completing the action below.'],
    ['de', 'Ihr Browser wird überprüft, bevor Sie auf die Seite zugreifen.'],
    ['de', 'Bestätigen Sie, dass Sie ein Mensch sind'],
    ['fr', 'Vérification de votre navigateur avant d’accéder au site.'],
    ['fr', 'Vérifiez que vous êtes humain'],
  ])('a bot check in %s: %s', (_l, text) => {
    expect(classifyHumanCheck(facts({ text }))?.kind).toBe('bot-check');
  });

  it.each([
    ['en', 'You are now in line. Your estimated wait time is 3 minutes.'],
    ['de', 'Sie befinden sich jetzt in der Warteschlange. Geschätzte Wartezeit: 3 Minuten'],
    ['fr', 'Vous êtes maintenant dans la file d’attente.'],
  ])('a waiting room in %s', (_l, text) => {
    expect(classifyHumanCheck(facts({ text }))?.kind).toBe('waiting-room');
  });

  it('a one-time-code field by autocomplete, and whether the code was sent somewhere', () => {
    const totp = classifyHumanCheck(facts({ text: 'Enter the 6-digit code from your authenticator app.', inputs: [input({ autocomplete: 'one-time-code', name: 'code' })] }));
    expect(totp).toMatchObject({ kind: 'one-time-code', sent: false });
    const mailed = classifyHumanCheck(facts({ text: 'We sent a verification code to a•••@example.com.', inputs: [input({ name: 'code', label: 'Verification code' })] }));
    expect(mailed).toMatchObject({ kind: 'one-time-code', sent: true });
    const de = classifyHumanCheck(facts({ text: 'Wir haben Ihnen einen Bestätigungscode an a@example.com gesendet.', inputs: [input({ label: 'Bestätigungscode' })] }));
    expect(de).toMatchObject({ kind: 'one-time-code', sent: true });
    const fr = classifyHumanCheck(facts({ text: 'Saisissez le code de vérification', inputs: [input({ label: 'Code de vérification' })] }));
    expect(fr?.kind).toBe('one-time-code');
  });

  it('ordinary booking pages are not checks: a login form, a voucher code, help text, a card CVC', () => {
    expect(classifyHumanCheck(facts({ text: 'Member login', inputs: [input({ autocomplete: 'username', name: 'username', label: 'Username' }), input({ type: 'password', name: 'password', label: 'Password' })] }))).toBeUndefined();
    expect(classifyHumanCheck(facts({ text: 'Gutscheincode eingeben', inputs: [input({ name: 'voucher', label: 'Gutscheincode' })] }))).toBeUndefined();
    expect(classifyHumanCheck(facts({ text: 'Bookings open 7 days ahead. Lane 3 at 07:00. Waiting list available.' }))).toBeUndefined();
    expect(classifyHumanCheck(facts({ inputs: [input({ autocomplete: 'cc-csc', name: 'cvc', label: 'Security code' })] }))).toBeUndefined();
    // Many sites load reCAPTCHA v3 invisibly on every page: a script alone is not a check.
    expect(classifyHumanCheck(facts({ scripts: ['https://www.google.com/recaptcha/api.js?render=x'], text: 'Book Lane 3' }))).toBeUndefined();
  });
});

describe('payment steps', () => {
  const checkout = facts({
    text: 'Checkout\nPrice: 4.50',
    inputs: [input({ autocomplete: 'cc-number', name: 'cardnumber', label: 'Card number' }), input({ autocomplete: 'cc-exp', name: 'exp' }), input({ autocomplete: 'cc-csc', name: 'cvc' })],
    buttons: ['Pay 4.50 from your account credit (balance 20.00)', 'Pay 4.50 by card'],
  });

  it('reads card fields, the price and the credit option', () => {
    const p = classifyPayment(checkout)!;
    expect(p.card).toBe(true);
    expect(p.price).toBe(4.5);
    expect(p.credit).toMatchObject({ price: 4.5, balance: 20 });
  });

  it('a payment provider frame, or a priced Pay button, is a payment step; a plain Book button is not', () => {
    expect(classifyPayment(facts({ frames: ['https://js.stripe.com/v3/elements-inner-card-abc.html'] }))?.provider).toBe('Stripe');
    expect(classifyPayment(facts({ frames: ['https://www.paypal.com/smart/buttons?x'] }))?.provider).toBe('PayPal');
    expect(classifyPayment(facts({ frames: ['https://checkoutshopper-live.adyen.com/checkoutshopper/x'] }))?.provider).toBe('Adyen');
    expect(classifyPayment(facts({ text: 'Total: £6.00', buttons: ['Checkout'] }))?.price).toBe(6);
    expect(classifyPayment(facts({ text: 'Lane 3 at 07:00 · £4.50', buttons: ['Book Lane 3 at 07:00'] }))).toBeUndefined();
  });

  it('the rule: stop by default, credit up to the cap, never card-only, never over the balance', () => {
    const p = classifyPayment(checkout)!;
    expect(paymentDecision(p, undefined).allowed).toBe(false);
    expect(paymentDecision(p, { allowCredit: false, capPerBooking: 50 }).allowed).toBe(false);
    expect(paymentDecision(p, { allowCredit: true, capPerBooking: 5 })).toMatchObject({ allowed: true });
    expect(paymentDecision(p, { allowCredit: true, capPerBooking: 4 }).reason).toMatch(/costs 4\.50, more than this profile's cap of 4\.00/);
    const cardOnly = classifyPayment(facts({ ...checkout, buttons: ['Pay 4.50 by card'] }))!;
    expect(paymentDecision(cardOnly, { allowCredit: true, capPerBooking: 50 }).reason).toMatch(/never enters card details/);
    const poor = classifyPayment(facts({ ...checkout, buttons: ['Pay 4.50 from your account credit (balance 2.00)'] }))!;
    expect(paymentDecision(poor, { allowCredit: true, capPerBooking: 50 }).allowed).toBe(false);
  });

  it('card fields and card numbers are recognised', () => {
    expect(isCardInput({ autocomplete: 'cc-number', name: '', id: '', label: '', placeholder: '' })).toBe(true);
    expect(isCardInput({ autocomplete: '', name: 'cardnumber', id: '', label: '', placeholder: '' })).toBe(true);
    expect(isCardInput({ autocomplete: '', name: 'x', id: '', label: 'Kartennummer', placeholder: '' })).toBe(true);
    expect(isCardInput({ autocomplete: 'username', name: 'member', id: '', label: 'Member number', placeholder: '' })).toBe(false);
    expect(carriesCardNumber('cardnumber=4242+4242+4242+4242&exp=12%2F30')).toBe(true);
    expect(carriesCardNumber('{"pan":"4000056655665556"}')).toBe(true);
    expect(carriesCardNumber('slot=2026-12-01|07:00|3&csrf=abc')).toBe(false);
    expect(carriesCardNumber('member=1234567890123')).toBe(false); // 13 digits failing the Luhn check
  });
});

it('authenticator codes valid around now are redacted; other numbers are left alone', () => {
  const seed = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAN5WGQZLS';
  const r = withCodesRedacted((s) => s, seed);
  const code = generateSync({ secret: seed });
  expect(r(`typed ${code} into the field`)).toBe('typed [redacted] into the field');
  const other = code === '123456' ? '654321' : '123456';
  expect(r(`booking ref ${other}`)).toBe(`booking ref ${other}`);
});
