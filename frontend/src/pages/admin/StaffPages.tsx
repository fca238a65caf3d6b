import { useState } from "react";
import { Link, useParams } from "react-router";
import { Field, SelectField } from "../../components/Field";
import { ApiForm, SubmitButton } from "../../components/Form";
import { QueryView } from "../../components/QueryView";
import { Pagination } from "../../components/Pagination";
import { useApi } from "../../auth/AuthContext";
import { useUsers } from "../../features/admin/api";
import {
  downloadCsv,
  useAdjustCredits,
  useExtendEntitlement,
  useLedger,
  useMemberBookings,
  useMemberEntitlements,
  useOrders,
  useRefundOrder,
  useRevokeEntitlement,
  useSeries,
  useUpdateSeries,
  type OrdersQuery,
  type Series,
} from "../../features/staff/api";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { formatDateTime, formatMoney, isoDay } from "../../lib/dates";
import { sessionName } from "../../lib/session";
import type { Entitlement } from "../../api";
import { num, str } from "../../lib/formData";
import { AdminList, AdminSection, ConfirmButton, useAction } from "./AdminPages";
import { NewSeriesForm } from "./CreateForms";
import { DataTable } from "../../components/DataTable";

/** Weekly series: the list, "this and the following" edits, and a form for a new one. */
export function SeriesAdmin() {
  const { t } = useI18n();
  const series = useSeries();
  const { result, run } = useAction();
  return (
    <AdminList title={t("staff.series")} result={result} query={series} create={<NewSeriesForm />}>
      {(data) => (
        <ul className="booking-list">
          {data.items.map((s) => <SeriesRow key={s.id} series={s} onResult={run} />)}
        </ul>
      )}
    </AdminList>
  );
}

function SeriesRow({ series: s, onResult }: { series: Series; onResult: ReturnType<typeof useAction>["run"] }) {
  const { t } = useI18n();
  const update = useUpdateSeries();
  const [editing, setEditing] = useState(false);
  const submit = async (f: FormData) => {
    if (!window.confirm(t("staff.confirmSeriesEdit"))) return;
    const res = await update.mutateAsync({ id: s.id!, from_date: str(f, "from_date"), start_time: str(f, "start_time"), room: str(f, "room"), capacity: num(f, "capacity") });
    setEditing(false);
    await onResult(async () => res, t("staff.seriesEdited", { moved: res.moved ?? 0, replaced: res.replaced ?? 0 }));
  };
  return (
    <li className="booking-row">
      <span>
        {s.class_type_name} · {t(`staff.weekday.${s.weekday}` as MessageKey)} {s.start_time} · {s.trainer_name} · {s.room} · {s.capacity} ·{" "}
        {s.valid_from} – {s.valid_until ?? t("staff.openEnded")}
      </span>
      <button type="button" className="secondary" onClick={() => setEditing(!editing)}>{t("admin.edit")}</button>
      {editing && (
        <ApiForm onSubmit={submit} className="admin-form">
          <h3>{t("staff.editFollowing")}</h3>
          <Field label={t("staff.fromDate")} name="from_date" type="date" defaultValue={isoDay(new Date())} required />
          <Field label={t("staff.startTime")} name="start_time" type="time" defaultValue={s.start_time} required />
          <Field label={t("admin.room")} name="room" defaultValue={s.room} required />
          <Field label={t("admin.capacity")} name="capacity" type="number" min={1} max={500} defaultValue={s.capacity} required />
          <SubmitButton>{t("admin.save")}</SubmitButton>
        </ApiForm>
      )}
    </li>
  );
}

/** Member search (name or e-mail); each result opens the member's page. */
export function MembersAdmin() {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const users = useUsers({ page, per_page: 20, q: q || undefined });
  return (
    <AdminSection title={t("staff.members")} result={null}>
      <Field label={t("staff.search")} name="q" type="search" value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} />
      <QueryView query={users}>
        {(data) => (
          <>
            <ul className="booking-list">
              {data.items.map((u) => (
                <li key={u.id} className="booking-row">
                  <span>{u.name} · {u.email} · {u.role}</span>
                  <Link to={`/admin/members/${u.id}`}>{t("staff.open")} <span className="visually-hidden">{u.name}</span></Link>
                </li>
              ))}
            </ul>
            <Pagination page={page} perPage={20} total={data.total ?? 0} onChange={setPage} />
          </>
        )}
      </QueryView>
    </AdminSection>
  );
}

/** A member's page: entitlements (credit corrections with a reason, revoke), bookings, orders. */
export function MemberPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const ents = useMemberEntitlements(id);
  const bookings = useMemberBookings(id);
  const orders = useOrders({ page: 1, per_page: 20, user_id: id });
  return (
    <AdminSection title={`${t("staff.member")} ${id}`} result={null}>
      <h2>{t("staff.entitlements")}</h2>
      <QueryView query={ents}>
        {(data) => <ul className="booking-list">{data.items.map((e) => <EntitlementRow key={e.id} memberId={id} e={e} />)}</ul>}
      </QueryView>
      <h2>{t("staff.bookings")}</h2>
      <QueryView query={bookings}>
        {(data) => (
          <ul className="booking-list">
            {data.items.map((b) => (
              <li key={b.id} className="booking-row">{b.session ? sessionName(b.session) : b.session_id} · {formatDateTime(b.session?.starts_at, locale)} · {b.status}</li>
            ))}
          </ul>
        )}
      </QueryView>
      <h2>{t("staff.orders")}</h2>
      <QueryView query={orders}>
        {(data) => (
          <ul className="booking-list">
            {data.items.map((o) => <li key={o.id} className="booking-row">#{o.id} · {o.plan_name} · {formatMoney(o.amount_rappen, locale)} · {o.status}</li>)}
          </ul>
        )}
      </QueryView>
    </AdminSection>
  );
}

function EntitlementRow({ e, memberId }: { e: Entitlement; memberId: number }) {
  const { t, locale } = useI18n();
  const adjust = useAdjustCredits(memberId);
  const revoke = useRevokeEntitlement(memberId);
  const extend = useExtendEntitlement(memberId);
  const [panel, setPanel] = useState<"adjust" | "extend" | null>(null);
  const toggle = (p: "adjust" | "extend") => setPanel(panel === p ? null : p);
  const open = panel === "adjust";
  const ledger = useLedger(e.id!, memberId);
  const submit = async (f: FormData) => {
    await adjust.mutateAsync({ id: e.id!, delta: num(f, "delta"), reason: str(f, "reason") });
    return t("staff.adjusted");
  };
  const submitExtend = async (f: FormData) => {
    await extend.mutateAsync({ id: e.id!, ends_at: new Date(str(f, "ends_at")).toISOString(), reason: str(f, "reason") });
    return t("staff.extended");
  };
  return (
    <li className="booking-row" data-testid={`entitlement-${e.id}`}>
      <span>
        {e.plan_name} · {e.status} · {e.kind === "credit_pack" ? `${t("staff.remaining")}: ${e.credits_remaining}/${e.credits_total} · ` : ""}
        {t("staff.expires")}: {formatDateTime(e.ends_at, locale)}
      </span>
      {e.status !== "revoked" && (
        <>
          {e.kind === "credit_pack" && <button type="button" className="secondary" onClick={() => toggle("adjust")}>{t("staff.adjust")}</button>}
          <button type="button" className="secondary" onClick={() => toggle("extend")}>{t("staff.extend")}</button>
          <button type="button" className="secondary"
            onClick={async () => {
              const reason = window.prompt(t("staff.confirmRevoke", { name: e.plan_name ?? "" }));
              if (reason) await revoke.mutateAsync({ id: e.id!, reason });
            }}>
            {t("staff.revoke")}
          </button>
        </>
      )}
      {panel === "extend" && (
        <ApiForm onSubmit={submitExtend} className="admin-form" resetOnSuccess>
          <Field label={t("staff.newExpiry")} name="ends_at" errorKey="ends_at" type="datetime-local" required />
          <Field label={t("staff.reason")} name="reason" minLength={3} maxLength={500} required />
          <SubmitButton>{t("admin.save")}</SubmitButton>
        </ApiForm>
      )}
      {open && (
        <ApiForm onSubmit={submit} className="admin-form" resetOnSuccess>
          <Field label={t("staff.delta")} name="delta" type="number" min={-500} max={500} required />
          <Field label={t("staff.reason")} name="reason" minLength={3} maxLength={500} required />
          <SubmitButton>{t("admin.save")}</SubmitButton>
          <h3>{t("staff.ledger")}</h3>
          <QueryView query={ledger} empty={t("staff.noEntries")}>
            {(data) => (
              <ul>
                {data.items.map((l) => (
                  <li key={l.id}>{formatDateTime(l.created_at, locale)} · {l.actor_name} · {l.credits_before} → {l.credits_after} · {l.reason}</li>
                ))}
              </ul>
            )}
          </QueryView>
        </ApiForm>
      )}
    </li>
  );
}

const statuses = ["pending", "paid", "failed", "refund_pending", "refunded"] as const;

/** All orders with filters and pagination, refunds from the list, the filtered list as CSV. */
export function OrdersAdmin() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [q, setQ] = useState<OrdersQuery>({ page: 1, per_page: 20 });
  const [status, setStatus] = useState("");
  const orders = useOrders(q);
  const refund = useRefundOrder();
  const { result, busy, run } = useAction();
  const filters = (f: FormData) => {
    const n = (k: string) => (str(f, k) ? Number(str(f, k)) : undefined);
    setQ({ page: 1, per_page: 20, status: (status || undefined) as OrdersQuery["status"], from: str(f, "from") || undefined,
      to: str(f, "to") || undefined, plan_id: n("plan_id"), user_id: n("user_id") });
  };
  const filter = { status: q.status, from: q.from, to: q.to, plan_id: q.plan_id, user_id: q.user_id };
  return (
    <AdminSection title={t("staff.orders")} result={result}>
      <form className="admin-form" aria-label={t("staff.filters")} onSubmit={(ev) => { ev.preventDefault(); filters(new FormData(ev.currentTarget)); }}>
        <SelectField label={t("staff.status")} value={status} onChange={setStatus}
          options={[{ value: "", label: t("staff.allStatuses") }, ...statuses.map((s) => ({ value: s, label: s }))]} />
        <Field label={t("staff.from")} name="from" type="date" />
        <Field label={t("staff.to")} name="to" type="date" />
        <Field label={t("staff.planId")} name="plan_id" type="number" min={1} />
        <Field label={t("staff.memberId")} name="user_id" type="number" min={1} />
        <button type="submit">{t("staff.apply")}</button>
        <button type="button" className="secondary" onClick={() => run(() => downloadCsv(api, "/api/orders.csv", { ...filter }, "orders.csv"))}>
          {t("staff.downloadCsv")}
        </button>
      </form>
      <QueryView query={orders}>
        {(data) => (
          <>
            <DataTable columns={["#", t("staff.created"), t("staff.member"), t("staff.plan"), t("staff.amount"), t("staff.status")]} action={t("staff.refund")}>
              {data.items.map((o) => (
                <tr key={o.id}>
                  <td>{o.id}</td><td>{formatDateTime(o.created_at, locale)}</td><td>{o.user_name} {o.user_email}</td><td>{o.plan_name}</td>
                  <td>{formatMoney(o.amount_rappen, locale)}</td><td>{o.status}</td>
                  <td>
                    {o.status === "paid" && (
                      <ConfirmButton question={t("staff.confirmRefund", { id: o.id ?? 0, amount: formatMoney(o.amount_rappen, locale) })}
                        disabled={busy} onConfirm={() => run(() => refund.mutateAsync(o.id!), t("staff.refundStarted"))}>
                        {t("staff.refund")}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
            <Pagination page={q.page} perPage={q.per_page} total={data.total ?? 0} onChange={(page) => setQ({ ...q, page })} />
          </>
        )}
      </QueryView>
    </AdminSection>
  );
}
