import type { Hub as App } from '../../bin/app.js';

/**
 * A browser-like client for `app.request()`: keeps cookies, reads the CSRF field from the last
 * page, and posts forms as browsers do (urlencoded, same-origin).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  lastHtml = '';
  constructor(private readonly app: App, private readonly origin = 'http://ferrite.test') {}

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { accept: 'text/html', ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.app.request(`${this.origin}${path}`, { headers: this.headers(headers) });
    this.store(res);
    this.lastHtml = await res.clone().text();
    return res;
  }

  /** The CSRF token of the last page's forms. */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error('the last page has no CSRF field');
    return m[1]!;
  }

  async post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: string | null; origin?: string } = {}) {
    const body = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf() : opts.csrf;
    if (csrf !== null) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await this.app.request(`${this.origin}${path}`, {
      method: 'POST',
      body,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: opts.origin ?? this.origin }),
    });
    this.store(res);
    this.lastHtml = await res.clone().text();
    return res;
  }

  /** Signs up a fresh account and stays signed in. */
  async signUp(username: string, password: string) {
    await this.get('/sign-up');
    const res = await this.post('/sign-up', { username, password });
    if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${this.lastHtml.slice(0, 300)}`);
    return res;
  }

  /** Creates an API token on the account page and returns it (it is shown once). */
  async createToken(fields: { name: string; scopes: string[]; packageGlob?: string; expiresInDays?: string }) {
    await this.get('/account');
    const res = await this.post('/account/tokens', { ...fields, packageGlob: fields.packageGlob ?? '', expiresInDays: fields.expiresInDays ?? '90' });
    // POST-redirect-GET: the token is shown once, on the page the redirect leads to.
    if (res.status !== 303) throw new Error(`token creation failed: ${res.status} ${this.lastHtml.slice(0, 300)}`);
    await this.get(res.headers.get('location')!);
    const m = /<code id="new-token">(frt_[a-z2-7]+)<\/code>/.exec(this.lastHtml);
    if (!m) throw new Error(`token not shown: ${this.lastHtml.slice(0, 300)}`);
    return m[1]!;
  }
}
