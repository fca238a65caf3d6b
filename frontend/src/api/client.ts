import createFetchClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.gen";
import type { TokenStore } from "./tokens";

/** The API's component schemas (User, Session, Booking…), generated from its OpenAPI document. */
export type Schemas = components["schemas"];
export type ApiErrorBody = Schemas["Error"];

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

export interface ClientOptions {
  /** "" = same origin. */
  baseUrl: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** The Request class openapi-fetch builds requests with (tests record multipart bodies with it). */
  Request?: typeof Request;
  /** Called when the session is gone for good (refresh failed). */
  onAuthLost?: () => void;
}

/** The app's API: the client typed from the OpenAPI document, and where its tokens live. */
export interface Api {
  /** openapi-fetch's client over `paths`: `api.client.GET("/api/sessions/{id}", …)`. */
  client: Client<paths>;
  tokens: TokenStore;
  /** The absolute URL of a path the browser loads itself (an `<img src>`). */
  href(path: keyof paths, params?: Record<string, string | number>): string;
}

/** Auth routes send no bearer token and a 401 from them is an answer, not an expired session. */
const isAuthRoute = (req: Request) => new URL(req.url).pathname.includes("/api/auth/");

export function createApi(options: ClientOptions): Api {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = options.baseUrl.replace(/\/+$/, "");
  // One refresh at a time: concurrent 401s wait for the same rotation, because the
  // backend rotates refresh tokens and a second use of the old one would fail.
  let refreshing: Promise<boolean> | null = null;

  const withBearer = (req: Request) => {
    const tokens = options.tokens.get();
    if (tokens) req.headers.set("Authorization", `Bearer ${tokens.accessToken}`);
    return req;
  };

  async function refresh(): Promise<boolean> {
    const current = options.tokens.get();
    if (!current) return false;
    try {
      const data = await unwrap(client.POST("/api/auth/refresh", { body: { refresh_token: current.refreshToken } }));
      options.tokens.set({ accessToken: data.access_token, refreshToken: data.refresh_token });
      return true;
    } catch {
      options.tokens.set(null);
      options.onAuthLost?.();
      return false;
    }
  }

  // openapi-fetch hands every request to this fetch: the bearer token goes on here, and a 401
  // with a token is retried once after the (shared) refresh.
  async function authFetch(req: Request): Promise<Response> {
    if (isAuthRoute(req)) return doFetch(req);
    const hadToken = options.tokens.get() !== null;
    const retry = hadToken ? req.clone() : null;
    const res = await doFetch(withBearer(req));
    if (res.status !== 401 || !retry) return res;
    refreshing ??= refresh().finally(() => {
      refreshing = null;
    });
    return (await refreshing) ? doFetch(withBearer(retry)) : res;
  }

  const client = createFetchClient<paths>({
    // Request needs an absolute URL outside the browser too (tests); same origin otherwise.
    baseUrl: base || (typeof window !== "undefined" ? window.location.origin : ""),
    fetch: authFetch,
    Request: options.Request,
  });

  return {
    client,
    tokens: options.tokens,
    href: (path, params = {}) => `${base}${fillPath(path, params)}`,
  };
}

/** Fills `{param}` placeholders; throws when one is missing so a bad call never hits "/undefined". */
export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError with the body's code, message and details. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const err = (error as Partial<ApiErrorBody> | undefined)?.error;
  throw new ApiError(
    response.status,
    err?.code ?? `http_${response.status}`,
    err?.message ?? (response.statusText || `HTTP ${response.status}`),
    (err?.details as Record<string, unknown> | undefined) ?? {},
  );
}

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

/** The API's largest page. */
export const MAX_PER_PAGE = 100;
/** A safety stop: a list that claims more than this many pages is not followed further. */
const MAX_PAGES = 100;

/**
 * Every item of a paged list: asks for page 1, 2, … (MAX_PER_PAGE each) until `total` items
 * have come or a page comes back short. For views that need the whole list (a week, a roster).
 */
export async function fetchAllPages<T>(getPage: (page: number, perPage: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await getPage(page, MAX_PER_PAGE);
    items.push(...res.items);
    if (res.items.length === 0 || res.items.length < res.per_page || items.length >= res.total) break;
  }
  return items;
}

/** The JSON request body of an operation, as the document defines it. */
export type JsonBody<P extends keyof paths, M extends "post" | "put" | "patch" | "delete"> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
