import { describe, expect, it, afterEach } from "vitest";
import { screen } from "@testing-library/react";
import CheckoutPage from "./CheckoutPage";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/render";

const plans = { items: [{ id: 3, name: "10er Abo", kind: "credit_pack", credits: 10, validity_days: 180, price_rappen: 25000, currency: "CHF", active: true }], page: 1, per_page: 100, total: 1 };

afterEach(() => {
  delete window.__CONFIG__;
});

describe("CheckoutPage", () => {
  it("says payments are unavailable without a Stripe key and creates no order", async () => {
    window.__CONFIG__ = { apiUrl: "", stripePublicKey: "" };
    const { api, calls } = fakeApi({ "GET /api/plans": () => plans });
    renderPage(<CheckoutPage />, { api, path: "/checkout/3", route: "/checkout/:planId" });
    expect(await screen.findByText(/Payments are unavailable right now/)).toBeInTheDocument();
    expect(screen.getByText("10er Abo")).toBeInTheDocument();
    expect(screen.getByText(/250\.00/)).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/orders")).toBe(false);
  });

  it("rejects an unknown plan", async () => {
    window.__CONFIG__ = { apiUrl: "", stripePublicKey: "pk_test_fake" };
    const { api, calls } = fakeApi({ "GET /api/plans": () => plans });
    renderPage(<CheckoutPage />, { api, path: "/checkout/99", route: "/checkout/:planId" });
    expect(await screen.findByText("This plan is not available.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/orders")).toBe(false);
  });
});
