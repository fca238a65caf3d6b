import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import type { Stripe } from "@stripe/stripe-js";
import { useApi } from "../auth/AuthContext";
import { runtimeConfig } from "../config";
import { NarrowPage } from "../components/PageTitle";
import { ErrorMessage, Loading, Notice, errorText } from "../components/Status";
import { createOrder, usePlans } from "../features/membership/api";
import { useI18n } from "../i18n";
import { formatMoney } from "../lib/dates";
import { PlanSummary } from "./MembershipPage";
import type { Checkout, Plan } from "../api";

// This module is loaded lazily (React.lazy in App), and stripe-js/pure injects
// Stripe's script only when loadStripe() runs, so other pages never load it.
let stripePromise: Promise<Stripe | null> | null = null;
function getStripe(key: string) {
  stripePromise ??= loadStripe(key);
  return stripePromise;
}

function PaymentForm({ orderId, amount }: { orderId: number; amount: string }) {
  const { t } = useI18n();
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    // The order is fulfilled by the backend's webhook; the return page only follows it.
    const { error: err } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/checkout/return?order=${orderId}` },
    });
    if (err) setError(err.message ?? "payment failed");
    setBusy(false);
  };

  return (
    <form onSubmit={submit} className="payment-form">
      <PaymentElement options={{ layout: "tabs" }} />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" disabled={!stripe || busy}>
        {busy ? t("checkout.paying") : t("checkout.pay", { amount })}
      </button>
    </form>
  );
}

function StripeCheckout({ plan, publicKey }: { plan: Plan; publicKey: string }) {
  const { t, lang, locale } = useI18n();
  const api = useApi();
  const [created, setCreated] = useState<Checkout | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // One order per visit, even when React runs effects twice in development.
    if (started.current) return;
    started.current = true;
    createOrder(api, plan.id!).then(setCreated, (e: unknown) => setError(new Error(errorText(e))));
  }, [api, plan.id]);

  if (error) return <ErrorMessage error={error} />;
  if (!created) return <p role="status">{t("checkout.preparing")}</p>;
  return (
    <Elements
      stripe={getStripe(publicKey)}
      options={{ clientSecret: created.client_secret, locale: lang, appearance: { theme: "stripe" } }}
    >
      <PaymentForm
        orderId={created.order.id!}
        amount={formatMoney(plan.price_rappen, locale, plan.currency || "CHF")}
      />
    </Elements>
  );
}

/** Buys a plan with Stripe's Payment Element (card and TWINT, CHF). */
export default function CheckoutPage() {
  const { t } = useI18n();
  const { planId } = useParams();
  const plans = usePlans();
  const publicKey = runtimeConfig().stripePublicKey;
  const plan = plans.data?.find((p) => String(p.id) === planId && p.active);

  return (
    <NarrowPage title={t("checkout.title")}>
      {plans.error ? (
        <ErrorMessage error={plans.error} onRetry={() => void plans.refetch()} />
      ) : !plans.data ? (
        <Loading />
      ) : !plan ? (
        <Notice kind="error">{t("checkout.planNotFound")}</Notice>
      ) : (
        <>
          <div className="card">
            <PlanSummary plan={plan} />
          </div>
          {publicKey ? (
            <>
              <p className="muted">{t("checkout.methods")}</p>
              <StripeCheckout plan={plan} publicKey={publicKey} />
            </>
          ) : (
            <Notice kind="error">{t("checkout.unavailable")}</Notice>
          )}
        </>
      )}
      <p>
        <Link to="/me/membership">← {t("nav.membership")}</Link>
      </p>
    </NarrowPage>
  );
}
