import { createApi, type Api } from "../api";
import { memoryTokenStore, type Tokens } from "../api/tokens";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Header names in lower case, as fetch's Headers has them. */
  headers: Record<string, string>;
}
/**
 * Keeps the body it was built with. jsdom's File and FormData are not Node's, so Node's Request
 * loses a jsdom File's name and bytes when it serializes a multipart body (a browser does not; the
 * browser E2E uploads a real file). Recording the FormData lets tests check what the client sent.
 */
class RecordingRequest extends Request {
  readonly sentBody: unknown;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.sentBody = init?.body;
  }
}

type Handler = (req: FakeRequest) => { status?: number; body?: unknown } | unknown;

/**
 * A fetch that answers from a table keyed "METHOD /path" (path without query; a
 * trailing "*" matches a prefix). Every call is recorded so tests can assert on it.
 */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const sent = input instanceof RecordingRequest ? input.sentBody : undefined;
    const text = sent instanceof FormData ? "" : await request.text();
    const req: FakeRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: sent instanceof FormData ? sent : text ? JSON.parse(text) : undefined,
      headers: Object.fromEntries(request.headers),
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
  return { fetch: fn as typeof fetch, calls, Request: RecordingRequest };
}

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function fakeApi(routes: Record<string, Handler>, tokens: Tokens | null = null): { api: Api; calls: FakeRequest[] } {
  const { fetch, calls, Request } = fakeFetch(routes);
  const api = createApi({ baseUrl: "", fetch, Request, tokens: memoryTokenStore(tokens) });
  return { api, calls };
}
