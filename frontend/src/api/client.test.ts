import { describe, expect, it, vi } from "vitest";
import { ApiError, asItems, createClient, makeApi } from ".";
import { buildPath, ROUTES } from "./routes";
import { memoryTokenStore } from "./tokens";
import { fakeFetch } from "../test/fakeApi";

const me = { id: 1, email: "a@example.test", name: "A", role: "member" };

function authed(routes: Parameters<typeof fakeFetch>[0], onAuthLost = vi.fn()) {
  const { fetch, calls } = fakeFetch(routes);
  const tokens = memoryTokenStore({ accessToken: "old-access", refreshToken: "old-refresh" });
  const api = makeApi(createClient({ baseUrl: "http://api.test", fetch, tokens, onAuthLost }));
  return { api, calls, tokens, onAuthLost };
}

describe("API client", () => {
  it("sends the bearer token and the base URL", async () => {
    const { api, calls } = authed({ "GET /api/me": () => me });
    await expect(api.me()).resolves.toEqual(me);
    expect(calls[0].headers.Authorization).toBe("Bearer old-access");
  });

  it("refreshes on 401, stores the rotated tokens and retries once", async () => {
    const { api, calls, tokens } = authed({
      "GET /api/me": (req) =>
        req.headers.Authorization === "Bearer new-access" ? me : { status: 401, body: { error: { code: "unauthorized", message: "expired" } } },
      "POST /api/auth/refresh": (req) => {
        expect(req.body).toEqual({ refresh_token: "old-refresh" });
        expect(req.headers.Authorization).toBeUndefined();
        return { user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 };
      },
    });
    await expect(api.me()).resolves.toEqual(me);
    expect(tokens.get()).toEqual({ accessToken: "new-access", refreshToken: "new-refresh" });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/me", "POST /api/auth/refresh", "GET /api/me"]);
  });

  it("uses one refresh for concurrent 401s (the refresh token rotates)", async () => {
    let refreshes = 0;
    const { api } = authed({
      "GET /api/me*": (req) =>
        req.headers.Authorization === "Bearer new-access" ? [] : { status: 401, body: { error: { code: "unauthorized", message: "x" } } },
      "POST /api/auth/refresh": () => {
        refreshes++;
        return { user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 };
      },
    });
    await Promise.all([api.myBookings(), api.myEntitlements(), api.myOrders()]);
    expect(refreshes).toBe(1);
  });

  it("clears the tokens and reports the lost session when the refresh fails", async () => {
    const { api, tokens, onAuthLost } = authed({
      "GET /api/me": () => ({ status: 401, body: { error: { code: "unauthorized", message: "expired" } } }),
      "POST /api/auth/refresh": () => ({ status: 401, body: { error: { code: "unauthorized", message: "reused" } } }),
    });
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(tokens.get()).toBeNull();
    expect(onAuthLost).toHaveBeenCalledOnce();
  });

  it("does not try to refresh without a session", async () => {
    const { fetch, calls } = fakeFetch({
      "POST /api/auth/login": () => ({ status: 401, body: { error: { code: "invalid_credentials", message: "Wrong email or password" } } }),
    });
    const api = makeApi(createClient({ baseUrl: "", fetch, tokens: memoryTokenStore() }));
    const err = await api.login({ email: "x@y.z", password: "nope" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe("Wrong email or password");
    expect(calls).toHaveLength(1);
  });

  it("exposes validation field errors", async () => {
    const { fetch } = fakeFetch({
      "POST /api/auth/register": () => ({
        status: 422,
        body: { error: { code: "validation_failed", message: "invalid", details: { fields: { email: "already taken" } } } },
      }),
    });
    const api = makeApi(createClient({ baseUrl: "", fetch, tokens: memoryTokenStore() }));
    const err = (await api.register({ email: "a@b.c", password: "12345678", name: "A" }).catch((e) => e)) as ApiError;
    expect(err.status).toBe(422);
    expect(err.fields).toEqual({ email: "already taken" });
  });

  it("builds paths and query strings from the route table", async () => {
    const { api, calls } = authed({ "GET /api/sessions": () => ({ items: [], page: 1, per_page: 100, total: 0 }), "POST /api/sessions/7/bookings": () => ({ id: 1 }) });
    await api.sessions({ from: "2026-01-05T00:00:00Z", type: 3, trainer: undefined });
    await api.book(7);
    expect(calls[0].query.get("type")).toBe("3");
    expect(calls[0].query.has("trainer")).toBe(false);
    expect(calls[1].path).toBe("/api/sessions/7/bookings");
    expect(() => buildPath(ROUTES.session.path, {})).toThrow(/missing path parameter id/);
  });

  it("accepts paged lists and bare arrays", () => {
    expect(asItems({ items: [1, 2] })).toEqual([1, 2]);
    expect(asItems([3])).toEqual([3]);
    expect(asItems(null)).toEqual([]);
  });

  it("returns undefined for 204", async () => {
    const { fetch } = fakeFetch({ "POST /api/auth/logout": () => ({ status: 204 }) });
    const api = makeApi(createClient({ baseUrl: "", fetch, tokens: memoryTokenStore() }));
    await expect(api.logout("r")).resolves.toBeUndefined();
  });
});
