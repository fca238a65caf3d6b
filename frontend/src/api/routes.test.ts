import { describe, expect, it } from "vitest";
import { ROUTES, buildPath } from "./routes";
import { normalizePath, parseRoutes } from "../../e2e/routes-table.mjs";

describe("route table", () => {
  it("is read the same way by the OpenAPI contract check (e2e/routes-table.mjs)", () => {
    const parsed = Object.fromEntries(parseRoutes().map((r) => [r.name, { method: r.method, path: r.path }]));
    expect(parsed).toEqual(ROUTES);
  });

  it("normalizes parameter names for matching against OpenAPI paths", () => {
    expect(normalizePath("/api/sessions/{id}/bookings")).toBe(normalizePath("/api/sessions/{session_id}/bookings"));
    expect(normalizePath("/api/sessions/:id")).toBe("/api/sessions/{}");
  });

  it("escapes path parameters", () => {
    expect(buildPath("/api/orders/{id}", { id: "a/b" })).toBe("/api/orders/a%2Fb");
  });
});
