// Unit: secret redaction, action schema validation, origin checks and secret substitution, outcome text, loop detection.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_JSON_SCHEMA, parseAction } from '../../agent/model/actions';
import { LoopDetector, MAX_SAME_ACTION_RUN } from '../../agent/model/loop';
import { allowedOriginSet, isAllowedUrl, substituteSecrets } from '../../agent/browser/confine';
import { createRedactor, REDACTED } from '../../agent/core/redact';
import { classifyText, detectOutcome } from '../../agent/page/outcome';
import { SYSTEM_PROMPT_TOKENS, buildStepMessage } from '../../agent/model/prompt';

describe('createRedactor', () => {
  it('replaces secrets and their URL, form and JSON encodings, longest first', () => {
    const r = createRedactor(['p@ss word&1', 'alex', '']);
    expect(r('user alex / pass p@ss word&1')).toBe(`user ${REDACTED} / pass ${REDACTED}`);
    expect(r('GET /x?p=p%40ss%20word%261')).toBe(`GET /x?p=${REDACTED}`);
    expect(r('body p=p%40ss+word%261')).toBe(`body p=${REDACTED}`);
    expect(createRedactor(['ab', 'abc'])('xabcx')).toBe(`x${REDACTED}x`);
    expect(createRedactor(['a"b'])(JSON.stringify({ v: 'a"b' }))).toBe(`{"v":"${REDACTED}"}`);
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide');
  });

  it('never lets a secret through, whatever surrounds it (property)', () => {
    // Secrets that share no character with the marker, so a match cannot straddle "[redacted]" and its neighbours.
    const secretArb = fc.string({ minLength: 1, maxLength: 20 }).filter((x) => ![...x].some((ch) => REDACTED.includes(ch)));
    fc.assert(fc.property(secretArb, fc.string(), fc.string(), (secret, before, after) => {
      const out = createRedactor([secret])(before + secret + after);
      return !out.includes(secret);
    }), { numRuns: 500 });
  });
});

describe('action schema', () => {
  it('accepts each action shape and rejects malformed ones with a message for the model', () => {
    expect(parseAction('{"action":"click","ref":"e12"}')).toEqual({ ok: true, action: { action: 'click', ref: 'e12' } });
    expect(parseAction('{"action":"fill","ref":"f2e7","value":"{{username}}"}').ok).toBe(true);
    expect(parseAction('{"action":"navigate","url":"/book"}').ok).toBe(true);
    expect(parseAction('{"action":"done","summary":"booked"}').ok).toBe(true);
    expect(parseAction('Sure! {"action":"press","key":"Enter"} there you go').ok).toBe(true);
    expect(parseAction('I will click it')).toEqual({ ok: false, error: 'Your reply was not valid JSON.' });
    expect(parseAction('{"action":"click"}')).toMatchObject({ ok: false, error: expect.stringMatching(/ref/) });
    expect(parseAction('{"action":"click","ref":"button 3"}')).toMatchObject({ ok: false });
    expect(parseAction('{"action":"eval","code":"document.cookie"}')).toMatchObject({ ok: false });
    expect(parseAction('{"action":"wait","seconds":60}')).toMatchObject({ ok: false });
    // Extra keys are model noise: dropped, never passed on.
    expect(parseAction('{"action":"click","ref":"e1","extra":1}')).toEqual({ ok: true, action: { action: 'click', ref: 'e1' } });
  });

  it('becomes a JSON schema with one branch per action for Ollama\'s format', () => {
    const branches = (ACTION_JSON_SCHEMA['oneOf'] as { properties: { action: { const: string } } }[]).map((b) => b.properties.action.const);
    expect(branches).toEqual(['click', 'fill', 'select', 'press', 'check', 'navigate', 'scroll', 'wait', 'done', 'fail']);
    expect(ACTION_JSON_SCHEMA['$schema']).toBeUndefined();
  });
});

describe('prompt', () => {
  it('has a short system prompt and frames the snapshot as data', () => {
    expect(SYSTEM_PROMPT_TOKENS).toBeGreaterThan(100);
    expect(SYSTEM_PROMPT_TOKENS).toBeLessThan(800);
    const m = buildStepMessage({ instructions: 'Book lane 3', secretNames: ['username', 'password'], history: [], url: 'http://x/book?d=1', title: 'Book', snapshot: '- button "A" [ref=e1]', notices: ['blocked'], stepsLeft: 5 });
    expect(m).toContain('Secrets available as placeholders: {{username}}, {{password}}');
    expect(m).toContain('CURRENT PAGE: "Book" /book?d=1');
    expect(m).toContain('NOTICES FROM THE BROWSER:\n- blocked');
    expect(m).toMatch(/<snapshot>\n- button "A" \[ref=e1\]\n<\/snapshot>/);
  });
});

describe('confinement helpers', () => {
  const allowed = allowedOriginSet('https://venue.example/start', ['https://pay.venue.example', 'bad origin ::']);
  it('allows only the configured origins (scheme, host and port must match)', () => {
    expect([...allowed]).toEqual(['https://venue.example', 'https://pay.venue.example']);
    expect(isAllowedUrl('https://venue.example/book?x=1', allowed)).toBe(true);
    expect(isAllowedUrl('http://venue.example/book', allowed)).toBe(false);
    expect(isAllowedUrl('https://venue.example:8443/', allowed)).toBe(false);
    expect(isAllowedUrl('https://venue.example.evil.com/', allowed)).toBe(false);
    expect(isAllowedUrl('https://evil.example/?u=https://venue.example', allowed)).toBe(false);
    expect(isAllowedUrl('javascript:alert(1)', allowed)).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd', allowed)).toBe(false);
    expect(isAllowedUrl('about:blank', allowed)).toBe(true);
  });
  it('substitutes secrets only for documents on allowed origins', () => {
    const secrets = new Map([['password', 's3cret']]);
    expect(substituteSecrets('{{password}}', 'https://venue.example/login', allowed, secrets)).toEqual({ ok: true, value: 's3cret', used: ['password'] });
    expect(substituteSecrets('{{ password }}!', 'https://venue.example/login', allowed, secrets)).toMatchObject({ ok: true, value: 's3cret!' });
    expect(substituteSecrets('{{password}}', 'https://evil.example/login', allowed, secrets)).toMatchObject({ ok: false, error: expect.stringMatching(/only be typed on the venue's own site/) });
    expect(substituteSecrets('{{password}}', 'about:blank', allowed, secrets)).toMatchObject({ ok: false });
    expect(substituteSecrets('{{pin}}', 'https://venue.example/', allowed, secrets)).toMatchObject({ ok: false, error: 'Unknown secret {{pin}}; available: {{password}}.' });
    expect(substituteSecrets('plain', 'https://evil.example/', allowed, secrets)).toEqual({ ok: true, value: 'plain', used: [] });
  });
});

describe('outcome detection', () => {
  it('classifies the usual venue messages', () => {
    expect(classifyText('Invalid username or password.')).toBe('login-failed');
    expect(classifyText('Incorrect password, please try again')).toBe('login-failed');
    expect(classifyText('This account is locked after 5 unsuccessful login attempts.')).toBe('account-locked');
    expect(classifyText('Too many failed login attempts')).toBe('account-locked');
    expect(classifyText('There are no bookings for this member.')).toBe('not-allowed');
    expect(classifyText('Bookings for Tuesday 1 December 2026 open at 00:00 on Tuesday 24 November 2026.')).toBe('not-yet-open');
    expect(classifyText('This slot has just been taken: Lane 3 at 07:00 is no longer available.')).toBe('slot-taken');
    expect(classifyText('Your session has expired. Please log in again.')).toBe('session-expired');
    expect(classifyText('Sorry, our booking system is having problems (error 500).')).toBe('venue-error');
    expect(classifyText('Forgotten your password? Ask at reception.')).toBeUndefined();
    expect(classifyText('Bookings open 7 days ahead at 00:00 (Europe/London time).')).toBeUndefined();
  });
  it('judges only alerts on a first page and only new text afterwards', () => {
    const help = '- paragraph: Bookings for Tuesday 1 December 2026 open at 00:00 on Tuesday 24 November 2026.';
    expect(detectOutcome(help)).toBeUndefined();
    expect(detectOutcome(`- alert: Invalid username or password.`)).toMatchObject({ code: 'login-failed', inAlert: true });
    expect(detectOutcome(help, help)).toBeUndefined();
    expect(detectOutcome(help, '- heading "Home"')).toMatchObject({ code: 'not-yet-open', inAlert: false });
  });
});

describe('LoopDetector', () => {
  it('warns on the same action on an unchanged page, then stops', () => {
    const d = new LoopDetector();
    const a = { action: 'click' as const, ref: 'e1' };
    expect(d.check(a, 'page A')).toBe('ok');
    expect(d.check({ ...a, note: 'again' }, 'page A')).toBe('warn');
    expect(d.check(a, 'page A')).toBe('stop');
  });
  it('lets the same action through while each page is new (paging "Next day" a week ahead), until it repeats too often', () => {
    const d = new LoopDetector();
    const a = { action: 'click' as const, ref: 'e1' };
    for (let i = 1; i <= MAX_SAME_ACTION_RUN; i++) expect(d.check(a, `day ${i}`), `click ${i}`).toBe('ok');
    expect(d.check(a, 'day 11')).toBe('warn');
    expect(d.check({ action: 'done', summary: 'x' }, 'page 4')).toBe('ok');
  });
  it('warns when the same action comes back to pages already seen (flipping between two pages)', () => {
    const d = new LoopDetector();
    const a = { action: 'click' as const, ref: 'e1' };
    expect(d.check(a, 'page 1')).toBe('ok');
    expect(d.check(a, 'page 2')).toBe('ok');
    expect(d.check(a, 'page 3')).toBe('ok');
    expect(d.check(a, 'page 2')).toBe('warn');
    expect(d.check(a, 'page 3')).toBe('stop');
  });
});
