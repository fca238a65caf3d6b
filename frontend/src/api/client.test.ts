import { describe, expect, it, vi } from "vitest";
import { ApiError, createApi, fetchAllPages, fillPath } from ".";
import { memoryTokenStore } from "./tokens";
import { fakeFetch } from "../test/fakeApi";
import { getMe, login, logout, register } from "../features/auth/api";
import { getMyBookings } from "../features/bookings/api";
import { getMyEntitlements, getMyOrders } from "../features/membership/api";
import { bookSession } from "../features/bookings/api";
import { getSessions } from "../features/schedule/api";
import { uploadFile } from "../features/profile/api";

const me = { id: 1, email: "a@example.test", name: "A", role: "member" };
const page = (items: unknown[], p = 1, total = items.length, per_page = 100) => ({ items, page: p, per_page, total });

function authed(routes: Parameters<typeof fakeFetch>[0], onAuthLost = vi.fn()) {
  const { fetch, calls, Request } = fakeFetch(routes);
  const tokens = memoryTokenStore({ accessToken: "old-access", refreshToken: "old-refresh" });
  const api = createApi({ baseUrl: "http://api.test", fetch, Request, tokens, onAuthLost });
  return { api, calls, tokens, onAuthLost };
}

describe("API client", () => {
  it("sends the bearer token to the base URL", async () => {
    const { api, calls } = authed({ "GET /api/me": () => me });
    await expect(getMe(api)).resolves.toEqual(me);
    expect(calls[0].headers.authorization).toBe("Bearer old-access");
    expect(new URL(api.href("/api/uploads/{id}", { id: 3 })).host).toBe("api.test");
  });

  it("refreshes on 401, stores the rotated tokens and retries once", async () => {
    const { api, calls, tokens } = authed({
      "GET /api/me": (req) =>
        req.headers.authorization === "Bearer new-access" ? me : { status: 401, body: { error: { code: "unauthorized", message: "expired", details: {} } } },
      "POST /api/auth/refresh": (req) => {
        expect(req.body).toEqual({ refresh_token: "old-refresh" });
        expect(req.headers.authorization).toBeUndefined();
        return { user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 };
      },
    });
    await expect(getMe(api)).resolves.toEqual(me);
    expect(tokens.get()).toEqual({ accessToken: "new-access", refreshToken: "new-refresh" });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/me", "POST /api/auth/refresh", "GET /api/me"]);
  });

  it("retries a request with a body with the same body after the refresh", async () => {
    const { api, calls } = authed({
      "POST /api/sessions/7/bookings": (req) =>
        req.headers.authorization === "Bearer new-access" ? { status: 201, body: { id: 1, status: "booked" } } : { status: 401, body: { error: { code: "unauthorized", message: "x", details: {} } } },
      "POST /api/auth/refresh": () => ({ user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 }),
    });
    await expect(bookSession(api, 7)).resolves.toEqual({ id: 1, status: "booked" });
    expect(calls.filter((c) => c.path === "/api/sessions/7/bookings").map((c) => c.body)).toEqual([{}, {}]);
  });

  it("uses one refresh for concurrent 401s (the refresh token rotates)", async () => {
    let refreshes = 0;
    const { api } = authed({
      "GET /api/me*": (req) =>
        req.headers.authorization === "Bearer new-access" ? page([]) : { status: 401, body: { error: { code: "unauthorized", message: "x", details: {} } } },
      "POST /api/auth/refresh": () => {
        refreshes++;
        return { user: me, access_token: "new-access", refresh_token: "new-refresh", token_type: "Bearer", expires_in: 900 };
      },
    });
    await Promise.all([getMyBookings(api), getMyEntitlements(api), getMyOrders(api)]);
    expect(refreshes).toBe(1);
  });

  it("clears the tokens and reports the lost session when the refresh fails", async () => {
    const { api, tokens, onAuthLost } = authed({
      "GET /api/me": () => ({ status: 401, body: { error: { code: "unauthorized", message: "expired", details: {} } } }),
      "POST /api/auth/refresh": () => ({ status: 401, body: { error: { code: "unauthorized", message: "reused", details: {} } } }),
    });
    await expect(getMe(api)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(tokens.get()).toBeNull();
    expect(onAuthLost).toHaveBeenCalledOnce();
  });

  it("does not try to refresh without a session, and surfaces the error body", async () => {
    const { fetch, calls } = fakeFetch({
      "POST /api/auth/login": () => ({ status: 401, body: { error: { code: "invalid_credentials", message: "Wrong email or password", details: {} } } }),
    });
    const api = createApi({ baseUrl: "", fetch, tokens: memoryTokenStore() });
    const err = await login(api, { email: "x@y.z", password: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "invalid_credentials", message: "Wrong email or password" });
    expect(calls).toHaveLength(1);
  });

  it("exposes validation field errors", async () => {
    const { fetch } = fakeFetch({
      "POST /api/auth/register": () => ({
        status: 422,
        body: { error: { code: "validation_failed", message: "invalid", details: { fields: { email: "already taken" } } } },
      }),
    });
    const api = createApi({ baseUrl: "", fetch, tokens: memoryTokenStore() });
    const err = (await register(api, { email: "a@b.c", password: "12345678", name: "A" }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(422);
    expect(err.fields).toEqual({ email: "already taken" });
  });

  it("names an error without a JSON body by its status", async () => {
    const { fetch } = fakeFetch({ "GET /api/me": () => ({ status: 502 }) });
    const api = createApi({ baseUrl: "", fetch, tokens: memoryTokenStore() });
    await expect(getMe(api)).rejects.toMatchObject({ status: 502, code: "http_502" });
  });

  it("builds paths and query strings from the typed call", async () => {
    const { api, calls } = authed({ "GET /api/sessions": () => page([]), "POST /api/sessions/7/bookings": () => ({ id: 1 }) });
    await getSessions(api, { from: "2026-01-05T00:00:00Z", to: "2026-01-12T00:00:00Z", type: 3, trainer: undefined });
    await bookSession(api, 7);
    expect(calls[0].query.get("type")).toBe("3");
    expect(calls[0].query.get("per_page")).toBe("100");
    expect(calls[0].query.has("trainer")).toBe(false);
    expect(calls[1].path).toBe("/api/sessions/7/bookings");
    expect(() => fillPath("/api/sessions/{id}", {})).toThrow(/missing path parameter id/);
    expect(fillPath("/api/orders/{id}", { id: "a/b" })).toBe("/api/orders/a%2Fb");
  });

  it("sends uploads as multipart with the browser's boundary", async () => {
    const { api, calls } = authed({ "POST /api/uploads": () => ({ status: 201, body: { id: 7 } }) });
    await uploadFile(api, "avatar", new File(["x"], "me.png", { type: "image/png" }));
    const form = calls[0].body as FormData;
    expect(form.get("kind")).toBe("avatar");
    expect((form.get("file") as File).name).toBe("me.png");
    expect(calls[0].headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("returns undefined for 204", async () => {
    const { fetch } = fakeFetch({ "POST /api/auth/logout": () => ({ status: 204 }) });
    const api = createApi({ baseUrl: "", fetch, tokens: memoryTokenStore() });
    await expect(logout(api, "r")).resolves.toBeUndefined();
  });
});

describe("fetchAllPages", () => {
  it("follows the pages until the total has come", async () => {
    const { api, calls } = authed({
      "GET /api/sessions": (req) => {
        const p = Number(req.query.get("page"));
        const ids = p < 3 ? Array.from({ length: 100 }, (_, i) => (p - 1) * 100 + i) : [200, 201, 202];
        return page(ids.map((id) => ({ id })), p, 203);
      },
    });
    const all = await getSessions(api, { from: "a", to: "b" });
    expect(all).toHaveLength(203);
    expect(calls.map((c) => c.query.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("joins the class types the week view sends once per page back into its sessions", async () => {
    const yoga = { id: 1, name: "Yoga", description: "", level: "all" as const, duration_minutes: 60, credit_cost: 1 };
    const spin = { ...yoga, id: 2, name: "Spinning" };
    const { api } = authed({
      "GET /api/sessions": (req) =>
        req.query.get("page") === "1"
          ? { ...page([{ id: 1, class_type_id: 1 }, { id: 2, class_type_id: 2 }], 1, 3, 2), class_types: [yoga, spin] }
          : { ...page([{ id: 3, class_type_id: 1 }], 2, 3, 2), class_types: [yoga] },
    });
    const all = await getSessions(api, { from: "a", to: "b" });
    expect(all.map((s) => [s.id, s.class_type.name])).toEqual([
      [1, "Yoga"],
      [2, "Spinning"],
      [3, "Yoga"],
    ]);
  });

  it("stops at a short or empty page even when the total says more", async () => {
    const pages = [page([1, 2], 1, 500, 2), page([3], 2, 500, 2)];
    const getPage = vi.fn(async (p: number) => pages[p - 1] ?? page([], p, 500, 2));
    await expect(fetchAllPages(getPage)).resolves.toEqual([1, 2, 3]);
    expect(getPage).toHaveBeenCalledTimes(2);
  });
});
