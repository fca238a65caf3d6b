import { buildPath, ROUTES, type RouteName } from "./routes";
import type { ApiErrorBody, AuthResponse } from "./types";
import type { TokenStore } from "./tokens";

/** An error answer from the API, with the stable `{error:{code,message,details}}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    const fields = details.fields;
    this.fields = fields && typeof fields === "object" ? (fields as Record<string, string>) : {};
  }
}

export interface RequestOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** A multipart body (uploads); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  /** Send the bearer token (default true). Auth endpoints themselves send none. */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ClientOptions {
  /** "" = same origin. */
  baseUrl: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Called when the session is gone for good (refresh failed). */
  onAuthLost?: () => void;
}

export interface ApiClient {
  request<T>(route: RouteName, opts?: RequestOptions): Promise<T>;
  /** The absolute URL of a route (for <img src> and links the browser fetches itself). */
  href(route: RouteName, params?: Record<string, string | number>): string;
  tokens: TokenStore;
}

export function createClient(options: ClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = options.baseUrl.replace(/\/+$/, "");
  // One refresh at a time: concurrent 401s wait for the same rotation, because the
  // backend rotates refresh tokens and a second use of the old one would fail.
  let refreshing: Promise<boolean> | null = null;

  function url(route: RouteName, opts: RequestOptions): string {
    const path = buildPath(ROUTES[route].path, opts.params);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
    }
    const q = qs.toString();
    return `${base}${path}${q ? `?${q}` : ""}`;
  }

  async function send(route: RouteName, opts: RequestOptions, withAuth: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (opts.body !== undefined && !opts.form) headers["Content-Type"] = "application/json";
    const tokens = options.tokens.get();
    if (withAuth && tokens) headers.Authorization = `Bearer ${tokens.accessToken}`;
    return doFetch(url(route, opts), {
      method: ROUTES[route].method,
      headers,
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
    });
  }

  async function refresh(): Promise<boolean> {
    const current = options.tokens.get();
    if (!current) return false;
    try {
      const res = await send("refresh", { body: { refresh_token: current.refreshToken } }, false);
      if (!res.ok) throw new Error(`refresh ${res.status}`);
      const data = (await res.json()) as AuthResponse;
      options.tokens.set({ accessToken: data.access_token, refreshToken: data.refresh_token });
      return true;
    } catch {
      options.tokens.set(null);
      options.onAuthLost?.();
      return false;
    }
  }

  async function request<T>(route: RouteName, opts: RequestOptions = {}): Promise<T> {
    const withAuth = opts.auth !== false;
    const hadToken = withAuth && options.tokens.get() !== null;
    let res = await send(route, opts, withAuth);
    if (res.status === 401 && hadToken) {
      refreshing ??= refresh().finally(() => {
        refreshing = null;
      });
      if (await refreshing) res = await send(route, opts, withAuth);
    }
    return parse<T>(res);
  }

  return { request, href: (route, params) => url(route, { params }), tokens: options.tokens };
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as ApiErrorBody | undefined)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (res.statusText || `HTTP ${res.status}`),
      (err?.details as Record<string, unknown>) ?? {},
    );
  }
  return data as T;
}

/** Lists come as `{items,...}`; accept a bare array too so a contract slip does not blank a page. */
export function asItems<T>(data: { items: T[] } | T[] | null | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : (data.items ?? []);
}
