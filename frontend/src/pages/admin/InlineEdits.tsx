import { useState } from "react";
import { Field } from "../../components/Field";
import { ApiForm, SubmitButton } from "../../components/Form";
import { useUpdatePlan } from "../../features/membership/api";
import { useUpdateClassType } from "../../features/schedule/api";
import { useI18n } from "../../i18n";
import type { ClassType, Plan } from "../../api";
import { num, str } from "../../lib/formData";

// Editing in place: the row's button opens a form with the current values; the API validates
// (its 422 field errors show on the fields), so the rules live in one place.

/** Edits a class type's name, length and credit cost, confirming because its sessions change. */
export function ClassTypeEdit({ classType: c }: { classType: ClassType }) {
  const { t } = useI18n();
  const update = useUpdateClassType();
  const [open, setOpen] = useState(false);
  const submit = async (f: FormData) => {
    if (!window.confirm(t("staff.confirmClassTypeEdit", { name: c.name ?? "" }))) return;
    await update.mutateAsync({ id: c.id!, name: str(f, "name"), duration_minutes: num(f, "duration_minutes"), credit_cost: num(f, "credit_cost") });
    setOpen(false);
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => setOpen(!open)}>{t("admin.edit")} <span className="visually-hidden">{c.name}</span></button>
      {open && (
        <ApiForm onSubmit={submit} className="admin-form">
          <Field label={t("admin.name")} name="name" defaultValue={c.name} required />
          <Field label={t("admin.duration")} name="duration_minutes" type="number" min={5} max={600} defaultValue={c.duration_minutes} required />
          <Field label={t("admin.creditCost")} name="credit_cost" type="number" min={0} max={100} defaultValue={c.credit_cost} required />
          <SubmitButton>{t("admin.save")}</SubmitButton>
        </ApiForm>
      )}
    </>
  );
}

/** Edits a plan's name and price; entitlements already held keep their terms. */
export function PlanEdit({ plan: p }: { plan: Plan }) {
  const { t } = useI18n();
  const update = useUpdatePlan();
  const [open, setOpen] = useState(false);
  const submit = async (f: FormData) => {
    await update.mutateAsync({ id: p.id!, name: str(f, "name"), price_rappen: Math.round(Number(f.get("price")) * 100) });
    setOpen(false);
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => setOpen(!open)}>{t("admin.edit")} <span className="visually-hidden">{p.name}</span></button>
      {open && (
        <ApiForm onSubmit={submit} className="admin-form">
          <small className="muted">{t("staff.editPlanHint")}</small>
          <Field label={t("admin.name")} name="name" defaultValue={p.name} required />
          <Field label={t("admin.price")} name="price" errorKey="price_rappen" type="number" min={0} step="0.05" defaultValue={(p.price_rappen ?? 0) / 100} required />
          <SubmitButton>{t("admin.save")}</SubmitButton>
        </ApiForm>
      )}
    </>
  );
}
