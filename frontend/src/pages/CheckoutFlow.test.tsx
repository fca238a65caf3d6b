import { describe, expect, it, vi, afterEach, beforeEach } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/render";
import { CheckoutReturnPage } from "./CheckoutReturnPage";

// Stripe's React bindings replaced by stand-ins: the test checks our flow (one order, the
// client secret handed to Elements, confirmPayment with a return URL that names the order),
// not Stripe's iframe.
const confirmPayment = vi.fn();
const loadStripe = vi.fn(async (key: string) => ({ fake: "stripe", key }));
let elementsOptions: { clientSecret?: string } | undefined;
vi.mock("@stripe/stripe-js/pure", () => ({ loadStripe: (key: string) => loadStripe(key) }));
vi.mock("@stripe/react-stripe-js", () => ({
  Elements: ({ children, options }: { children: React.ReactNode; options: { clientSecret?: string } }) => {
    elementsOptions = options;
    return <div data-testid="elements">{children}</div>;
  },
  PaymentElement: () => <div data-testid="payment-element" />,
  useStripe: () => ({ confirmPayment }),
  useElements: () => ({}),
}));

const { default: CheckoutPage } = await import("./CheckoutPage");

const plans = { items: [{ id: 3, name: "Monthly", kind: "membership", months: 1, price_rappen: 9900, currency: "CHF", active: true }], page: 1, per_page: 100, total: 1 };

beforeEach(() => {
  window.__CONFIG__ = { apiUrl: "", stripePublicKey: "pk_test_fake" };
  confirmPayment.mockReset();
  loadStripe.mockClear();
});
afterEach(() => {
  delete window.__CONFIG__;
});

describe("checkout with a Stripe key", () => {
  it("creates one order and confirms the payment with a return URL naming it", async () => {
    const { api, calls } = fakeApi(
      {
        "GET /api/plans": () => plans,
        "POST /api/orders": (req) => {
          expect(req.body).toEqual({ plan_id: 3 });
          return { status: 201, body: { order: { id: 77, plan_id: 3, status: "pending", amount_rappen: 9900, currency: "CHF" }, client_secret: "pi_1_secret_2" } };
        },
      },
      { accessToken: "a", refreshToken: "r" },
    );
    confirmPayment.mockResolvedValue({});
    renderPage(<CheckoutPage />, { api, path: "/checkout/3", route: "/checkout/:planId" });
    await screen.findByTestId("payment-element");
    expect(elementsOptions?.clientSecret).toBe("pi_1_secret_2");
    expect(loadStripe).toHaveBeenCalledWith("pk_test_fake");
    await userEvent.click(screen.getByRole("button", { name: /Pay CHF\s*99\.00/ }));
    await waitFor(() => expect(confirmPayment).toHaveBeenCalledOnce());
    const args = confirmPayment.mock.calls[0][0];
    expect(args.confirmParams.return_url).toBe(`${window.location.origin}/checkout/return?order=77`);
    expect(calls.filter((c) => c.method === "POST" && c.path === "/api/orders")).toHaveLength(1);
  });

  it("shows Stripe's error when the payment is declined", async () => {
    const { api } = fakeApi(
      {
        "GET /api/plans": () => plans,
        "POST /api/orders": () => ({ status: 201, body: { order: { id: 78, plan_id: 3, status: "pending", amount_rappen: 9900, currency: "CHF" }, client_secret: "s" } }),
      },
      { accessToken: "a", refreshToken: "r" },
    );
    confirmPayment.mockResolvedValue({ error: { message: "Your card was declined." } });
    renderPage(<CheckoutPage />, { api, path: "/checkout/3", route: "/checkout/:planId" });
    await userEvent.click(await screen.findByRole("button", { name: /Pay/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your card was declined.");
  });

  it("shows the API's error when the order cannot be created", async () => {
    const { api } = fakeApi(
      {
        "GET /api/plans": () => plans,
        "POST /api/orders": () => ({ status: 503, body: { error: { code: "payments_unavailable", message: "Payments are not configured" } } }),
      },
      { accessToken: "a", refreshToken: "r" },
    );
    renderPage(<CheckoutPage />, { api, path: "/checkout/3", route: "/checkout/:planId" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Payments are not configured");
    expect(screen.queryByTestId("payment-element")).not.toBeInTheDocument();
  });
});

describe("CheckoutReturnPage", () => {
  it("follows the order named in the URL until it is paid", async () => {
    const { api, calls } = fakeApi(
      { "GET /api/orders/77": () => ({ id: 77, plan_id: 3, status: "paid", amount_rappen: 9900, currency: "CHF" }) },
      { accessToken: "a", refreshToken: "r" },
    );
    renderPage(<CheckoutReturnPage />, { api, path: "/checkout/return?order=77&payment_intent=pi_1&redirect_status=succeeded" });
    expect(await screen.findByText("Payment received. Your membership is active.")).toBeInTheDocument();
    expect(calls.every((c) => c.method === "GET")).toBe(true);
  });

  it("says so when there is no order to follow", async () => {
    const { api } = fakeApi({});
    renderPage(<CheckoutReturnPage />, { api, path: "/checkout/return" });
    expect(await screen.findByText("No order to follow.")).toBeInTheDocument();
  });
});
