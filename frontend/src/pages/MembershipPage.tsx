import { Link } from "react-router";
import type { Entitlement, Plan } from "../api";
import { PageTitle } from "../components/PageTitle";
import { QueryView } from "../components/QueryView";
import { useEntitlements, useMyOrders, usePlans } from "../features/membership/api";
import { useI18n, type MessageKey } from "../i18n";
import { formatDateTime, formatMoney } from "../lib/dates";

function EntitlementCard({ e }: { e: Entitlement }) {
  const { t, locale } = useI18n();
  const until = e.expires_at ?? e.ends_at;
  const name = e.plan_name || (e.kind === "membership" ? t("admin.kind.membership") : t("admin.kind.credit_pack"));
  return (
    <li className="card">
      <h3>{name}</h3>
      {e.status && (
        <p>
          <span className={`badge badge-${e.status}`}>{t(`membership.status.${e.status}` as MessageKey)}</span>
        </p>
      )}
      <p>
        {e.kind === "credit_pack"
          ? t("membership.creditsLeft", { count: e.credits_remaining ?? 0 })
          : t("membership.unlimited")}
      </p>
      {until && <p className="muted">{t("membership.validUntil", { date: new Date(until).toLocaleDateString(locale) })}</p>}
    </li>
  );
}

export function PlanSummary({ plan }: { plan: Plan }) {
  const { t, locale } = useI18n();
  const parts = [
    plan.months ? t("membership.months", { count: plan.months }) : null,
    plan.credits ? t("membership.credits", { count: plan.credits }) : null,
    plan.validity_days ? t("membership.validityDays", { count: plan.validity_days }) : null,
  ].filter(Boolean);
  return (
    <>
      <h3>{plan.name}</h3>
      <p>{parts.join(" · ")}</p>
      <p className="price">{formatMoney(plan.price_rappen, locale, plan.currency || "CHF")}</p>
    </>
  );
}

export function MembershipPage() {
  const { t, locale } = useI18n();
  const entitlements = useEntitlements();
  const plans = usePlans();
  const orders = useMyOrders();
  const active = (plans.data ?? []).filter((p) => p.active);

  return (
    <>
      <PageTitle>{t("membership.title")}</PageTitle>
      <section aria-labelledby="ent-h">
        <h2 id="ent-h">{t("membership.entitlements")}</h2>
        <QueryView query={entitlements} empty={<p className="muted">{t("membership.none")}</p>}>
          {(data) => (
          <ul className="cards">
            {data.map((e) => (
              <EntitlementCard key={e.id} e={e} />
            ))}
          </ul>
        )}
        </QueryView>
      </section>
      <section aria-labelledby="plans-h">
        <h2 id="plans-h">{t("membership.plans")}</h2>
        <QueryView query={plans}>
          {() => (
          <ul className="cards">
            {active.map((p) => (
              <li key={p.id} className="card">
                <PlanSummary plan={p} />
                <Link className="button" to={`/checkout/${p.id}`}>
                  {t("membership.buy", { name: p.name })}
                </Link>
              </li>
            ))}
          </ul>
        )}
        </QueryView>
      </section>
      {orders.data && orders.data.length > 0 && (
        <section aria-labelledby="orders-h">
          <h2 id="orders-h">{t("membership.orders")}</h2>
          <ul className="booking-list">
            {orders.data.map((o) => (
              <li key={o.id} className="booking-row">
                <span>
                  {o.plan_name ?? `#${o.id}`} · {formatMoney(o.amount_rappen, locale, o.currency || "CHF")}
                  {o.created_at ? ` · ${formatDateTime(o.created_at, locale)}` : ""}
                </span>
                {o.status && <span className={`badge badge-${o.status}`}>{t(`order.status.${o.status}`)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
