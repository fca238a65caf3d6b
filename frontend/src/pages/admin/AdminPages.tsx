import { useState, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { Field, SelectField } from "../../components/Field";
import { ApiForm, SubmitButton } from "../../components/Form";
import { PageTitle } from "../../components/PageTitle";
import { QueryView } from "../../components/QueryView";
import { Pagination } from "../../components/Pagination";
import { Notice, errorText } from "../../components/Status";
import { useGrantEntitlement, useUpdateUser, useUsers } from "../../features/admin/api";
import { useCreatePlan, usePlans, useUpdatePlan } from "../../features/membership/api";
import {
  useCancelSession,
  useClassTypes,
  useCreateClassType,
  useCreateSession,
  useDeleteClassType,
  useUpdateSession,
  useWeekSessions,
} from "../../features/schedule/api";
import { useI18n } from "../../i18n";
import { formatDateTime, formatMoney, startOfWeek } from "../../lib/dates";
import { sessionName } from "../../lib/session";
import type { ClassType, PlanKind, Role } from "../../api";
import { num, str } from "../../lib/formData";
import { ClassTypeEdit, PlanEdit } from "./InlineEdits";
import { DataTable } from "../../components/DataTable";
import { useClassAndTrainer } from "./ClassAndTrainer";

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
export function AdminList<T>({ title, result, query, create, children }: {
  title: string;
  result: ActionResult | null;
  query: UseQueryResult<T>;
  /** The create form under the list. */
  create?: ReactNode;
  children(data: T): ReactNode;
}) {
  return (
    <AdminSection title={title} result={result}>
      <QueryView query={query}>{children}</QueryView>
      {create}
    </AdminSection>
  );
}

/** The "create" form under each admin list: a heading, the fields, one button. */
function CreateForm({ onSubmit, resetOnSuccess, children }: { onSubmit(f: FormData): Promise<unknown>; resetOnSuccess?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const submit = async (f: FormData) => {
    await onSubmit(f);
    return t("admin.saved");
  };
  return (
    <ApiForm onSubmit={submit} resetOnSuccess={resetOnSuccess} className="admin-form">
      <h2>{t("admin.create")}</h2>
      {children}
      <SubmitButton>{t("admin.create")}</SubmitButton>
    </ApiForm>
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

function NewClassTypeForm() {
  const { t } = useI18n();
  const create = useCreateClassType();
  const submit = (f: FormData) =>
    create.mutateAsync({
      name: str(f, "name"),
      description: str(f, "description"),
      level: str(f, "level") as ClassType["level"],
      duration_minutes: num(f, "duration_minutes"),
      credit_cost: num(f, "credit_cost"),
    });
  return (
    <CreateForm onSubmit={submit} resetOnSuccess>
      <Field label={t("admin.name")} name="name" required />
      <Field label={t("admin.description")} name="description" />
      <Field label={t("admin.level")} name="level" defaultValue="all" />
      <Field label={t("admin.duration")} name="duration_minutes" type="number" min={5} defaultValue={60} required />
      <Field label={t("admin.creditCost")} name="credit_cost" type="number" min={0} defaultValue={1} required />
    </CreateForm>
  );
}

export function SessionsAdmin() {
  const { t, locale } = useI18n();
  const sessions = useWeekSessions({ weekStart: startOfWeek(new Date()) });
  const cancel = useCancelSession();
  const update = useUpdateSession();
  const { result, busy, run } = useAction();
  return (
    <AdminList title={t("admin.sessions")} result={result} query={sessions} create={<NewSessionForm />}>
      {(data) => (
        <ul className="booking-list">
          {data.map((s) => (
            <li key={s.id} className="booking-row">
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
            </li>
          ))}
        </ul>
      )}
    </AdminList>
  );
}

function NewSessionForm() {
  const { t } = useI18n();
  const create = useCreateSession();
  const { classType, classTypeId, trainerId, selects } = useClassAndTrainer();
  const submit = (f: FormData) => {
    const starts = new Date(str(f, "starts_at"));
    const ends = new Date(starts.getTime() + (classType?.duration_minutes ?? 60) * 60_000);
    return create.mutateAsync({
      class_type_id: classTypeId,
      trainer_id: trainerId,
      room: str(f, "room"),
      starts_at: starts.toISOString(),
      ends_at: ends.toISOString(),
      capacity: num(f, "capacity"),
      cancellation_cutoff_minutes: num(f, "cancellation_cutoff_minutes"),
    });
  };
  return (
    <CreateForm onSubmit={submit}>
      {selects}
      <Field label={t("admin.room")} name="room" required />
      <Field label={t("admin.startsAt")} name="starts_at" type="datetime-local" required />
      <Field label={t("admin.capacity")} name="capacity" type="number" min={1} defaultValue={12} required />
      <Field label={t("admin.cutoff")} name="cancellation_cutoff_minutes" type="number" min={0} defaultValue={120} />
    </CreateForm>
  );
}

export function PlansAdmin() {
  const { t, locale } = useI18n();
  const plans = usePlans();
  const update = useUpdatePlan();
  const { result, busy, run } = useAction();
  return (
    <AdminList title={t("admin.plans")} result={result} query={plans} create={<NewPlanForm />}>
      {(data) => (
        <ul className="booking-list">
          {data.map((p) => (
            <li key={p.id} className="booking-row">
              <span>{p.name} · {p.kind && t(`admin.kind.${p.kind}`)} · {formatMoney(p.price_rappen, locale, p.currency || "CHF")}</span>
              <label className="inline">
                <input type="checkbox" checked={p.active ?? false} disabled={busy}
                  onChange={(e) => run(() => update.mutateAsync({ id: p.id!, active: e.target.checked }))} />
                {t("admin.active")} <span className="visually-hidden">{p.name}</span>
              </label>
              <PlanEdit plan={p} />
            </li>
          ))}
        </ul>
      )}
    </AdminList>
  );
}

function NewPlanForm() {
  const { t } = useI18n();
  const create = useCreatePlan();
  const [kind, setKind] = useState<PlanKind>("membership");
  const submit = (f: FormData) =>
    create.mutateAsync({
      name: str(f, "name"),
      kind,
      ...(kind === "membership" ? { months: num(f, "months") } : { credits: num(f, "credits"), validity_days: num(f, "validity_days") }),
      price_rappen: Math.round(Number(f.get("price")) * 100),
      currency: "CHF",
      active: true,
    });
  return (
    <CreateForm onSubmit={submit} resetOnSuccess>
      <Field label={t("admin.name")} name="name" required />
      <SelectField label={t("admin.kind")} value={kind} onChange={(v) => setKind(v as PlanKind)}
        options={[{ value: "membership", label: t("admin.kind.membership") }, { value: "credit_pack", label: t("admin.kind.credit_pack") }]} />
      {kind === "membership" ? (
        <Field label={t("admin.months")} name="months" type="number" min={1} defaultValue={1} required />
      ) : (
        <>
          <Field label={t("admin.credits")} name="credits" type="number" min={1} defaultValue={10} required />
          <Field label={t("admin.validityDays")} name="validity_days" type="number" min={1} defaultValue={180} required />
        </>
      )}
      <Field label={t("admin.price")} name="price" errorKey="price_rappen" type="number" min={0} step="0.05" required />
    </CreateForm>
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
