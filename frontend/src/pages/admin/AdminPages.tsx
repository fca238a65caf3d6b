import { useState, type FormEvent, type ReactNode } from "react";
import { NavLink, Outlet } from "react-router";
import { useApi } from "../../auth/AuthContext";
import { Field, SelectField } from "../../components/Field";
import { PageTitle } from "../../components/PageTitle";
import { ErrorMessage, Loading, Notice, errorText } from "../../components/Status";
import { useClassTypes, usePlans, useTrainers, useUsers, useWeekSessions } from "../../hooks/data";
import { useI18n } from "../../i18n";
import { formatDateTime, formatMoney, startOfWeek } from "../../lib/dates";
import { sessionName } from "../../lib/session";
import type { PlanKind, Role } from "../../api";

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
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

/** Runs a form action and reports success or the API's error (with field errors). */
function useAction() {
  const [result, setResult] = useState<{ kind: "success" | "error"; text: string; fields?: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    setResult(null);
    try {
      await fn();
      setResult({ kind: "success", text: ok });
      return true;
    } catch (e) {
      const fields = (e as { fields?: Record<string, string> }).fields;
      setResult({ kind: "error", text: errorText(e), fields });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, run, fields: result?.fields ?? {} };
}

function AdminSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      {children}
    </>
  );
}

const str = (f: FormData, k: string) => String(f.get(k) ?? "").trim();
const num = (f: FormData, k: string) => Number(f.get(k) ?? 0);

export function ClassTypesAdmin() {
  const { t } = useI18n();
  const api = useApi();
  const types = useClassTypes();
  const { result, busy, run, fields } = useAction();

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ok = await run(
      () =>
        api.createClassType({
          name: str(f, "name"),
          description: str(f, "description"),
          level: str(f, "level"),
          duration_minutes: num(f, "duration_minutes"),
          credit_cost: num(f, "credit_cost"),
        }),
      t("admin.saved"),
    );
    if (ok) {
      form.reset();
      types.reload();
    }
  };

  return (
    <AdminSection title={t("admin.classTypes")}>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {types.error ? <ErrorMessage error={types.error} onRetry={types.reload} /> : !types.data ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t("admin.name")}</th><th scope="col">{t("admin.level")}</th><th scope="col">{t("admin.duration")}</th><th scope="col">{t("admin.creditCost")}</th><th scope="col"><span className="visually-hidden">{t("trainer.action")}</span></th></tr></thead>
            <tbody>
              {types.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td><td>{c.level}</td><td>{c.duration_minutes}</td><td>{c.credit_cost}</td>
                  <td>
                    <button type="button" className="secondary" disabled={busy}
                      onClick={async () => {
                        if (!window.confirm(t("admin.confirmDelete", { name: c.name }))) return;
                        if (await run(() => api.deleteClassType(c.id), t("admin.saved"))) types.reload();
                      }}>
                      {t("admin.delete")} <span className="visually-hidden">{c.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={create} className="admin-form">
        <h2>{t("admin.create")}</h2>
        <Field label={t("admin.name")} name="name" required error={fields.name} />
        <Field label={t("admin.description")} name="description" error={fields.description} />
        <Field label={t("admin.level")} name="level" defaultValue="all" error={fields.level} />
        <Field label={t("admin.duration")} name="duration_minutes" type="number" min={5} defaultValue={60} required error={fields.duration_minutes} />
        <Field label={t("admin.creditCost")} name="credit_cost" type="number" min={0} defaultValue={1} required error={fields.credit_cost} />
        <button type="submit" disabled={busy}>{t("admin.create")}</button>
      </form>
    </AdminSection>
  );
}

export function SessionsAdmin() {
  const { t, locale } = useI18n();
  const api = useApi();
  const types = useClassTypes();
  const trainers = useTrainers();
  const sessions = useWeekSessions({ weekStart: startOfWeek(new Date()) });
  const { result, busy, run, fields } = useAction();
  const [typeId, setTypeId] = useState("");
  const [trainerId, setTrainerId] = useState("");

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ct = types.data?.find((c) => String(c.id) === (typeId || String(types.data?.[0]?.id)));
    const starts = new Date(str(f, "starts_at"));
    const ends = new Date(starts.getTime() + (ct?.duration_minutes ?? 60) * 60_000);
    const ok = await run(
      () =>
        api.createSession({
          class_type_id: Number(typeId || types.data?.[0]?.id),
          trainer_id: Number(trainerId || trainers.data?.[0]?.id),
          room: str(f, "room"),
          starts_at: starts.toISOString(),
          ends_at: ends.toISOString(),
          capacity: num(f, "capacity"),
          cancellation_cutoff_minutes: num(f, "cancellation_cutoff_minutes"),
        }),
      t("admin.saved"),
    );
    if (ok) sessions.reload();
  };

  return (
    <AdminSection title={t("admin.sessions")}>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {sessions.error ? <ErrorMessage error={sessions.error} /> : !sessions.data ? <Loading /> : (
        <ul className="booking-list">
          {sessions.data.map((s) => (
            <li key={s.id} className="booking-row">
              <span>{sessionName(s)} · {formatDateTime(s.starts_at, locale)} · {s.trainer_name} · {s.booked_count}/{s.capacity} {s.status === "cancelled" ? `· ${t("schedule.cancelled")}` : ""}</span>
              {s.status !== "cancelled" && (
                <button type="button" className="secondary" disabled={busy}
                  onClick={async () => {
                    if (!window.confirm(t("admin.confirmCancelSession", { name: `${sessionName(s)} ${formatDateTime(s.starts_at, locale)}` }))) return;
                    if (await run(() => api.cancelSession(s.id), t("admin.saved"))) sessions.reload();
                  }}>
                  {t("admin.cancelSession")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} className="admin-form">
        <h2>{t("admin.create")}</h2>
        <SelectField label={t("admin.classType")} value={typeId} onChange={setTypeId}
          options={(types.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))} />
        <SelectField label={t("admin.trainer")} value={trainerId} onChange={setTrainerId}
          options={(trainers.data ?? []).map((tr) => ({ value: String(tr.id), label: tr.name }))} />
        <Field label={t("admin.room")} name="room" required error={fields.room} />
        <Field label={t("admin.startsAt")} name="starts_at" type="datetime-local" required error={fields.starts_at} />
        <Field label={t("admin.capacity")} name="capacity" type="number" min={1} defaultValue={12} required error={fields.capacity} />
        <Field label={t("admin.cutoff")} name="cancellation_cutoff_minutes" type="number" min={0} defaultValue={120} error={fields.cancellation_cutoff_minutes} />
        <button type="submit" disabled={busy}>{t("admin.create")}</button>
      </form>
    </AdminSection>
  );
}

export function PlansAdmin() {
  const { t, locale } = useI18n();
  const api = useApi();
  const plans = usePlans();
  const { result, busy, run, fields } = useAction();
  const [kind, setKind] = useState<PlanKind>("membership");

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ok = await run(
      () =>
        api.createPlan({
          name: str(f, "name"),
          kind,
          months: kind === "membership" ? num(f, "months") : null,
          credits: kind === "credit_pack" ? num(f, "credits") : null,
          validity_days: kind === "credit_pack" ? num(f, "validity_days") : null,
          price_rappen: Math.round(Number(f.get("price")) * 100),
          currency: "CHF",
          active: true,
        }),
      t("admin.saved"),
    );
    if (ok) {
      form.reset();
      plans.reload();
    }
  };

  return (
    <AdminSection title={t("admin.plans")}>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {plans.error ? <ErrorMessage error={plans.error} /> : !plans.data ? <Loading /> : (
        <ul className="booking-list">
          {plans.data.map((p) => (
            <li key={p.id} className="booking-row">
              <span>{p.name} · {t(`admin.kind.${p.kind}`)} · {formatMoney(p.price_rappen, locale, p.currency || "CHF")}</span>
              <label className="inline">
                <input type="checkbox" checked={p.active} disabled={busy}
                  onChange={async (e) => { if (await run(() => api.updatePlan(p.id, { active: e.target.checked }), t("admin.saved"))) plans.reload(); }} />
                {t("admin.active")} <span className="visually-hidden">{p.name}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} className="admin-form">
        <h2>{t("admin.create")}</h2>
        <Field label={t("admin.name")} name="name" required error={fields.name} />
        <SelectField label={t("admin.kind")} value={kind} onChange={(v) => setKind(v as PlanKind)}
          options={[{ value: "membership", label: t("admin.kind.membership") }, { value: "credit_pack", label: t("admin.kind.credit_pack") }]} />
        {kind === "membership" ? (
          <Field label={t("admin.months")} name="months" type="number" min={1} defaultValue={1} required error={fields.months} />
        ) : (
          <>
            <Field label={t("admin.credits")} name="credits" type="number" min={1} defaultValue={10} required error={fields.credits} />
            <Field label={t("admin.validityDays")} name="validity_days" type="number" min={1} defaultValue={180} required error={fields.validity_days} />
          </>
        )}
        <Field label={t("admin.price")} name="price" type="number" min={0} step="0.05" required error={fields.price_rappen} />
        <button type="submit" disabled={busy}>{t("admin.create")}</button>
      </form>
    </AdminSection>
  );
}

export function UsersAdmin() {
  const { t } = useI18n();
  const api = useApi();
  const users = useUsers();
  const plans = usePlans();
  const { result, busy, run } = useAction();
  const [grant, setGrant] = useState<Record<number, string>>({});
  const roles: Role[] = ["member", "trainer", "admin"];

  return (
    <AdminSection title={t("admin.users")}>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {users.error ? <ErrorMessage error={users.error} /> : !users.data ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t("admin.name")}</th><th scope="col">{t("admin.email")}</th><th scope="col">{t("admin.role")}</th><th scope="col">{t("admin.grant")}</th></tr></thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <select aria-label={`${t("admin.role")}: ${u.name}`} value={u.role} disabled={busy}
                      onChange={async (e) => { if (await run(() => api.updateUser(u.id, { role: e.target.value as Role }), t("admin.saved"))) users.reload(); }}>
                      {roles.map((r) => <option key={r} value={r}>{t(`admin.role.${r}`)}</option>)}
                    </select>
                  </td>
                  <td className="row-actions">
                    <select aria-label={`${t("admin.grant")}: ${u.name}`} value={grant[u.id] ?? ""} onChange={(e) => setGrant({ ...grant, [u.id]: e.target.value })}>
                      <option value="">—</option>
                      {(plans.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                    </select>
                    <button type="button" className="secondary" disabled={busy || !grant[u.id]}
                      onClick={() => run(() => api.grantEntitlement(u.id, Number(grant[u.id])), t("admin.granted"))}>
                      {t("admin.grant")} <span className="visually-hidden">{u.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminSection>
  );
}
