import { useState, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { QueryView } from "../../components/QueryView";
import { Pagination } from "../../components/Pagination";
import { Notice, errorText } from "../../components/Status";
import { useGrantEntitlement, useUpdateUser, useUsers } from "../../features/admin/api";
import { usePlans, useUpdatePlan } from "../../features/membership/api";
import {
  useCancelSession,
  useClassTypes,
  useDeleteClassType,
  useUpdateSession,
  useWeekSessions,
} from "../../features/schedule/api";
import { useI18n } from "../../i18n";
import { formatDateTime, formatMoney, startOfWeek } from "../../lib/dates";
import { sessionName } from "../../lib/session";
import type { Role } from "../../api";
import { ClassTypeEdit, PlanEdit } from "./InlineEdits";
import { DataTable } from "../../components/DataTable";
import { NewClassTypeForm, NewPlanForm, NewSessionForm } from "./CreateForms";

export function AdminLayout() {
  const { t } = useI18n();
  return (
    <>
      <nav aria-label={t("admin.title")} className="subnav">
        <ul>
          <li><NavLink to="/admin/class-types">{t("admin.classTypes")}</NavLink></li>
          <li><NavLink to="/admin/sessions">{t("admin.sessions")}</NavLink></li>
          <li><NavLink to="/admin/plans">{t("admin.plans")}</NavLink></li>
          <li><NavLink to="/admin/users">{t("admin.users")}</NavLink></li>
          <li><NavLink to="/admin/series">{t("staff.series")}</NavLink></li>
          <li><NavLink to="/admin/members">{t("staff.members")}</NavLink></li>
          <li><NavLink to="/admin/orders">{t("staff.orders")}</NavLink></li>
          <li><NavLink to="/admin/reports">{t("staff.reports")}</NavLink></li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

/**
 * Runs a row action (delete, cancel, a role change) and reports success or the API's error; the
 * mutation itself marks the lists it changes stale.
 */
interface ActionResult {
  kind: "success" | "error";
  text: string;
}

export function useAction() {
  const { t } = useI18n();
  const [result, setResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  /** Runs fn; `ok` is the success notice (default: "saved"). */
  const run = async (fn: () => Promise<unknown>, ok = t("admin.saved")) => {
    setBusy(true);
    setResult(null);
    try {
      await fn();
      setResult({ kind: "success", text: ok });
    } catch (e) {
      setResult({ kind: "error", text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, run };
}

/** A row action that asks first (a delete, a refund): onConfirm runs only once the admin agrees. */
export function ConfirmButton({ question, disabled, onConfirm, children }: {
  question: string;
  disabled: boolean;
  onConfirm(): Promise<void>;
  children: ReactNode;
}) {
  return (
    <button type="button" className="secondary" disabled={disabled}
      onClick={async () => {
        if (!window.confirm(question)) return;
        await onConfirm();
      }}>
      {children}
    </button>
  );
}

/** An admin page: its title, the outcome of the last row action, then the page. */
export function AdminSection({ title, result, children }: { title: string; result: ActionResult | null; children: ReactNode }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {children}
    </>
  );
}

/** An admin list page: an AdminSection showing what `children` makes of the query's data, then `create`. */
type AdminListProps<T> = {
  title: string;
  result: ActionResult | null;
  query: UseQueryResult<T>;
  /** The create form under the list. */
  create?: ReactNode;
};

export function AdminList<T>({ title, result, query, create, children }: AdminListProps<T> & {
  children(data: T): ReactNode;
}) {
  return (
    <AdminSection title={title} result={result}>
      <QueryView query={query}>{children}</QueryView>
      {create}
    </AdminSection>
  );
}

/** An AdminList shown as one row per item. */
function AdminRows<T extends { id?: number }>({ row, ...list }: AdminListProps<T[]> & { row(item: T): ReactNode }) {
  return (
    <AdminList {...list}>
      {(data) => (
        <ul className="booking-list">
          {data.map((item) => <li key={item.id} className="booking-row">{row(item)}</li>)}
        </ul>
      )}
    </AdminList>
  );
}

export function ClassTypesAdmin() {
  const { t } = useI18n();
  const types = useClassTypes();
  const remove = useDeleteClassType();
  const { result, busy, run } = useAction();
  return (
    <AdminList title={t("admin.classTypes")} result={result} query={types} create={<NewClassTypeForm />}>
      {(data) => (
        <DataTable columns={[t("admin.name"), t("admin.level"), t("admin.duration"), t("admin.creditCost")]} action={t("trainer.action")}>
          {data.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td><td>{c.level}</td><td>{c.duration_minutes}</td><td>{c.credit_cost}</td>
              <td>
                <ClassTypeEdit classType={c} />
                <ConfirmButton question={t("admin.confirmDelete", { name: c.name })} disabled={busy}
                  onConfirm={() => run(() => remove.mutateAsync(c.id!))}>
                  {t("admin.delete")} <span className="visually-hidden">{c.name}</span>
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </AdminList>
  );
}

export function SessionsAdmin() {
  const { t, locale } = useI18n();
  const sessions = useWeekSessions({ weekStart: startOfWeek(new Date()) });
  const cancel = useCancelSession();
  const update = useUpdateSession();
  const { result, busy, run } = useAction();
  return (
    <AdminRows title={t("admin.sessions")} result={result} query={sessions} create={<NewSessionForm />} row={(s) => (
      <>
        <span>{sessionName(s)} · {formatDateTime(s.starts_at, locale)} · {s.trainer_name} · {s.booked_count}/{s.capacity} {s.status === "cancelled" ? `· ${t("schedule.cancelled")}` : ""}</span>
        {s.status !== "cancelled" && (
          <button type="button" className="secondary" disabled={busy} onClick={async () => {
            const current = new Date(s.starts_at!);
            const local = new Date(current.getTime() - current.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
            const next = window.prompt(t("staff.editTime"), local);
            if (!next || next === local) return;
            const booked = (s.booked_count ?? 0) + (s.waitlist_count ?? 0);
            if (booked > 0 && !window.confirm(t("staff.confirmMove", { count: booked }))) return;
            await run(() => update.mutateAsync({ id: s.id!, starts_at: new Date(next).toISOString() }), t("staff.moved"));
          }}>
            {t("staff.editTime")} <span className="visually-hidden">{sessionName(s)}</span>
          </button>
        )}
        {s.status !== "cancelled" && (
          <ConfirmButton question={t("admin.confirmCancelSession", { name: `${sessionName(s)} ${formatDateTime(s.starts_at, locale)}` })}
            disabled={busy} onConfirm={() => run(() => cancel.mutateAsync(s.id!))}>
            {t("admin.cancelSession")}
          </ConfirmButton>
        )}
      </>
    )} />
  );
}

export function PlansAdmin() {
  const { t, locale } = useI18n();
  const plans = usePlans();
  const update = useUpdatePlan();
  const { result, busy, run } = useAction();
  return (
    <AdminRows title={t("admin.plans")} result={result} query={plans} create={<NewPlanForm />} row={(p) => (
      <>
        <span>{p.name} · {p.kind && t(`admin.kind.${p.kind}`)} · {formatMoney(p.price_rappen, locale, p.currency || "CHF")}</span>
        <label className="inline">
          <input type="checkbox" checked={p.active ?? false} disabled={busy}
            onChange={(e) => run(() => update.mutateAsync({ id: p.id!, active: e.target.checked }))} />
          {t("admin.active")} <span className="visually-hidden">{p.name}</span>
        </label>
        <PlanEdit plan={p} />
      </>
    )} />
  );
}

const USERS_PER_PAGE = 25;

export function UsersAdmin() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const users = useUsers({ page, per_page: USERS_PER_PAGE });
  const plans = usePlans();
  const update = useUpdateUser();
  const grantPlan = useGrantEntitlement();
  const { result, busy, run } = useAction();
  const [grant, setGrant] = useState<Record<number, string>>({});
  const roles: Role[] = ["member", "trainer", "admin"];

  return (
    <AdminList title={t("admin.users")} result={result} query={users}>
      {(data) => (
        <>
          <DataTable columns={[t("admin.name"), t("admin.email"), t("admin.role"), t("admin.grant")]}>
            {data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <select aria-label={`${t("admin.role")}: ${u.name}`} value={u.role} disabled={busy}
                    onChange={(e) => run(() => update.mutateAsync({ id: u.id, role: e.target.value as Role }))}>
                    {roles.map((r) => <option key={r} value={r}>{t(`admin.role.${r}`)}</option>)}
                  </select>
                </td>
                <td className="row-actions">
                  <select aria-label={`${t("admin.grant")}: ${u.name}`} value={grant[u.id] ?? ""} onChange={(e) => setGrant({ ...grant, [u.id]: e.target.value })}>
                    <option value="">—</option>
                    {(plans.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </select>
                  <button type="button" className="secondary" disabled={busy || !grant[u.id]}
                    onClick={() => run(() => grantPlan.mutateAsync({ userId: u.id, planId: Number(grant[u.id]) }), t("admin.granted"))}>
                    {t("admin.grant")} <span className="visually-hidden">{u.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
          <Pagination page={data.page} perPage={data.per_page} total={data.total} onChange={setPage} />
        </>
      )}
    </AdminList>
  );
}
