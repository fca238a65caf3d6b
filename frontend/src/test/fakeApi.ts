import { createClient, makeApi, type Api } from "../api";
import { memoryTokenStore, type Tokens } from "../api/tokens";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}
type Handler = (req: FakeRequest) => { status?: number; body?: unknown } | unknown;

/**
 * A fetch that answers from a table keyed "METHOD /path" (path without query; a
 * trailing "*" matches a prefix). Every call is recorded so tests can assert on it.
 */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://test.local");
    const req: FakeRequest = {
      method: init.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body: init.body instanceof FormData ? init.body : init.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(req);
    const key = `${req.method} ${req.path}`;
    const handler =
      routes[key] ??
      Object.entries(routes).find(([k]) => k.endsWith("*") && key.startsWith(k.slice(0, -1)))?.[1];
    if (!handler) return json(404, { error: { code: "not_found", message: `no fake for ${key}` } });
    const out = handler(req);
    // `{status: <number>, body?}` is a reply with a status; anything else is a 200 body
    // (API objects have string statuses, so they never look like a reply).
    if (out && typeof out === "object" && typeof (out as { status?: unknown }).status === "number") {
      const o = out as { status?: number; body?: unknown };
      return json(o.status ?? 200, o.body);
    }
    return json(200, out);
  };
  return { fetch: fn as typeof fetch, calls };
}

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function fakeApi(routes: Record<string, Handler>, tokens: Tokens | null = null): { api: Api; calls: FakeRequest[] } {
  const { fetch, calls } = fakeFetch(routes);
  const api = makeApi(createClient({ baseUrl: "", fetch, tokens: memoryTokenStore(tokens) }));
  return { api, calls };
}
