// What stands between Lanebot and a booking and only a person can pass: captcha widgets (reCAPTCHA, hCaptcha,
// Turnstile), bot-check interstitials, waiting rooms and an unexpected one-time-code prompt. Judged on facts read
// off the page's structure (frames' addresses, widget classes, data-sitekey, input autocomplete) and its words in
// English, German and French; pure, so it is tested without a browser. The structure is checked first: a
// captcha frame whose request confinement blocked still has its src attribute and its widget's class.

/** What a page scan reads (browser/checks.ts collects it in every frame of the page). */
export interface PageFacts {
  /** src of every iframe/frame (the attribute: a blocked frame keeps it). */
  frames: string[];
  /** src of every script element. */
  scripts: string[];
  /** class names of elements carrying a data-sitekey, and of known widget containers. */
  widgets: string[];
  /** Whether any element carries a data-sitekey attribute. */
  sitekey: boolean;
  /** The visible text of the page (trimmed to a few thousand characters). */
  text: string;
  /** The document title. */
  title: string;
  /** Visible text inputs: their autocomplete, name, id, type, inputmode, maxlength and accessible label. */
  inputs: InputFacts[];
  /** Visible buttons and submit inputs, by their text. */
  buttons: string[];
  /** The focused control's text (the button just clicked, while its request is on the way). */
  active?: string;
}

export interface InputFacts {
  autocomplete: string;
  name: string;
  id: string;
  type: string;
  inputmode: string;
  maxlength: number;
  label: string;
  placeholder: string;
}

export type HumanCheckKind = 'captcha' | 'bot-check' | 'waiting-room' | 'one-time-code';

export interface HumanCheck {
  kind: HumanCheckKind;
  /** In words a user reads: "a reCAPTCHA", "a waiting room", "a one-time code (sent by e-mail or SMS)". */
  what: string;
  /** The page's own words that gave it away, when there are some (short). */
  evidence: string;
  /** For one-time codes: the prompt says the code was sent (e-mail, SMS), so an authenticator code is not it. */
  sent?: boolean;
}

const CAPTCHA_FRAMES: { re: RegExp; what: string }[] = [
  { re: /(?:google|recaptcha)\.(?:com|net)\/recaptcha\/|\/recaptcha\/(?:api2?|enterprise)\//i, what: 'a reCAPTCHA' },
  { re: /hcaptcha\.com\//i, what: 'an hCaptcha' },
  { re: /challenges\.cloudflare\.com\/|\/cdn-cgi\/challenge-platform\//i, what: 'a Cloudflare Turnstile check' },
  { re: /arkoselabs\.com|funcaptcha\.com/i, what: 'an Arkose (FunCaptcha) check' },
  { re: /geo\.captcha-delivery\.com|datadome/i, what: 'a DataDome check' },
  { re: /friendlycaptcha\.com|mtcaptcha\.com/i, what: 'a captcha' },
];

const CAPTCHA_WIDGETS: { re: RegExp; what: string }[] = [
  { re: /\bg-recaptcha\b|\bgrecaptcha\b/i, what: 'a reCAPTCHA' },
  { re: /\bh-captcha\b/i, what: 'an hCaptcha' },
  { re: /\bcf-turnstile\b/i, what: 'a Cloudflare Turnstile check' },
  { re: /\bfrc-captcha\b|\bmtcaptcha\b|\bcaptcha\b/i, what: 'a captcha' },
];

/** Widget scripts: only count together with a widget or a frame (many sites load reCAPTCHA v3 invisibly everywhere). */
const CAPTCHA_SCRIPTS = /\/recaptcha\/(?:api|enterprise)\.js|hcaptcha\.com\/1\/api\.js|challenges\.cloudflare\.com\/turnstile/i;

/** Bot checks: "verify you are human", "checking your browser", in en/de/fr (and a few es/nl words). */
const BOT_CHECK = new RegExp(
  [
    String.raw`verify (?:that )?you are (?:a )?human`, String.raw`verify you(?:'|’)re (?:a )?human`, String.raw`are you (?:a )?human\??`,
    String.raw`checking (?:if the site connection is secure|your browser)`, String.raw`confirm (?:that )?you(?:'|’)?re not a robot`,
    String.raw`i(?:'|’)m not a robot`, String.raw`prove (?:that )?you(?:'|’)?re (?:a )?human`, String.raw`security check to access`,
    String.raw`unusual traffic from your (?:computer|network)`, String.raw`press (?:&|and) hold to confirm you(?:'|’)?re (?:a )?human`,
    // German
    String.raw`best[äa]tigen sie,? dass sie (?:ein )?mensch sind`, String.raw`ihr browser wird [üu]berpr[üu]ft`,
    String.raw`[üu]berpr[üu]fung (?:ihres|des) browsers`, String.raw`ich bin kein roboter`,
    // French
    String.raw`v[ée]rifiez que vous [êe]tes (?:un )?humain`, String.raw`v[ée]rification (?:de votre|du) navigateur`,
    String.raw`je ne suis pas un robot`, String.raw`confirmez que vous n(?:'|’)[êe]tes pas un robot`,
    // Spanish, Dutch
    String.raw`verifica que eres (?:un )?humano`, String.raw`no soy un robot`, String.raw`controleer of u een mens bent`, String.raw`ik ben geen robot`,
  ].join('|'),
  'i',
);

/** Waiting rooms and queues (Queue-it, Cloudflare waiting room …). */
const WAITING_ROOM = new RegExp(
  [
    String.raw`you are (?:now )?in (?:the )?(?:line|queue)`, String.raw`you(?:'|’)re (?:now )?in (?:the )?(?:line|queue)`,
    String.raw`virtual waiting room`, String.raw`your (?:place|position) in (?:the )?(?:line|queue)`, String.raw`(?:your )?estimated wait(?:ing)? time(?: is)?:? (?:\d|about|less)`,
    String.raw`you(?:'|’)ll be (?:redirected|let in) (?:automatically|shortly)`,
    // German
    String.raw`sie (?:befinden sich|sind) (?:jetzt )?in (?:der )?warteschlange`, String.raw`virtuelle[rn]? warteraum`, String.raw`ihre position in der warteschlange`,
    String.raw`gesch[äa]tzte wartezeit`,
    // French
    String.raw`vous (?:[êe]tes|vous trouvez) (?:maintenant )?dans (?:la )?file d(?:'|’)attente`, String.raw`salle d(?:'|’)attente virtuelle`,
    String.raw`votre position dans la file`, String.raw`temps d(?:'|’)attente estim[ée]`,
    // Spanish, Dutch
    String.raw`est[áa]s en la (?:cola|fila)`, String.raw`sala de espera virtual`, String.raw`u staat (?:nu )?in de wachtrij`,
  ].join('|'),
  'i',
);

/** A field or prompt for a one-time code. */
const CODE_WORDS = new RegExp(
  [
    String.raw`verification code`, String.raw`security code`, String.raw`one[- ]time (?:code|password|passcode|pin)`, String.raw`\botp\b`,
    String.raw`authenticat(?:ion|or) (?:code|app)`, String.raw`\d-digit code`, String.raw`(?:six|6)[- ]digit`, String.raw`two[- ]factor`, String.raw`\b2fa\b`,
    String.raw`confirmation code`, String.raw`login code`, String.raw`sign[- ]in code`,
    // German
    String.raw`best[äa]tigungscode`, String.raw`sicherheitscode`, String.raw`einmal(?:code|passwort|kennwort)`, String.raw`verifizierungscode`,
    String.raw`authentifizierungscode`, String.raw`zwei[- ]faktor`, String.raw`\d-stelligen code`,
    // French
    String.raw`code de (?:v[ée]rification|s[ée]curit[ée]|confirmation|connexion)`, String.raw`code [àa] usage unique`, String.raw`mot de passe [àa] usage unique`,
    String.raw`double authentification`, String.raw`authentification [àa] deux facteurs`, String.raw`code [àa] \d chiffres`,
  ].join('|'),
  'i',
);

/** The prompt says the code was sent somewhere (e-mail, SMS): an authenticator's code cannot be it. */
const CODE_SENT = /\b(?:we(?:'ve| have)? (?:just )?(?:sent|e-?mailed|texted)|sent (?:a|the|you an?) (?:code|e-?mail|sms|text)|check your (?:e-?mail|inbox|phone)|by (?:e-?mail|sms|text message)|wir haben (?:ihnen )?.{0,40}(?:gesendet|geschickt)|per (?:e-?mail|sms) (?:gesendet|geschickt)|nous vous avons envoy[ée]|envoy[ée] par (?:e-?mail|sms)|par (?:e-?mail|sms)|sms)\b/i;

/** A payment card's fields (number, expiry, CVC): never a one-time code, whatever their label says ("security code"). */
export function isCardInput(i: Pick<InputFacts, 'autocomplete' | 'name' | 'id' | 'label' | 'placeholder'>): boolean {
  if (/\bcc-(?:number|exp|exp-month|exp-year|csc|name|type)\b/i.test(i.autocomplete)) return true;
  const words = `${i.name} ${i.id} ${i.label} ${i.placeholder}`;
  return /card[-_ ]?(?:number|no\b|num)|kartennummer|num[ée]ro de (?:la )?carte|\b(?:cvc|cvv|cvc2|cvv2|csc)\b|kartenpr[üu]fnummer|cryptogramme|expir(?:y|ation) date|\bexp(?:iry)?[-_ ]?(?:date|month|year)\b|g[üu]ltig bis|date d(?:'|’)expiration|\bpan\b/i.test(words);
}

function isCodeInput(i: InputFacts): boolean {
  if (isCardInput(i)) return false;
  if (/one-time-code/i.test(i.autocomplete)) return true;
  const words = `${i.name} ${i.id} ${i.label} ${i.placeholder}`;
  if (/password|passwort|mot de passe/i.test(i.type) || i.type === 'password') return CODE_WORDS.test(words);
  if (/\b(?:otp|totp|mfa|2fa|one[-_]?time|verification[-_ ]?code|auth[-_]?code|security[-_ ]?code|sms[-_]?code)\b/i.test(words)) return true;
  return CODE_WORDS.test(words) || (/^(?:code|token|otp)$/i.test(i.name.trim()) && (i.inputmode === 'numeric' || i.type === 'tel' || i.type === 'number'));
}

function firstMatch(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  // The sentence around the match, so the user reads the venue's own words.
  const start = Math.max(text.lastIndexOf('\n', m.index) + 1, m.index - 80);
  const endNl = text.indexOf('\n', m.index + m[0].length);
  const end = Math.min(endNl < 0 ? text.length : endNl, m.index + m[0].length + 80);
  return text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** The check on this page that needs a person, or undefined. Structure first, then the page's words. */
export function classifyHumanCheck(f: PageFacts): HumanCheck | undefined {
  for (const src of f.frames) {
    const hit = CAPTCHA_FRAMES.find((c) => c.re.test(src));
    if (hit) return { kind: 'captcha', what: hit.what, evidence: `a ${hostOf(src)} frame` };
  }
  for (const cls of f.widgets) {
    const hit = CAPTCHA_WIDGETS.find((c) => c.re.test(cls));
    if (hit) return { kind: 'captcha', what: hit.what, evidence: `a "${cls.slice(0, 60)}" widget` };
  }
  if (f.sitekey) return { kind: 'captcha', what: 'a captcha', evidence: 'a widget with a site key' };
  const text = `${f.title}\n${f.text}`;
  const waiting = firstMatch(WAITING_ROOM, text);
  if (waiting) return { kind: 'waiting-room', what: 'a waiting room', evidence: waiting };
  const bot = firstMatch(BOT_CHECK, text);
  if (bot) return { kind: 'bot-check', what: 'a "verify you are human" check', evidence: bot };
  if (f.scripts.some((s) => CAPTCHA_SCRIPTS.test(s)) && /captcha|robot|human|mensch|humain/i.test(text)) {
    return { kind: 'captcha', what: 'a captcha', evidence: 'a captcha script' };
  }
  const code = f.inputs.find(isCodeInput);
  if (code) {
    const evidence = firstMatch(CODE_WORDS, text) ?? (code.label || code.placeholder || code.name || 'a one-time-code field');
    const sent = CODE_SENT.test(text);
    return { kind: 'one-time-code', what: sent ? 'a one-time code sent to you (e-mail or SMS)' : 'a one-time code', evidence: evidence.slice(0, 160), sent };
  }
  return undefined;
}

function hostOf(url: string): string {
  try { return new URL(url).hostname; } catch { return 'third-party'; }
}
