import createClient from 'openapi-fetch';
import type { components, paths } from '../../generated/api';

// The session's tokens. The access token lives in memory only; the refresh token in
// sessionStorage, so a reload keeps the session but closing the tab ends it. The refresh token is
// single use, so concurrent refreshes share one call. An idle session is ended by the client
// (and by the api, IDLE_TIMEOUT) after the idle timeout the login answered.

type TokenPair = components['schemas']['TokenPair'];
export type EndReason = 'signed-out' | 'idle' | 'expired';

const REFRESH_KEY = 'comity.refresh';
const IDLE_KEY = 'comity.idleTimeout';
// Refresh a little before the access token expires.
const EARLY_MS = 60_000;

const auth = createClient<paths>({ baseUrl: window.location.origin });

class Session {
  private access: string | null = null;
  private expiresAt = 0;
  private refreshing: Promise<boolean> | null = null;
  private lastActivity = Date.now();
  private listeners = new Set<(ended: EndReason | null) => void>();

  signedIn(): boolean {
    return this.access !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
  }

  /** Seconds of inactivity after which the session ends. */
  idleTimeout(): number {
    return Number(sessionStorage.getItem(IDLE_KEY) ?? 1800);
  }

  onChange(listener: (ended: EndReason | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Logs in; resolves to the API's problem when it refuses. */
  async login(email: string, password: string): Promise<components['schemas']['ProblemDetails'] | null> {
    const { data, error } = await auth.POST('/api/v1/auth/login', { body: { email, password } });
    if (!data) return error ?? { type: 'about:blank', title: 'Login failed', status: 0 };
    this.keep(data);
    this.emit(null);
    return null;
  }

  async accessToken(): Promise<string | null> {
    if (this.access && Date.now() < this.expiresAt - EARLY_MS) return this.access;
    if (sessionStorage.getItem(REFRESH_KEY)) await this.refresh();
    return this.access;
  }

  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const { data } = await auth.POST('/api/v1/auth/refresh', { body: { refreshToken } });
    if (!data) {
      this.end('expired');
      return false;
    }
    this.keep(data);
    return true;
  }

  /** Ends the session on the api (its tokens stop working) and here. */
  async logout(reason: EndReason = 'signed-out'): Promise<void> {
    const token = this.access;
    this.end(reason);
    if (token)
      await auth
        .POST('/api/v1/auth/logout', { headers: { Authorization: `Bearer ${token}` } })
        .catch(() => undefined);
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  /** True once the user has been idle longer than the idle timeout. */
  idle(now = Date.now()): boolean {
    return this.signedIn() && now - this.lastActivity > this.idleTimeout() * 1000;
  }

  private keep(pair: TokenPair): void {
    this.access = pair.accessToken;
    this.expiresAt = Date.now() + pair.expiresIn * 1000;
    sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
    sessionStorage.setItem(IDLE_KEY, String(pair.idleTimeout));
    this.touch();
  }

  private end(reason: EndReason): void {
    this.access = null;
    this.expiresAt = 0;
    sessionStorage.removeItem(REFRESH_KEY);
    this.emit(reason);
  }

  private emit(ended: EndReason | null): void {
    for (const listener of this.listeners) listener(ended);
  }
}

export const session = new Session();
