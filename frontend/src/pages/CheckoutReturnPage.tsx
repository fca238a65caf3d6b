import { Link, useSearchParams } from "react-router";
import { NarrowPage } from "../components/PageTitle";
import { Notice } from "../components/Status";
import { useOrderStatus } from "../hooks/useOrderStatus";
import { useT } from "../i18n";

/** Where Stripe sends the member back; follows the order until the backend settles it. */
export function CheckoutReturnPage() {
  const t = useT();
  const [params] = useSearchParams();
  const orderId = params.get("order");
  const { state, order } = useOrderStatus(orderId);

  return (
    <NarrowPage title={t("return.title")}>
      {!orderId ? (
        <Notice kind="error">{t("return.noOrder")}</Notice>
      ) : state === "paid" ? (
        <Notice kind="success">{t("return.paid")}</Notice>
      ) : state === "failed" ? (
        <Notice kind="error">
          {t("return.failed")}
          {order?.failure_reason ? ` (${order.failure_reason})` : ""}
        </Notice>
      ) : state === "timeout" || state === "error" ? (
        <Notice>{t("return.timeout")}</Notice>
      ) : (
        <p role="status" aria-live="polite">
          {t("return.pending")}
        </p>
      )}
      <p>
        <Link to="/me/membership">{t("return.toMembership")}</Link>
      </p>
    </NarrowPage>
  );
}
