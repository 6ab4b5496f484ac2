// Test helper: a minimal cookie-keeping HTTP client that acts as one member of the venue, so the rule
// and fault tests can drive real forms (CSRF tokens included) without a browser.

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location?: string;
  ms: number;
}

export class MemberClient {
  private jar = new Map<string, string>();

  constructor(readonly base: string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Reply> {
    const t0 = performance.now();
    const res = await fetch(this.base + path, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const text = await res.text();
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, pair.slice(i + 1).trim());
    }
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') ?? undefined, ms: performance.now() - t0 };
  }

  get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  post(path: string, form: Record<string, string>): Promise<Reply> {
    return this.request('POST', path, form);
  }

  hasCookie(name: string): boolean {
    return this.jar.has(name);
  }

  static csrf(html: string): string {
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1]!;
  }

  async login(username: string, password: string): Promise<Reply> {
    const page = await this.get('/login');
    return this.post('/login', { csrf: MemberClient.csrf(page.text), username, password, next: '/' });
  }

  /** Books through the grid layout's form: fetches the page for its CSRF token, then posts the cell. */
  async bookGrid(date: string, time: string, lane: number): Promise<Reply> {
    const page = await this.get(`/book?date=${date}`);
    if (page.status !== 200) return page;
    return this.post('/book', { csrf: MemberClient.csrf(page.text), slot: `${date}|${time}|${lane}` });
  }

  async csrfFrom(path: string): Promise<string> {
    return MemberClient.csrf((await this.get(path)).text);
  }
}

/** The text of a page without tags, for asserting on what a member reads. */
export function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
